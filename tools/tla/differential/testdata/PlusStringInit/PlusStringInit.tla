---- MODULE PlusStringInit ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0 /\ ("a" + x) = 0
Next == x < 2 /\ x' = x + 1
====
