---- MODULE LiveLaterAction ----
EXTENDS Naturals, Sequences
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Prop == []<><<x' = 3 => Len(Tail(SubSeq(<<x>>, 2, 1))) = 0>>_x
====
