---- MODULE LiveLaterEnabled ----
EXTENDS Integers
VARIABLE x
Next == x' = (x + 1) % 5
A == 10 \div (x - 3) > -100 /\ Next
Spec == x = 0 /\ [][Next]_x /\ WF_x(A)
Prop == []<>(x = 3)
====
