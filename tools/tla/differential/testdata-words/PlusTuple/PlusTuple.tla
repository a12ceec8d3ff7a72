---- MODULE PlusTuple ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ (<<1, 2>> + x) = 0 /\ x' = 0
====
