---- MODULE UsesAbsent ----
EXTENDS Naturals, NoSuchModule
VARIABLE n
Init == n = 0
Next == UNCHANGED n
====
