---- MODULE R100 ----
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANT Procs
VARIABLES x, s, q, f, r, w, p
vars == <<x, s, q, f, r, w, p>>
Names == {"zed", "a", "mid", "b"}
Max2(a, b) == IF a > b THEN a ELSE b
Init == /\ x \in 0..1 /\ s = {} /\ q = <<>> /\ f = [i \in 1..2 |-> 0] /\ r = [a |-> 0, b |-> 1] /\ w \in {"zed", "mid"} /\ p \in [Procs -> 0..1]
A0 == 
  /\ (FALSE /\ FALSE)
  /\ r' = [a |-> r.b, b |-> (0) % 2]
  /\ w' = IF (2 \in DOMAIN f) THEN "b" ELSE w
  /\ UNCHANGED <<x, s, q, f, p>>
A1 == 
  /\ x' = (f[1]) % 5
  /\ f' = [f EXCEPT ![(((CHOOSE v0 \in ({1} \cup {0}) : q # <<>> \/ v0 = 0)) % 2) + 1] = ((x - x)) % 3]
  /\ r' = [a |-> r.b, b |-> (Max2(f[1], 0)) % 2]
  /\ w' = IF ({r.a, r.b} \subseteq {1}) THEN "b" ELSE w
  /\ UNCHANGED <<s, q, p>>
A2 == 
  /\ (\E v1 \in {} : f[1] = 0)
  /\ f' = [f EXCEPT ![(((x * x)) % 2) + 1] = ((IF q = <<>> THEN 0 ELSE Head(q))) % 3]
  /\ r' = [r EXCEPT !.a = (f[(0 % 2) + 1]) % 3]
  /\ p' = [i \in Procs |-> IF i = CHOOSE j \in Procs : TRUE THEN 0 ELSE p[i]]
  /\ UNCHANGED <<x, s, q, w>>
Next == A0 \/ A1 \/ A2
Inv == (x >= 1)
TypeOK == x \in 0..4 /\ s \subseteq 0..3 /\ Len(q) <= 3
Sym == Permutations(Procs)
Spec == Init /\ [][Next]_vars /\ WF_vars(A0) /\ SF_vars(A1)
Prop == []((r.a = r.b => \E k \in Procs : p[k] = 1) => <>((3 < f[1])))
====
