---- MODULE AssumeChooseNone ----
EXTENDS Naturals
VARIABLE x
CONSTANT N
ASSUME (CHOOSE n \in 1..N : n > 5) > 0
Init == x = 0
Next == x' = (x + 1) % 3
====
