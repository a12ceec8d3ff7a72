---- MODULE Base ----
EXTENDS Naturals
CONSTANT N
Double(a) == 2 * a
====
