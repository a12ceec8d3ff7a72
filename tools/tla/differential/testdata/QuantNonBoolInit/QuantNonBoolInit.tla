---- MODULE QuantNonBoolInit ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0 /\ \A y \in {1, 2} : y + x
Next == x < 2 /\ x' = x + 1
====
