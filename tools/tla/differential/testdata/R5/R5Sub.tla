---- MODULE R5Sub ----
EXTENDS Naturals
CONSTANT Lim
VARIABLE c
Init == c = 0
Inc == c' = (c + 1) % Lim
Reset == c > 0 /\ c' = 0
Set(v) == c' = v % Lim
Pos == c > 0
Double == 2 * c
====
