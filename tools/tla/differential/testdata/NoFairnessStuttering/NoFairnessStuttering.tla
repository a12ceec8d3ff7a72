---- MODULE NoFairnessStuttering ----
\* A stuttering counterexample of a spec without fairness: TLC warns that fairness may be missing.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3 \/ (x = 0 /\ x' = 10)
Spec == Init /\ [][Next]_x
FairSpec == Spec /\ WF_x(Next)
EventuallySeven == <>(x = 7)
OftenTen == []<>(x = 10)
FinallyNotTen == <>[](x # 10)
OftenSeven == []<>(x = 7)
====
