---- MODULE StartupPropertyGeneral ----
\* An error of no kind of its own, met before any state: a RuntimeException.
EXTENDS Naturals, Sequences, TLC
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Inv == x > 0
Prop == (x = 0) ~> (<<1>>[2] = 1)
====
