---- MODULE ImpliedInvariantConjunct ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x
A == x < 10
Prop == []A /\ [](x < 2)
====
