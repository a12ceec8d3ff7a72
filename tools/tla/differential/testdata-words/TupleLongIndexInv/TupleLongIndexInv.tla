---- MODULE TupleLongIndexInv ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == x < 3 /\ x' = x + 1
Inv == x < 2 \/ Append([i \in 1..29 |-> "abcdefgh"], "x")[x + 29] = 0
====
