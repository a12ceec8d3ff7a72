---- MODULE MissingOperand ----
EXTENDS Naturals
Op == 1 +
Next == 2
====
