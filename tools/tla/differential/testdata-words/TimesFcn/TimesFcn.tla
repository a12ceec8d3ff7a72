---- MODULE TimesFcn ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ ([i \in {3, 4} |-> i] * x) = 0 /\ x' = 0
====
