---- MODULE ErrorAfterSuccessor ----
EXTENDS Naturals
VARIABLES a, b, c
Init == a \in 0..1 /\ b = 0 /\ c = 0
Good == a' = (a + 1) % 3 /\ b' = b /\ c' = c
Bad == a = 2 /\ a' = (CHOOSE v \in 0..1 : v > 3) /\ b' = b /\ c' = 1
Next == Good \/ Bad
====
