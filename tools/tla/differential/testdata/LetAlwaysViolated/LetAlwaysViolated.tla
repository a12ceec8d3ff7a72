---- MODULE LetAlwaysViolated ----
EXTENDS Integers
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == \/ x' = (x + 1) % 4 /\ UNCHANGED y
        \/ y' = 1 - y /\ UNCHANGED x
Spec == Init /\ [][Next]_<<x, y>>
Prop == LET D == x + y IN [](D < 3 /\ y \in {0, 1})
====
