---------------------------- MODULE LockStarvation ----------------------------
(* A lock granted to any waiting process, written for the cloudOS corpus as the classic     *)
(* liveness counterexample: under weak fairness a process can wait forever while the other  *)
(* re-acquires the lock (a lasso); under strong fairness every waiting process gets in.     *)
VARIABLE pc

Procs == {1, 2}

TypeOK == pc \in [Procs -> {"idle", "waiting", "cs"}]

Init == pc = [p \in Procs |-> "idle"]

Request(p) == /\ pc[p] = "idle"
              /\ pc' = [pc EXCEPT ![p] = "waiting"]

Acquire(p) == /\ pc[p] = "waiting"
              /\ \A q \in Procs : pc[q] # "cs"
              /\ pc' = [pc EXCEPT ![p] = "cs"]

Release(p) == /\ pc[p] = "cs"
              /\ pc' = [pc EXCEPT ![p] = "idle"]

Proceed(p) == Acquire(p) \/ Release(p)

Next == \E p \in Procs : Request(p) \/ Proceed(p)

\* Acquire(1) is disabled whenever 2 holds the lock, so it is never continuously enabled.
WeakFairSpec == Init /\ [][Next]_pc /\ WF_pc(Proceed(1)) /\ WF_pc(Proceed(2))

\* Acquire(1) is enabled infinitely often (each time 2 releases), so strong fairness forces it.
StrongFairSpec == Init /\ [][Next]_pc /\ SF_pc(Proceed(1)) /\ SF_pc(Proceed(2))

MutualExclusion == ~ (pc[1] = "cs" /\ pc[2] = "cs")

NoStarvation == (pc[1] = "waiting") ~> (pc[1] = "cs")
=============================================================================
