---- MODULE LenNonSeqNext ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ Len(x + 1) = 0 /\ x' = 0
====
