---- MODULE R1 ----
EXTENDS Naturals, Sequences, FiniteSets, TLC
CONSTANTS Procs, N, Greeting, Nil
VARIABLES s, w, m
vars == <<s, w, m>>
ASSUME N \in Nat /\ Greeting \in STRING
Names == {"zed", "a", "mid", Greeting}
Max2(a, b) == IF a > b THEN a ELSE b
RECURSIVE SumSet(_)
SumSet(S) == IF S = {} THEN 0 ELSE LET e == CHOOSE el \in S : TRUE IN e + SumSet(S \ {e})
fact[n \in 0..3] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
Init ==
  /\ s = {}
  /\ w \in {"zed", "mid"}
  /\ m = {}
A0 ==
  /\ (\E v0 \in s : FALSE)
  /\ s' = ({v1 \in {N} : \E msg \in m : msg.val = 1}) \cap 0..3
  /\ w' = CHOOSE v \in Names : v # w
  /\ UNCHANGED <<m>>
A1 == \E v2 \in 0..1 :
    /\ \E v3 \in 0..3 : s' = s \cup {v3}
    /\ UNCHANGED <<w, m>>
Next == A0 \/ A1
Spec == Init /\ [][Next]_vars
TypeOK ==
  /\ s \subseteq 0..3
  /\ w \in Names
  /\ m \subseteq [src : Procs, val : 0..1]
Inv == ((IF w = Greeting THEN 1 ELSE 0) = SumSet(s))
Prop == []<>((2 = 0))
====
