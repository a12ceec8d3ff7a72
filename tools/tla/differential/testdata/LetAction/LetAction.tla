---- MODULE LetAction ----
EXTENDS Naturals
\* A LET's operator as the whole action: TLC expands it, so x' is assigned (ours read x' unassigned, E3001).
VARIABLE x
Init == x = 0
Next == LET Step == x' = (x + 1) % 4 IN Step
====
