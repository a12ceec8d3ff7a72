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

\* Next with one action replaced; the others are Messaging's.
ProcessSteps ==
  \/ \E p \in Pids, m \in Machines, placement \in Placements : Spawned(p, m, placement)
  \/ \E p \in Pids : Exited(p)
SendSteps ==
  \/ \E s, d \in Pids : Sent(s, d)
  \/ \E s \in Pids, n \in Names : SentToName(s, n)

ReorderingNext ==
  \/ ProcessSteps \/ SendSteps
  \/ \E n \in Names, p \in Pids : Registered(n, p)
  \/ \E s, d \in Pids : DeliveredOutOfOrder(s, d) \/ Discarded(s, d) \/ Lost(s, d)

DuplicatingNext ==
  \/ ProcessSteps \/ SendSteps
  \/ \E n \in Names, p \in Pids : Registered(n, p)
  \/ \E s, d \in Pids : DeliveredKeepingCopy(s, d) \/ Discarded(s, d) \/ Lost(s, d)

NameRaceNext ==
  \/ ProcessSteps \/ SendSteps
  \/ \E n \in Names, p \in Pids : RegisteredWithoutCheck(n, p)
  \/ \E s, d \in Pids : Delivered(s, d) \/ Discarded(s, d) \/ Lost(s, d)

ReorderingSpec == Init /\ [][ReorderingNext]_vars
DuplicatingSpec == Init /\ [][DuplicatingNext]_vars
NameRaceSpec == Init /\ [][NameRaceNext]_vars
=============================================================================
