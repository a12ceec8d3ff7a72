---- MODULE E2004Duplicate ----
CONSTANT N
N == 3
====
