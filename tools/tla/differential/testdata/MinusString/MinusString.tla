---- MODULE MinusString ----
EXTENDS Naturals
VARIABLE x
Init == x = 0 /\ ("a" - x) = 0
Next == x' = x
====
