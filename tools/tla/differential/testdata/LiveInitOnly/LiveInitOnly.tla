---- MODULE LiveInitOnly ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Spec == Init /\ WF_x(Next)  /\ [][Next]_x
Inv == x < 5
Prop == [](x = 0 => [](x \div x = 1))
====
