---- MODULE AssumeFalse ----
EXTENDS Naturals
VARIABLE x
CONSTANT N
ASSUME N > 2
Init == x = 0
Next == x' = (x + 1) % 3
====
