---- MODULE LenNonSeqInit ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0 /\ Len(x + 1) = 0
Next == x < 2 /\ x' = x + 1
====
