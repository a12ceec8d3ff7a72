-------------------------------- MODULE DRFBad --------------------------------
(* A deliberately wrong variant of DRF (see README.md, "Known-bad variants"):             *)
(*   FirstFitSpec - the allocator serves tenants in a fixed order, each as long as its     *)
(*                  tasks fit, ignoring dominant shares                                   *)
EXTENDS DRF

AllocatedFirstFit(t) ==
  /\ Fits(t)
  /\ IF t = "A" THEN TRUE ELSE ~Fits("A")
  /\ tasks' = [tasks EXCEPT ![t] = @ + 1]

FirstFitSpec == Init /\ [][\E t \in Tenants : AllocatedFirstFit(t)]_vars
=============================================================================
