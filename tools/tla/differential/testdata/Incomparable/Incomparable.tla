---- MODULE Incomparable ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ x' = IF "a" = 1 THEN 0 ELSE 1
====
