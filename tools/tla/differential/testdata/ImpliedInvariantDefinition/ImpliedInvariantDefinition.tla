---- MODULE ImpliedInvariantDefinition ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x
Safe == [](x # 2)
Prop == /\ [](x < 3)
        /\ Safe
====
