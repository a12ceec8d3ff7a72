---- MODULE LetFairness ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x /\ LET Low == x < 3 IN WF_x(Low /\ Next)
Prop == <>(x = 3)
====
