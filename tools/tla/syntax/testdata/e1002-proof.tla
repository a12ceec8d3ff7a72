---- MODULE Proof ----
THEOREM T == TRUE
  PROOF OBVIOUS
====
