---- MODULE ModuleNotFound ----
EXTENDS Naturals, Missing
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
====
