---- MODULE LetActionBranches ----
EXTENDS Naturals
\* A LET's operators as actions inside \E: each expanded, the \E of the constant Ok too (TLC: 73 generated, three per value of i).
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == LET Ok == \E i \in 1..3 : i > 0
            Set(v) == x' = v
            Bump == Set((x + 1) % 3) \/ Set((x + 2) % 3)
        IN \E j \in 0..1 : LET Other == y' = j IN Ok /\ Bump /\ Other
====
