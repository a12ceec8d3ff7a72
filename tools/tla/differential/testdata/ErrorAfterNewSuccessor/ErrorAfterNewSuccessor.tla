---- MODULE ErrorAfterNewSuccessor ----
EXTENDS Naturals
VARIABLES a, b
Init == a \in 0..1 /\ b = 0
Up == a' = a + 2 /\ b' = b
Bad == a' = (CHOOSE v \in 0..1 : v > 3) /\ b' = 1
Next == Up \/ Bad
====
