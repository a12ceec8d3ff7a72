---- MODULE ImpliedInvariantConstant ----
\* A PROPERTY []P, P constant and false: TLC stops at the first initial state.
EXTENDS Naturals
CONSTANT N
VARIABLES a, b
Init == a \in 0..1 /\ b = 0
Next == a' = (a + 1) % 4 /\ b' = b
Spec == Init /\ [][Next]_<<a, b>>
Prop == [](2 < N)
====
