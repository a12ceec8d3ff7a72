---- MODULE RecordLongFieldInv ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == x < 3 /\ x' = x + 1
Inv == x < 2 \/ [a |-> "abcdefghijkl", b |-> "abcdefghijkl", c |-> "abcdefghijkl", d |-> "abcdefghijkl", e |-> x].z = 0
====
