---- MODULE MinusRecord ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ (x - [a |-> 1]) = 0 /\ x' = 0
====
