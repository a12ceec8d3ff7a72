---- MODULE R383 ----
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANT Procs
VARIABLES x, s, q, f, r, w, p
vars == <<x, s, q, f, r, w, p>>
Names == {"zed", "a", "mid", "b"}
Max2(a, b) == IF a > b THEN a ELSE b
Init == /\ x \in 0..1 /\ s = {} /\ q = <<>> /\ f = [i \in 1..2 |-> 0] /\ r = [a |-> 0, b |-> 1] /\ w \in {"zed", "mid"} /\ p \in [Procs -> 0..1]
A0 == 
  /\ ((\A v0 \in {f[i] : i \in DOMAIN f} : ({x} \subseteq {x})) => (1 >= Max2(Cardinality(s), x)))
  /\ q' = IF q = <<>> THEN q ELSE Tail(q)
  /\ p' = [i \in Procs |-> Cardinality({j \in Procs : p[j] = p[i]}) % 3]
  /\ UNCHANGED <<x, s, f, r, w>>
A1 == 
  /\ x' = (((CHOOSE v1 \in ((DOMAIN f \ {x}) \cup {0}) : (p[CHOOSE k \in Procs : TRUE] = 0 \/ p[CHOOSE k \in Procs : TRUE] = 0) \/ v1 = 0) % 3)) % 5
  /\ f' = [f EXCEPT ![((1) % 2) + 1] = ((CHOOSE v2 \in (({v3 \in {1} : q # <<>>} \ ({r.a, r.b} \ DOMAIN f)) \cup {0}) : f[1] = 0 \/ v2 = 0)) % 3]
  /\ p' = [i \in Procs |-> IF i = CHOOSE j \in Procs : TRUE THEN 0 ELSE p[i]]
  /\ UNCHANGED <<s, q, r, w>>
Next == A0 \/ A1
Inv == ~((CASE r.a = r.b -> f[2] [] OTHER -> 2) \in ({} \cap {r.a, r.b}))
TypeOK == x \in 0..4 /\ s \subseteq 0..3 /\ Len(q) <= 3
Sym == Permutations(Procs)
Spec == Init /\ [][Next]_vars /\ SF_vars(A1)
Prop == <>[]((\E v4 \in DOMAIN f : p[CHOOSE k \in Procs : TRUE] = 0))
====
