---- MODULE Unclosed ----
EXTENDS Naturals
Op == (1 + 2
====
