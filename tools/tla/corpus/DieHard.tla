---------------------------- MODULE DieHard ----------------------------
(* The water-jug puzzle from Die Hard 3, written for the cloudOS corpus: a 3-gallon and a    *)
(* 5-gallon jug, a faucet, and the goal of measuring exactly 4 gallons. NotSolved is stated *)
(* as an invariant so that the checker's (shortest) counterexample is the solution.        *)
EXTENDS Naturals

VARIABLES small, big

vars == <<small, big>>

TypeOK == small \in 0..3 /\ big \in 0..5

Init == small = 0 /\ big = 0

Min(a, b) == IF a < b THEN a ELSE b

FillSmall  == small' = 3 /\ big' = big
FillBig    == big' = 5 /\ small' = small
EmptySmall == small' = 0 /\ big' = big
EmptyBig   == big' = 0 /\ small' = small

\* Pouring stops when the source is empty or the destination full, whichever comes first.
PourSmallToBig == /\ big' = Min(big + small, 5)
                  /\ small' = small - (big' - big)
PourBigToSmall == /\ small' = Min(big + small, 3)
                  /\ big' = big - (small' - small)

Next == \/ FillSmall \/ FillBig \/ EmptySmall \/ EmptyBig
        \/ PourSmallToBig \/ PourBigToSmall

Spec == Init /\ [][Next]_vars

NotSolved == big # 4
=============================================================================
