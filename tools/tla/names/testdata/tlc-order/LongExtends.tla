---- MODULE LongExtends ----
\* Every standard and community module cloudOS provides: their symbols fill SANY's table first.
EXTENDS Naturals, Integers, Sequences, FiniteSets, TLC, Bags, Folds, Functions, FiniteSetsExt,
        SequencesExt, BagsExt, Bitwise, IOUtils, Randomization, TLCExt, UndirectedGraphs
VARIABLES alpha, beta, gamma, delta, epsilon, zeta, eta, theta
Init == alpha = 0 /\ beta = 0 /\ gamma = 0 /\ delta = 0 /\ epsilon = 0 /\ zeta = 0 /\ eta = 0 /\ theta = 0
Next == UNCHANGED <<alpha, beta, gamma, delta, epsilon, zeta, eta, theta>>
====
