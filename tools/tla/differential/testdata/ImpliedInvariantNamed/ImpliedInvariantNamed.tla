---- MODULE ImpliedInvariantNamed ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x < 4 /\ x' = x + 1
Spec == Init /\ [][Next]_x
Small == x < 2
Prop == []Small /\ [](x < 3)
====
