---- MODULE OrderA ----
\* No parameters of its own, so TheoremB counts as defined here; OrderC extends it.
INSTANCE OrderB WITH k <- 1
====
