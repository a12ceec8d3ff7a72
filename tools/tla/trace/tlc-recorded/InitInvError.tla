---- MODULE InitInvError ----
\* An invariant that cannot be evaluated on the second initial state: TLC has queued both.
EXTENDS Naturals
VARIABLE x
Init == x \in {1, 2}
Next == x' = x
Inv == x = 1 \/ \E n \in Nat : n = x
====
