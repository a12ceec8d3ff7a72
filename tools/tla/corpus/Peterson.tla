---------------------------- MODULE Peterson ----------------------------
(* Peterson's mutual-exclusion algorithm for two processes, 0 and 1, written for the cloudOS *)
(* corpus: safety (never both in the critical section) and, under weak fairness of each     *)
(* process's steps after it asks to enter, freedom from starvation (a liveness property).   *)
EXTENDS Naturals

VARIABLES flag, turn, pc

vars == <<flag, turn, pc>>

Procs == {0, 1}
Other(p) == 1 - p

TypeOK == /\ flag \in [Procs -> BOOLEAN]
          /\ turn \in Procs
          /\ pc \in [Procs -> {"idle", "set", "wait", "cs"}]

Init == /\ flag = [p \in Procs |-> FALSE]
        /\ turn = 0
        /\ pc = [p \in Procs |-> "idle"]

\* Leaving "idle" is the process's choice, so it gets no fairness: it may never ask.
Request(p) == /\ pc[p] = "idle"
              /\ flag' = [flag EXCEPT ![p] = TRUE]
              /\ pc' = [pc EXCEPT ![p] = "set"]
              /\ UNCHANGED turn

GiveWay(p) == /\ pc[p] = "set"
              /\ turn' = Other(p)
              /\ pc' = [pc EXCEPT ![p] = "wait"]
              /\ UNCHANGED flag

Enter(p) == /\ pc[p] = "wait"
            /\ (~flag[Other(p)] \/ turn = p)
            /\ pc' = [pc EXCEPT ![p] = "cs"]
            /\ UNCHANGED <<flag, turn>>

Exit(p) == /\ pc[p] = "cs"
           /\ flag' = [flag EXCEPT ![p] = FALSE]
           /\ pc' = [pc EXCEPT ![p] = "idle"]
           /\ UNCHANGED turn

\* The steps a process must eventually take once it has asked to enter.
Proceed(p) == GiveWay(p) \/ Enter(p) \/ Exit(p)

Next == \E p \in Procs : Request(p) \/ Proceed(p)

Spec == Init /\ [][Next]_vars /\ WF_vars(Proceed(0)) /\ WF_vars(Proceed(1))

MutualExclusion == ~ (pc[0] = "cs" /\ pc[1] = "cs")

\* One property per process: written without a quantifier around ~> to stay in the simple subset.
StarvationFree0 == (pc[0] = "set") ~> (pc[0] = "cs")
StarvationFree1 == (pc[1] = "set") ~> (pc[1] = "cs")
=============================================================================
