---- MODULE LetEventually ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == LET Goal == x = 10 IN <>Goal
====
