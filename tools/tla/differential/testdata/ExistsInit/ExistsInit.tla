---- MODULE ExistsInit ----
EXTENDS Naturals
VARIABLE x
Init == x = 0 /\ \E y \in {1, 2} : y + x
Next == x' = x
====
