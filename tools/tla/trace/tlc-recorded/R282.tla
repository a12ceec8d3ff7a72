---- MODULE R282 ----
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANT Procs
VARIABLES x, s, q, f, r, w, p
vars == <<x, s, q, f, r, w, p>>
Names == {"zed", "a", "mid", "b"}
Max2(a, b) == IF a > b THEN a ELSE b
Init == /\ x \in 0..1 /\ s = {} /\ q = <<>> /\ f = [i \in 1..2 |-> 0] /\ r = [a |-> 0, b |-> 1] /\ w \in {"zed", "mid"} /\ p \in [Procs -> 0..1]
A0 == 
  /\ s' = (((0..0 \cap 0..3) \ (s \cup s))) \cap 0..3
  /\ f' = [f EXCEPT ![(((IF (r.a = r.b /\ p[CHOOSE k \in Procs : TRUE] = 0) THEN (x \div 2) ELSE (CASE f[1] = 0 -> 1 [] OTHER -> 0))) % 2) + 1] = (f[(Cardinality({x}) % 2) + 1]) % 3]
  /\ r' = [a |-> r.b, b |-> (((1 - 1) + (r.a * Cardinality(s)))) % 2]
  /\ p' = [i \in Procs |-> Cardinality({j \in Procs : p[j] = p[i]}) % 3]
  /\ UNCHANGED <<x, q, w>>
A1 == 
  /\ x' = ((CHOOSE v0 \in ({f[i] : i \in DOMAIN f} \cup {0}) : (3 < 1) \/ v0 = 0)) % 5
  /\ s' = (((0..2 \ {r.a, r.b}) \ ({x} \ {1}))) \cap 0..3
  /\ \E i \in Procs : p' = [p EXCEPT ![i] = (p[i] + (1 \div 2)) % 3]
  /\ UNCHANGED <<q, f, r, w>>
Next == A0 \/ A1
Inv == (f[1] = 0 \/ (\E v1 \in {x} : q # <<>>))
TypeOK == x \in 0..4 /\ s \subseteq 0..3 /\ Len(q) <= 3
Sym == Permutations(Procs)
Spec == Init /\ [][Next]_vars /\ WF_vars(A1)
Prop == []<>((\A v2 \in 0..2 : FALSE))
====
