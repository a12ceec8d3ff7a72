---- MODULE LetAlwaysHolds ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x
Prop == LET D == x * 2 IN [](D < 7)
====
