---- MODULE OftenFailingLast ----
\* FinallyNotTen == <>[](x # 10) listed first, OftenTen == []<>(x = 10) second, both violated under WF: TLC searches the negation []<>(x = 10) of the <>[] forms last, so it reports OftenTen's cycle.
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
