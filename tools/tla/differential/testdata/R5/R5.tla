---- MODULE R5 ----
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANTS Procs, N, Greeting, Nil, Lim
VARIABLES q, r, y
vars == <<q, r, y>>
Names == {"zed", "a", "mid", Greeting}
Max2(a, b) == IF a > b THEN a ELSE b
RECURSIVE SumSet(_)
SumSet(S) == IF S = {} THEN 0 ELSE LET e == CHOOSE el \in S : TRUE IN e + SumSet(S \ {e})
fact[n \in 0..3] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
C == INSTANCE R5Sub WITH c <- y
Init ==
  /\ q = <<>>
  /\ r = [a |-> 0, b |-> 1]
  /\ C!Init
A0 == \E v0 \in 0..1 :
    /\ ((FALSE => TRUE) => (2 >= 2))
    /\ r' = [r EXCEPT !.a = (@ + (LET v1(v2) == 2 IN v1((y - N)) + v1((LET v3 == C!Double IN 2)))) % 3]
    /\ UNCHANGED <<q, y>>
A1 ==
  /\ q' = SubSeq(q, 1, Len(q) - 1)
  /\ UNCHANGED <<r, y>>
A2 ==
  /\ (\A v4 \in UNION {{r.a}, {}} : (\A v5 \in 0..2 : FALSE))
  /\ r' = [r EXCEPT !.a = (@ + SumSet(({r.a, r.b} \ {}) \cap 0..3)) % 3]
  /\ UNCHANGED <<q, y>>
Next == A0 \/ A1 \/ A2
Spec == Init /\ [][Next]_vars /\ SF_vars(A0) /\ WF_vars(A2)
TypeOK ==
  /\ q \in Seq(0..2) /\ Len(q) <= 3
  /\ r \in [a : 0..2, b : 0..1]
  /\ y \in 0..Lim - 1
Inv == (FALSE => ~C!Pos)
Prop == ((q # <<>> => TRUE)) ~> (({N} \subseteq {}))
====
