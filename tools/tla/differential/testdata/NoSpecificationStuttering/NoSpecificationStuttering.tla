---- MODULE NoSpecificationStuttering ----
\* INIT and NEXT without SPECIFICATION: TLC's warning says so.
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
