---- MODULE InitChoose ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = CHOOSE v \in {1, 2} : v > 5
Next == x < 3 /\ x' = x + 1
Inv == TRUE
====
