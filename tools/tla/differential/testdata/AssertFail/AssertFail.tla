---- MODULE AssertFail ----
EXTENDS Integers, Sequences, FiniteSets, TLC
VARIABLE x
Init == x = 0
Next == \/ x < 2 /\ x' = x + 1
        \/ x = 2 /\ x' = IF Assert(x < 2, "x too big") THEN 0 ELSE 1
====
