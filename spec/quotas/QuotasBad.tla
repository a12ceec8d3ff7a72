------------------------------ MODULE QuotasBad ------------------------------
(* Deliberately wrong variants of Quotas, each a specification the checker must refute with *)
(* a counterexample (see README.md, "Known-bad variants"):                                  *)
(*   RenewedAfterExpirySpec - a partitioned node keeps its expired lease, counting on       *)
(*                            renewing it, and the ledger renews it when the node is back   *)
(*   ReleaseCountedTwiceSpec - the ledger credits a returned lease twice                    *)
(*   ReissuedEarlySpec      - the ledger reclaims the lease of a node it cannot reach at     *)
(*                            once, taking it for crashed, and leases it again              *)
EXTENDS Quotas

\* Time passes without waiting for holders the ledger cannot reach.
TickIgnoringPartitioned ==
  /\ {n \in Nodes : Counting(n)} # {}
  /\ \A n \in Nodes : held[n] > 0 /\ ~cut[n] => ttl[n] > -MaxSkew
  /\ ttl' = [n \in Nodes |-> IF Counting(n) THEN ttl[n] - 1 ELSE ttl[n]]
  /\ UNCHANGED <<free, granted, held, used, up, cut, grants, renewals, admissions, crashes, partitions>>

\* ... a partitioned holder does not give its lease up when it expires ...
HolderExpiredUnlessPartitioned(n) == ~cut[n] /\ HolderExpired(n)

\* ... and the ledger renews whatever a node holds, booked or not.
LeaseRenewedLate(n) ==
  /\ Reachable(n) /\ held[n] > 0
  /\ renewals < MaxRenewals
  /\ free' = free - (held[n] - granted[n])
  /\ granted' = [granted EXCEPT ![n] = held[n]]
  /\ ttl' = [ttl EXCEPT ![n] = LeaseTerm]
  /\ renewals' = renewals + 1
  /\ UNCHANGED <<held, used, up, cut, grants, admissions, crashes, partitions>>

LeaseReturnedTwice(n) ==
  /\ Reachable(n) /\ held[n] > 0 /\ used[n] = 0
  /\ free' = free + 2 * granted[n]
  /\ granted' = [granted EXCEPT ![n] = 0]
  /\ held' = [held EXCEPT ![n] = 0]
  /\ ttl' = [ttl EXCEPT ![n] = Expired]
  /\ UNCHANGED <<used, up, cut, grants, renewals, admissions, crashes, partitions>>

LeaseReclaimedOnSuspicion(n) ==
  /\ granted[n] > 0 /\ (IF ttl[n] = Expired THEN TRUE ELSE ~Reachable(n))
  /\ free' = free + granted[n]
  /\ granted' = [granted EXCEPT ![n] = 0]
  /\ UNCHANGED <<held, used, ttl, up, cut, grants, renewals, admissions, crashes, partitions>>

\* Quotas' Next with actions replaced (each disjunct one action, as in Quotas).
Others ==
  \/ \E n \in Nodes : LeaseGranted(n)
  \/ \E n \in Nodes : Admitted(n)
  \/ \E n \in Nodes : Released(n)
  \/ \E n \in Nodes : Crashed(n)
  \/ \E n \in Nodes : Restarted(n)
  \/ \E n \in Nodes : Partitioned(n)
  \/ \E n \in Nodes : Healed(n)

RenewedAfterExpiryNext ==
  \/ Others
  \/ \E n \in Nodes : LeaseRenewedLate(n)
  \/ \E n \in Nodes : LeaseReturned(n)
  \/ \E n \in Nodes : HolderExpiredUnlessPartitioned(n)
  \/ \E n \in Nodes : LeaseReclaimed(n)
  \/ TickIgnoringPartitioned

ReleaseCountedTwiceNext ==
  \/ Others
  \/ \E n \in Nodes : LeaseRenewed(n)
  \/ \E n \in Nodes : LeaseReturnedTwice(n)
  \/ \E n \in Nodes : HolderExpired(n)
  \/ \E n \in Nodes : LeaseReclaimed(n)
  \/ Tick

ReissuedEarlyNext ==
  \/ Others
  \/ \E n \in Nodes : LeaseRenewed(n)
  \/ \E n \in Nodes : LeaseReturned(n)
  \/ \E n \in Nodes : HolderExpired(n)
  \/ \E n \in Nodes : LeaseReclaimedOnSuspicion(n)
  \/ Tick

RenewedAfterExpirySpec == Init /\ [][RenewedAfterExpiryNext]_vars
ReleaseCountedTwiceSpec == Init /\ [][ReleaseCountedTwiceNext]_vars
ReissuedEarlySpec == Init /\ [][ReissuedEarlyNext]_vars
=============================================================================
