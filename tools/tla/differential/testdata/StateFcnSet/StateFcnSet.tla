---- MODULE StateFcnSet ----
EXTENDS Integers, TLC
VARIABLES x, y
Init == x = 0 /\ y = {}
Next == x < 1 /\ x' = x + 1 /\ y' = [f |-> [{"a", "b"} -> {3, 4}], g |-> [1..11 -> {3, 4}], h |-> [a : {1, 2}, b : {"u"}], i |-> {1, 2} \X {"u"}, j |-> [{} -> {1}]]
Inv == x < 1
====
