---- MODULE LetNested ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == LET A == x + 1
        IN \A k \in {2, 4} :
             LET B == A * k
             IN [](B > 0) /\ []<>(B = 4 * k)
====
