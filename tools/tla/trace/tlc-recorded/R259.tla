---- MODULE R259 ----
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANT Procs
VARIABLES x, s, q, f, r, w, p
vars == <<x, s, q, f, r, w, p>>
Names == {"zed", "a", "mid", "b"}
Max2(a, b) == IF a > b THEN a ELSE b
Init == /\ x \in 0..1 /\ s = {} /\ q = <<>> /\ f = [i \in 1..2 |-> 0] /\ r = [a |-> 0, b |-> 1] /\ w \in {"zed", "mid"} /\ p \in [Procs -> 0..1]
A0 == \E v1 \in 0..1 :
  /\ ~(\A v0 \in 0..2 : s = {})
  /\ s' = ((({x} \cap 0..2) \cup {r.a, x})) \cap 0..3
  /\ w' = IF (Cardinality(0..2) >= (0 * x)) THEN "b" ELSE w
  /\ UNCHANGED <<x, q, f, r, p>>
A1 == \E v4 \in 0..1 :
  /\ ({Cardinality(s), 0} \subseteq (0..f[1] \cap 0..3))
  /\ s' = ((0..2 \cap {(Len(q)) % 4 : v2 \in {r.a, r.b}})) \cap 0..3
  /\ \E v \in Names \ {w} : w' = v
  /\ UNCHANGED <<x, q, f, r, p>>
A2 == \E v6 \in 0..1 :
  /\ ((\E v5 \in {} : s = {}) \/ (0 < x))
  /\ w' = CHOOSE v \in Names : v # w
  /\ UNCHANGED <<x, s, q, f, r, p>>
Next == A0 \/ A1 \/ A2
Inv == TRUE
TypeOK == x \in 0..4 /\ s \subseteq 0..3 /\ Len(q) <= 3
Sym == Permutations(Procs)
Spec == Init /\ [][Next]_vars /\ WF_vars(A0) /\ SF_vars(A2)
Prop == ((0 >= x)) ~> (r.a = r.b)
====
