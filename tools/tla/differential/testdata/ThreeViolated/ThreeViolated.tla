---- MODULE ThreeViolated ----
\* Three properties named: TLC's list with commas and 'and'.
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
