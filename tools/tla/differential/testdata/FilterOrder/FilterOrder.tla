---- MODULE FilterOrder ----
EXTENDS Naturals
CONSTANT Node
VARIABLE x
Init == x = Node
Next == x' = {s \in x : s < 1}
====
