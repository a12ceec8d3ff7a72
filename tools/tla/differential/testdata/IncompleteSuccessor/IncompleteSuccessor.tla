---- MODULE IncompleteSuccessor ----
EXTENDS Naturals
VARIABLES a, b, c
Init == a \in 0..1 /\ b = 0 /\ c = 0
Good == a' = (a + 1) % 3 /\ b' = b /\ c' = c
Bad == a = 2 /\ a' = 0 /\ c' = 1
Next == Good \/ Bad
====
