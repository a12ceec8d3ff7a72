---- MODULE Label ----
VARIABLE x
Next == step :: x' = x
====
