---- MODULE LtlBranchesTwo ----
\* Two properties under SF and WF: <>[]P \/ []<>Q (no tableau) and P ~> Q (a tableau): two branches (TLC's count); violated.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Up == x < 3 /\ x' = x + 1
Down == x > 0 /\ x' = x - 1
Spec == Init /\ [][Up \/ Down]_x /\ SF_x(Up) /\ WF_x(Down)
Settles == <>[](x = 1) \/ []<>(x = 2)
Returns == (x = 3) ~> (x = 7)
====
