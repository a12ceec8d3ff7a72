---- MODULE Symbols ----
\* Operator symbols SANY names by their canonical synonym (\leq for <=, \odot for (.)), without Naturals.
VARIABLES left, right, up, down, front, back
a <= b == a = b
a (.) b == <<a, b>>
a (\X) b == <<b, a>>
a (/) b == {a, b}
a (-) b == a
a ++ b == b
a \circ b == a
a^+ == a
-. a == a
Init == left = 0 /\ right = 0 /\ up = 0 /\ down = 0 /\ front = 0 /\ back = 0
Next == UNCHANGED <<left, right, up, down, front, back>>
====
