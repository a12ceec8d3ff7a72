---- MODULE Precedence ----
EXTENDS Integers
\* SANY refuses both: % (10-11) and + (10-10) overlap; = is not associative.
Wrap(n) == (n - 1) % 3 + 1
Same(x, y, z) == x = y = z
====
