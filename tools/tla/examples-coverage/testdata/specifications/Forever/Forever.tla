---- MODULE Forever ----
\* Counts up without end: no verdict, so the coverage tool's CPU limit must stop it (a timeout).
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n' = n + 1
====
