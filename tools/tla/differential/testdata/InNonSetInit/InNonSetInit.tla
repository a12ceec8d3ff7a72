---- MODULE InNonSetInit ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0 /\ 1 \in x + 3
Next == x < 2 /\ x' = x + 1
====
