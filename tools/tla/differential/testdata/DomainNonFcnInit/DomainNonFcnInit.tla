---- MODULE DomainNonFcnInit ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0 /\ DOMAIN (x + 1) = {}
Next == x < 2 /\ x' = x + 1
====
