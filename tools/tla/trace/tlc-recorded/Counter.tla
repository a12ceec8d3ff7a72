---- MODULE Counter ----
\* One variable: TLC prints its states as `x = v`, without the conjunction bullet.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 5 /\ x' = x + 1
Small == x < 4
====
