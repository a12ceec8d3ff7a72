---- MODULE AssumeNamedFalse ----
EXTENDS Naturals
VARIABLE x
CONSTANT N
ASSUME Big == N > 2
Init == x = 0
Next == x' = (x + 1) % 3
====
