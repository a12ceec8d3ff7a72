---- MODULE LiveLaterLeadsTo ----
EXTENDS Naturals, Sequences
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == (x = 0) ~> (x = 2 => Head(SubSeq(<<x>>, 2, 1)) = 0)
====
