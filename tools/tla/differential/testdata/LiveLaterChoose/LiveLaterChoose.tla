---- MODULE LiveLaterChoose ----
EXTENDS Naturals
VARIABLE x
Init == x \in {0, 1}
Next == x' = (x + 1) % 5
Prop == <>[](x > 2 => (CHOOSE n \in 0..x : n > 10) > 0)
====
