---- MODULE LetAlwaysNamed ----
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 4
Spec == Init /\ [][Next]_x
Prop == LET Small == x < 2 IN []Small
====
