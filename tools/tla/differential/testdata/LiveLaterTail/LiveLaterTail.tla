---- MODULE LiveLaterTail ----
EXTENDS Naturals, Sequences
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Prop == []<>(x = 2 => Len(Tail(SubSeq(<<x>>, 2, 1))) = 0)
====
