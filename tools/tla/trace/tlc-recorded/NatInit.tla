---- MODULE NatInit ----
\* x \in Nat in Init: TLC cannot enumerate the right side of \in.
EXTENDS Naturals
VARIABLE x
Init == x \in Nat
Next == x' = x
====
