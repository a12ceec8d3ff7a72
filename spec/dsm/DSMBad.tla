------------------------------- MODULE DSMBad -------------------------------
(* Deliberately wrong variants of DSM, each a specification the checker must refute with a *)
(* counterexample (see README.md, "Known-bad variants"):                                    *)
(*   EarlyGrantSpec        - the write right is taken before every invalidation is          *)
(*                           acknowledged                                                   *)
(*   CopysetKeptSpec       - the new owner does not clear the copy set it inherited         *)
(*   HintNotUpdatedSpec    - an owner that gives the page up keeps pointing at itself       *)
(*   ReorderedInvalidationSpec - an invalidation that overtakes the read copy it is meant   *)
(*                           to revoke is acknowledged at once; the copy arrives stale      *)
(*   RestartAsAtBootSpec   - a restarted node takes back the pages it owned as at boot      *)
(*                           (holding 0 with the write right) instead of losing them        *)
(*   PendingReadWaitsSpec  - a reader with a read fault pending defers every invalidation   *)
(*                           until the fault ends, for a copy on its way or not (liveness:   *)
(*                           EveryFaultEnds under its fairness)                             *)
(*   NoRelearnSpec         - nothing obliges a node whose hints lead nowhere to re-learn    *)
(*                           the owner (liveness: HintsRepaired under its fairness)         *)
(*   SelfHintRelearnSpec   - only a node whose hint is itself re-learns the owner; a loop   *)
(*                           of hints through other nodes stays (liveness: HintsRepaired)   *)
EXTENDS DSM

WriteGrantedEarly(n) ==
  /\ pending[n].kind = "write"
  /\ LET p == pending[n].page IN
       /\ Owns(n, p)
       /\ access' = [access EXCEPT ![n][p] = "write"]
       /\ val' = [val EXCEPT ![n][p] = pending[n].value]
       /\ latest' = [latest EXCEPT ![p] = pending[n].value]
  /\ pending' = [pending EXCEPT ![n] = NoFault]
  /\ UNCHANGED <<owner, holding, copyset, probOwner, mgrOwner, waitAcks, net, writes, up, lost, failures, partitioned>>

OwnershipReceivedKeepingCopyset(m) ==
  /\ m \in net /\ m.type = "ownership" /\ m.to \in up
  /\ holding' = [holding EXCEPT ![m.page] = TRUE]
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ val' = [val EXCEPT ![m.to][m.page] = m.value]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.to]
  /\ waitAcks' = [waitAcks EXCEPT ![m.to][m.page] = @ \cup copyset[m.page]]
  /\ net' = (net \ {m}) \cup {[type |-> "invalidate", page |-> m.page, from |-> m.to, to |-> k] : k \in copyset[m.page]}
  /\ UNCHANGED <<owner, copyset, mgrOwner, pending, latest, writes, up, lost, failures, partitioned>>

WriteServedKeepingHint(m) ==
  /\ m \in net /\ m.type = "request" /\ m.to \in up /\ ~m.atManager /\ m.kind = "write"
  /\ Serves(m.to, m.page)
  /\ owner' = [owner EXCEPT ![m.page] = m.from]
  /\ holding' = [holding EXCEPT ![m.page] = FALSE]
  /\ copyset' = [copyset EXCEPT ![m.page] = @ \ {m.from}]
  /\ access' = [access EXCEPT ![m.to][m.page] = "none"]
  /\ val' = [val EXCEPT ![m.to][m.page] = NoValue]
  /\ net' = (net \ {m}) \cup {[type |-> "ownership", page |-> m.page, from |-> m.to, to |-> m.from,
                               value |-> val[m.to][m.page]]}
  /\ UNCHANGED <<probOwner, mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

InvalidatedAtOnce(m) ==
  /\ m \in net /\ m.type = "invalidate" /\ m.to \in up
  /\ access' = [access EXCEPT ![m.to][m.page] = "none"]
  /\ val' = [val EXCEPT ![m.to][m.page] = NoValue]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ net' = (net \ {m}) \cup {[type |-> "ack", page |-> m.page, from |-> m.to, to |-> m.from]}
  /\ UNCHANGED <<owner, holding, copyset, mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* The pages the node owned come back as at boot (Init): held, with 0 and the write right.
RestartedAsAtBoot(n) ==
  /\ n \notin up
  /\ \E hint \in [Pages -> Nodes], record \in RecordGuesses(n) :
       /\ probOwner' = [probOwner EXCEPT ![n] = hint]
       /\ mgrOwner' = record
  /\ LET owned == {p \in Pages : owner[p] = n} IN
       /\ lost' = lost \ owned
       /\ holding' = [p \in Pages |-> IF p \in owned THEN TRUE ELSE holding[p]]
       /\ access' = [access EXCEPT ![n] = [p \in Pages |-> IF p \in owned THEN "write" ELSE "none"]]
       /\ val' = [val EXCEPT ![n] = [p \in Pages |-> IF p \in owned THEN 0 ELSE NoValue]]
  /\ up' = up \cup {n}
  /\ waitAcks' = [k \in Nodes |-> [p \in Pages |-> waitAcks[k][p] \ {n}]]
  /\ net' = {m \in net : m.to # n /\ ~(m.type = "ack" /\ m.from = n)}
  /\ pending' = Stalled(pending)
  /\ UNCHANGED <<owner, copyset, latest, writes, failures, partitioned>>

\* The rule before the fix (README.md): wait for the fault to end, though no copy may come for it
\* (its fault gave up and its copy was discarded: the owner, awaiting this acknowledgement, serves
\* nothing, so the new fault is never served).
InvalidatedOncePendingReadEnds(m) ==
  /\ ~Faulting(m.to, "read", m.page)
  /\ Invalidated(m)

\* DSM's Next with actions replaced (each disjunct one action, as in DSM).
Faults ==
  \/ \E n \in Nodes, p \in Pages : Written(n, p)
  \/ \E n \in Nodes, p \in Pages : ReadFault(n, p)
  \/ \E n \in Nodes, p \in Pages : WriteFault(n, p)
  \/ \E m \in net : ManagerForwarded(m)
  \/ \E m \in net : HintForwarded(m)
  \/ \E m \in net : ReadServed(m)
  \/ \E m \in net : CopyReceived(m)
  \/ \E m \in net : AckReceived(m)

EarlyGrantNext ==
  \/ Faults
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : Invalidated(m)
  \/ \E n \in Nodes : WriteGrantedEarly(n)

CopysetKeptNext ==
  \/ Faults
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : OwnershipReceivedKeepingCopyset(m)
  \/ \E m \in net : Invalidated(m)
  \/ \E n \in Nodes : WriteGranted(n)

HintNotUpdatedNext ==
  \/ Faults
  \/ \E m \in net : WriteServedKeepingHint(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : Invalidated(m)
  \/ \E n \in Nodes : WriteGranted(n)

ReorderedInvalidationNext ==
  \/ Faults
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : InvalidatedAtOnce(m)
  \/ \E n \in Nodes : WriteGranted(n)

RestartAsAtBootNext ==
  \/ Faults
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : Invalidated(m)
  \/ \E n \in Nodes : WriteGranted(n)
  \/ \E n \in Nodes : Crash(n)
  \/ \E n \in Nodes : RestartedAsAtBoot(n)
  \/ FailedFaults

PendingReadWaitsNext ==
  \/ Faults
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : InvalidatedOncePendingReadEnds(m)
  \/ \E n \in Nodes : WriteGranted(n)
  \/ Failures

PendingReadWaitsReceive(m) ==
  \/ ManagerForwarded(m) \/ HintForwarded(m) \/ ReadServed(m) \/ WriteServed(m)
  \/ CopyReceived(m) \/ OwnershipReceived(m) \/ InvalidatedOncePendingReadEnds(m) \/ AckReceived(m)

EarlyGrantSpec == Init /\ [][EarlyGrantNext]_vars
CopysetKeptSpec == Init /\ [][CopysetKeptNext]_vars
HintNotUpdatedSpec == Init /\ [][HintNotUpdatedNext]_vars
ReorderedInvalidationSpec == Init /\ [][ReorderedInvalidationNext]_vars
RestartAsAtBootSpec == Init /\ [][RestartAsAtBootNext]_vars
\* DSM's FairSpec with the variant's way of handling invalidations.
PendingReadWaitsSpec ==
  /\ Init /\ [][PendingReadWaitsNext]_vars
  /\ \A f \in Nodes, t \in Nodes, type \in MessageTypes : WF_vars(\E m \in net : m.from = f /\ m.to = t /\ m.type = type /\ PendingReadWaitsReceive(m))
  /\ FairProgress

\* FairSpec without Relearning: the same steps, but a node whose hints lead nowhere (a restarted
\* node's guesses) may never re-learn the owner, as the reference kernel and the Python port before
\* 2026-12-06 (second session), which gave up at a loop of hints instead of asking who owns the page.
NoRelearnSpec == Init /\ [][Next]_vars /\ FairMessages /\ FairProgress

\* Owner recovery as both implementations had it before 2026-12-06 (second session): only a node
\* that knows no owner (its hint is itself) asks who owns the page, fairly; a loop of hints through
\* a restarted node's guesses (n1 -> n2 -> n1) is never re-learned. Needs three nodes.
OwnerRecoveredSelfHint(n, p) == probOwner[n][p] = n /\ OwnerRecovered(n, p)

SelfHintRelearnNext ==
  \/ Faults
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : Invalidated(m)
  \/ \E n \in Nodes : WriteGranted(n)
  \/ \E n \in Nodes : Crash(n) \/ Restart(n)
  \/ Partition \/ Heal
  \/ \E n \in Nodes, p \in Pages : OwnerRecoveredSelfHint(n, p)
  \/ FailedFaults

SelfHintRelearnSpec ==
  /\ Init /\ [][SelfHintRelearnNext]_vars /\ FairMessages /\ FairProgress
  /\ \A n \in Nodes, p \in Pages : WF_vars(OwnerRecoveredSelfHint(n, p))
=============================================================================
