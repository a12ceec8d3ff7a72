---- MODULE OrderB ----
\* A theorem of a module with a parameter: OrderA's unnamed INSTANCE re-defines it in OrderA.
CONSTANT k
THEOREM TheoremB == k = k
====
