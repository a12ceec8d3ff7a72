---- MODULE ImpliesNonBoolInv ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Inv == IF x = 2 THEN (x => TRUE) ELSE TRUE
====
