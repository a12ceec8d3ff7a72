---------------------------- MODULE TCommit ----------------------------
(* Transaction commit as specified by Gray and Lamport ("Consensus on Transaction Commit"),  *)
(* written for the cloudOS corpus: resource managers each reach "committed" or "aborted",    *)
(* and no two disagree. The abstract spec: no coordinator and no messages.                  *)
CONSTANT RM   \* the resource managers

VARIABLE rmState

TCTypeOK == rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]

TCInit == rmState = [r \in RM |-> "working"]

\* Commit is allowed only once every manager has prepared (or already committed).
canCommit == \A r \in RM : rmState[r] \in {"prepared", "committed"}

\* Abort is allowed only while nobody has committed.
notCommitted == \A r \in RM : rmState[r] # "committed"

Prepare(r) == /\ rmState[r] = "working"
              /\ rmState' = [rmState EXCEPT ![r] = "prepared"]

Decide(r) == \/ /\ rmState[r] = "prepared"
                /\ canCommit
                /\ rmState' = [rmState EXCEPT ![r] = "committed"]
             \/ /\ rmState[r] \in {"working", "prepared"}
                /\ notCommitted
                /\ rmState' = [rmState EXCEPT ![r] = "aborted"]

TCNext == \E r \in RM : Prepare(r) \/ Decide(r)

TCSpec == TCInit /\ [][TCNext]_rmState

TCConsistent == \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                                      /\ rmState[r2] = "committed"
=============================================================================
