---- MODULE Main ----
EXTENDS Mid, Base, Sequences
VARIABLES count, log
C == INSTANCE Counter WITH Limit <- N + 1
INSTANCE Remote
---- MODULE Local ----
Twice(F(_), a) == F(F(a))
====
L == INSTANCE Local
RECURSIVE Sum(_)
Sum(s) == IF s = <<>> THEN 0 ELSE Head(s) + Sum(Tail(s))
fact[n \in 0..5] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
Init == count = 0 /\ log = <<>>
Next == C!CanInc /\ C!Inc /\ log' = Append(log, L!Twice(Double, count))
Value == LET k == Quad(N) IN \E x \in 1..k : x = Answer
====
