---- MODULE SubsetNonSetInit ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0 /\ SUBSET (x + 1) = {}
Next == x < 2 /\ x' = x + 1
====
