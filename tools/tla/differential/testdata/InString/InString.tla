---- MODULE InString ----
EXTENDS Naturals
VARIABLE x
Init == x = 0 /\ 1 \in "a"
Next == x' = x
====
