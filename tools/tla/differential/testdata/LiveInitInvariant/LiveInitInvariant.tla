---- MODULE LiveInitInvariant ----
EXTENDS Integers, Sequences
VARIABLE x
Init == x \in {0, 1}
Next == x' = (x + 1) % 3
Spec == Init /\ [][Next]_x
Inv == x > 0
Prop == (x = 0) ~> (Len(Tail(<<>>)) = x)
====
