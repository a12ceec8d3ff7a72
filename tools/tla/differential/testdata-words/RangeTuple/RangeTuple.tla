---- MODULE RangeTuple ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ (1..<<1>>) = {} /\ x' = 0
====
