---- MODULE LiveInitInvError ----
EXTENDS Integers, Sequences
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Spec == Init /\ [][Next]_x
Inv == Head(<<>>) = x
Prop == (Len(Tail(<<>>)) = x) ~> (1 \div x = 1)
====
