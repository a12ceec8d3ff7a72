---- MODULE E2002Arity ----
Add(a, b) == a
Three == Add(1)
====
