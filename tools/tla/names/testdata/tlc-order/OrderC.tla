---- MODULE OrderC ----
\* A parameter, and TheoremB from the parameter-free OrderA: Instances' unnamed INSTANCE leaves it out.
EXTENDS OrderA
CONSTANT m
CDef == m
====
