---- MODULE AssertLong ----
\* Assert's second argument, not a string, wider than 80 columns: TLC breaks it in its message.
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == /\ x < 1
        /\ Assert(x = 1, [state |-> "working", votes |-> {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}])
        /\ x' = x + 1
====
