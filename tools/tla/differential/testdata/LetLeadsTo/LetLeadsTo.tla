---- MODULE LetLeadsTo ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == LET P == x = 1
            Q == x = 5
        IN P ~> Q
====
