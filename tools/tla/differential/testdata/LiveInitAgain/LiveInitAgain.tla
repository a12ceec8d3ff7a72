---- MODULE LiveInitAgain ----
EXTENDS Integers
VARIABLE x
Init == x \in 0..2
Next == x' = (x + 1) % 3
Spec == Init /\ [][Next]_x
Inv == x < 5
Prop == <>(x = 1 \div (x - 1))
====
