---- MODULE ChooseNone ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ x' = CHOOSE v \in {1, 2} : v > 5
====
