---- MODULE Base ----
EXTENDS Naturals
Limit == 3
====
