---- MODULE DuplicateDefinition ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Step == x' = (x + 1) % 3
Step == x' = (x + 2) % 3
Next == Step
====
