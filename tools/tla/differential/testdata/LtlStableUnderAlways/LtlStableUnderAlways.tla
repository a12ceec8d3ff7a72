---- MODULE LtlStableUnderAlways ----
\* [](P => <>[]P), violated by 0, 1, 5.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == (x < 4 /\ x' = (x + 1) % 4) \/ (x = 1 /\ x' = 5) \/ (x = 5 /\ x' = 5) \/ (x = 1 /\ x' = 0)
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Prop == []((x # 5) => <>[](x # 5))
====
