---- MODULE OrderParts ----
\* Instanced by Instances.tla in three ways; its theorems and LOCAL definitions count too.
EXTENDS Naturals, OrderLemmas
CONSTANT Limit
VARIABLES part, other
LOCAL Hidden == 1
Step == part' = part + Hidden /\ other' = other
Bounded == part <= Limit
a (+) b == a + b
RECURSIVE Down(_)
Down(n) == IF n = 0 THEN 0 ELSE Down(n - 1)
Lem == INSTANCE OrderLemmas
THEOREM PartsTheorem == Bounded => TRUE
ASSUME PartsAssumption == Limit \in Nat
====
