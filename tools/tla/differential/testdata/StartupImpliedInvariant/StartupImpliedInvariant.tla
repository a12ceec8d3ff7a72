---- MODULE StartupImpliedInvariant ----
\* []P is an implied invariant, checked on the states, not before them: Inv on the initial state first.
EXTENDS Naturals, Sequences, TLC
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Inv == x > 0
Prop == [](Tail(<<>>) = <<>>) /\ <>(x = 1)
====
