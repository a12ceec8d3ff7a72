---- MODULE Counter ----
\* Counts 0..3 and stops: 4 distinct states, 4 generated (the initial state and one successor of
\* each state but the last), depth 4.
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n < 3 /\ n' = n + 1
====
