---- MODULE InstanceNoDefinition ----
EXTENDS Naturals
VARIABLE x
B == INSTANCE Base
Init == x = 0
Next == x' = (x + 1) % B!Bound
====
