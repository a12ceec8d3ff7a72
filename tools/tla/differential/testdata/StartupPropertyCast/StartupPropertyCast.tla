---- MODULE StartupPropertyCast ----
\* A failing Java cast of TLC's Integers override, met before any state: printed alone.
EXTENDS Naturals, Sequences, TLC
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Inv == x > 0
Prop == \A i \in {1} : <>(i + "a" = 1)
====
