---- MODULE ImpliedInvariant ----
\* A PROPERTY []P, P a state predicate: TLC checks it as an invariant on each new state and stops there.
EXTENDS Naturals
VARIABLES a
Init == a \in 0..1
Next == a' = (a + 1) % 4
Spec == Init /\ [][Next]_a
Prop == [](a < 3)
====
