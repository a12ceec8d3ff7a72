---- MODULE LtlBranchesOne ----
\* Under SF and WF, <>P \/ []Q: the two disjuncts of the SF share the tableau, one branch (TLC's count); holds.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Up == x < 3 /\ x' = x + 1
Down == x > 0 /\ x' = x - 1
Spec == Init /\ [][Up \/ Down]_x /\ SF_x(Up) /\ WF_x(Down)
Prop == <>(x = 3) \/ [](x < 3)
====
