---- MODULE TupleRecordIndexInv ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == x < 3 /\ x' = x + 1
Inv == x < 2 \/ <<5, 6>>[[a |-> x]] = 0
====
