---- MODULE BadStart ----
\* An invariant violated by an initial state: TLC prints the state alone, without statistics.
EXTENDS Naturals
VARIABLE x
Init == x \in 1..3
Next == x' = x
Positive == x < 3
====
