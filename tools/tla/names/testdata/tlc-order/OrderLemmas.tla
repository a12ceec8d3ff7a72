---- MODULE OrderLemmas ----
\* No parameters: reached through OrderParts (which has some), SANY keeps its theorem out of an unnamed INSTANCE.
Lemma == TRUE
THEOREM LemmaTheorem == Lemma
====
