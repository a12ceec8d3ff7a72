---- MODULE AssumeDivZero ----
EXTENDS Naturals
VARIABLE x
CONSTANT N
ASSUME N \div 0 > 2
Init == x = 0
Next == x' = (x + 1) % 3
====
