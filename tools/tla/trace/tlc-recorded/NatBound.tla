---- MODULE NatBound ----
\* A quantifier over Nat in the next-state relation: TLC's "non-enumerable quantifier bound".
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == \E n \in Nat : x' = n
====
