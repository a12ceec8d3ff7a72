---- MODULE StateSubset ----
EXTENDS Integers, TLC
VARIABLES x, y
Init == x = 0 /\ y = {}
Next == x < 1 /\ x' = x + 1 /\ y' = <<SUBSET {1, 2}, SUBSET (1..7), SUBSET {}>>
Inv == x < 1
====
