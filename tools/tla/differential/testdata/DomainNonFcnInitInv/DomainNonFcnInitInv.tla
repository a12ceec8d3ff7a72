---- MODULE DomainNonFcnInitInv ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x \in {0, 1}
Next == x < 3 /\ x' = x + 1
Inv == DOMAIN (x + 1) = {}
====
