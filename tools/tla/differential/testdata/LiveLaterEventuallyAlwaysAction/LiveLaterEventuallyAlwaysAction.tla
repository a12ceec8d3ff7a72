---- MODULE LiveLaterEventuallyAlwaysAction ----
EXTENDS Naturals
VARIABLE x
Init == x \in {0, 1}
Next == x' = (x + 1) % 4
Prop == <>[][x = 2 => x' = CHOOSE n \in {x} : n > 5]_x
====
