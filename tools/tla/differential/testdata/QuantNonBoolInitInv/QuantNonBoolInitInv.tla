---- MODULE QuantNonBoolInitInv ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x \in {0, 1}
Next == x < 3 /\ x' = x + 1
Inv == \A y \in {1, 2} : y + x
====
