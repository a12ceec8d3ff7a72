---- MODULE LtlEventuallyOrAlways ----
\* <>P \/ []Q violated by 0, 1, 2, 3. Recorded with TLC's -fp 2: which of two lassos TLC prints depends on its fingerprint polynomial (-fp 1 closes the cycle 0, 1 instead).
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == (x < 4 /\ x' = (x + 1) % 4) \/ (x = 1 /\ x' = 5) \/ (x = 5 /\ x' = 5) \/ (x = 1 /\ x' = 0)
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == <>(x = 5) \/ [](x < 3)
====
