---- MODULE FactOut ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
fact[n \in 0..3] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ x' = fact[x + 5]
====
