---- MODULE StartupPropertyEval ----
\* TLC evaluates a constant-level predicate of a temporal property before any state: the error, not Inv on the initial state.
EXTENDS Naturals, Sequences, TLC
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Inv == x > 0
Prop == <>[](Tail(<<>>) = <<>>) \/ []<>(x # 2)
====
