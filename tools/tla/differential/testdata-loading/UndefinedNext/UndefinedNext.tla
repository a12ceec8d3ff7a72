---- MODULE UndefinedNext ----
EXTENDS Naturals
VARIABLE x
CONSTANT N
Init == x = 0
Next == x' = (x + 1) % 3
Inv == N > 2
====
