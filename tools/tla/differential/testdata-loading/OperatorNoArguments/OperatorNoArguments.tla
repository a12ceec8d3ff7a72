---- MODULE OperatorNoArguments ----
EXTENDS Naturals
VARIABLE x
G(a) == a + 1
Init == x = 0
Next == x' = G
====
