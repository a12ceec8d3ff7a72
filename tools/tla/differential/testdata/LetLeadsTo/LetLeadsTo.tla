---- MODULE LetLeadsTo ----
EXTENDS Integers
\* Recorded with TLC -fp 0: TLC's lasso depends on its fingerprint polynomial (-fp 0, 3, 4 print ours, -fp 1, 2, 5 one a step longer).
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == LET P == x = 1
            Q == x = 5
        IN P ~> Q
====
