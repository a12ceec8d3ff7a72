---------------------------- MODULE MessagingBad ----------------------------
(* Deliberately wrong variants of Messaging, each a specification the checker must refute  *)
(* with a counterexample (see README.md, "Known-bad variants"):                            *)
(*   ReorderingSpec   - the network delivers any message of a pair, not the oldest: FIFO   *)
(*   DuplicatingSpec  - delivery leaves a copy in the network: no duplication              *)
(*   NameRaceSpec     - registration does not check that the name is free: unique names    *)
EXTENDS Messaging

DeliveredOutOfOrder(s, d) ==
  /\ status[d] = "live"
  /\ \E i \in DOMAIN chan[<<s, d>>] :
       /\ received' = [received EXCEPT ![d] = Append(@, chan[<<s, d>>][i])]
       /\ chan' = [chan EXCEPT ![<<s, d>>] = RemoveAt(@, i)]
  /\ UNCHANGED <<status, location, registry, sent, lost, discarded>>

DeliveredKeepingCopy(s, d) ==
  /\ chan[<<s, d>>] # <<>>
  /\ status[d] = "live"
  /\ received' = [received EXCEPT ![d] = Append(@, Head(chan[<<s, d>>]))]
  /\ UNCHANGED <<status, location, registry, chan, sent, lost, discarded>>

\* Check-then-act split across machines: both registrations saw the name free.
RegisteredWithoutCheck(n, p) ==
  /\ status[p] = "live"
  /\ <<n, p>> \notin registry
  /\ registry' = registry \cup {<<n, p>>}
  /\ UNCHANGED <<status, location, chan, received, sent, lost, discarded>>

\* Messaging's Next with one action replaced (each disjunct one action, as in Messaging).
CommonSteps ==
  \/ \E p \in Pids, m \in Machines, placement \in Placements : Spawned(p, m, placement)
  \/ \E p \in Pids : Exited(p)
  \/ \E s, d \in Pids : Sent(s, d)
  \/ \E s \in Pids, n \in Names : SentToName(s, n)
  \/ \E s, d \in Pids : Discarded(s, d)
  \/ \E s, d \in Pids : Lost(s, d)

ReorderingNext ==
  \/ CommonSteps
  \/ \E n \in Names, p \in Pids : Registered(n, p)
  \/ \E s, d \in Pids : DeliveredOutOfOrder(s, d)

DuplicatingNext ==
  \/ CommonSteps
  \/ \E n \in Names, p \in Pids : Registered(n, p)
  \/ \E s, d \in Pids : DeliveredKeepingCopy(s, d)

NameRaceNext ==
  \/ CommonSteps
  \/ \E n \in Names, p \in Pids : RegisteredWithoutCheck(n, p)
  \/ \E s, d \in Pids : Delivered(s, d)

ReorderingSpec == Init /\ [][ReorderingNext]_vars
DuplicatingSpec == Init /\ [][DuplicatingNext]_vars
NameRaceSpec == Init /\ [][NameRaceNext]_vars
=============================================================================
