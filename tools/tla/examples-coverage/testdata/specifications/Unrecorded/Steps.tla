---- MODULE Steps ----
\* Two initial states, each step adds 1 or 2 up to 5 or 6: Small fails at depth 2, the search
\* without it holds (CHECK_DEADLOCK FALSE). TLC's reports on both are in ../../tlc-output/.
EXTENDS Naturals
VARIABLE n
Init == n \in {0, 1}
Next == n < 5 /\ n' \in {n + 1, n + 2}
Small == n < 3
====
