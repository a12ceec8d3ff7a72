---- MODULE SeveralErrors ----
EXTENDS Naturals
VARIABLE x
F(a, b) == a + b
Init == x = Zero
Next == /\ x' = F(x)
        /\ Undefined' = x
Next == x' = x
====
