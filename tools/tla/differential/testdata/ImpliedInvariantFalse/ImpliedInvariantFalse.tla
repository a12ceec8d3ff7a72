---- MODULE ImpliedInvariantFalse ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x < 4 /\ x' = x + 1
Spec == Init /\ [][Next]_x
Prop == [](FALSE)
====
