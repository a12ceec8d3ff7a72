-------------------------------- MODULE Quotas --------------------------------
(***************************************************************************)
(* cloudOS time-share accounts: a quota enforced on many nodes without a   *)
(* central bottleneck, by leases (escrow).                                 *)
(*                                                                         *)
(* An account's quota of one resource (CPU, memory, bandwidth, storage or  *)
(* process slots: each is an independent instance of this module) is kept *)
(* by a ledger. Nodes admit work locally against LEASES the ledger grants: *)
(* a lease is LeaseSize units for LeaseTerm ticks; the ledger books it     *)
(* (`granted`), the node holds it (`held`) and admits work up to it        *)
(* (`used`) without asking anyone. A node returns a lease it no longer     *)
(* needs, or renews it while the ledger can hear it.                       *)
(*                                                                         *)
(* Time: `ttl[n]` counts down the real time left on n's lease. Clocks are  *)
(* skewed by at most MaxSkew ticks, so a holder may find its lease expired *)
(* as soon as ttl <= MaxSkew, and must have stopped using it (its work     *)
(* stopped, the units given up) by the time ttl reaches -MaxSkew: time     *)
(* does not pass beyond that while it holds the lease. The ledger cannot   *)
(* tell a crashed node from a partitioned one, so it reclaims a lease it   *)
(* cannot renew only once ttl < -MaxSkew: when the holder, whatever its    *)
(* clock says, has surely stopped. A crash loses the node's lease and its  *)
(* work; the ledger's booking stays until that expiry.                     *)
(*                                                                         *)
(* Action names are the trace events of README.md's trace vocabulary.      *)
(***************************************************************************)
EXTENDS Integers

CONSTANTS
  NumNodes,        \* nodes 1 .. NumNodes
  Quota,           \* units of the resource the account may use in all
  LeaseSize,       \* units per lease
  LeaseTerm,       \* ticks a lease lasts from its grant or renewal
  MaxSkew,         \* bound on any clock's error, in ticks
  MaxGrants,       \* bounds on grants, renewals, admissions,
  MaxRenewals,     \*   crashes and partitions, to keep the model finite
  MaxAdmissions,
  MaxCrashes,
  MaxPartitions

ASSUME /\ NumNodes \in Nat /\ NumNodes > 0 /\ Quota \in Nat /\ LeaseSize \in Nat /\ LeaseSize > 0
       /\ LeaseTerm \in Nat /\ LeaseTerm > 0 /\ MaxSkew \in Nat
       /\ MaxGrants \in Nat /\ MaxRenewals \in Nat /\ MaxAdmissions \in Nat
       /\ MaxCrashes \in Nat /\ MaxPartitions \in Nat

Nodes == 1 .. NumNodes
Expired == -MaxSkew - 1    \* the ttl at which the ledger may reclaim; time stops counting there

VARIABLES
  free,        \* units the ledger can still lease
  granted,     \* granted[n]: units the ledger has booked to n
  held,        \* held[n]: units n holds and may admit against (0: no lease)
  used,        \* used[n]: units of admitted work running on n
  ttl,         \* ttl[n]: real time left on n's lease
  up,          \* up[n]: FALSE while n is crashed
  cut,         \* cut[n]: TRUE while n is partitioned from the ledger
  grants, renewals, admissions, crashes, partitions   \* budgets used

vars == <<free, granted, held, used, ttl, up, cut, grants, renewals, admissions, crashes, partitions>>

RECURSIVE SumTo(_, _)
SumTo(f, k) == IF k = 0 THEN 0 ELSE f[k] + SumTo(f, k - 1)
Sum(f) == SumTo(f, NumNodes)
Max(a, b) == IF a >= b THEN a ELSE b

Reachable(n) == up[n] /\ ~cut[n]

TypeOK ==
  /\ free \in Nat
  /\ granted \in [Nodes -> 0 .. Quota]
  /\ held \in [Nodes -> 0 .. Quota]
  /\ used \in [Nodes -> 0 .. Quota]
  /\ ttl \in [Nodes -> Expired .. LeaseTerm]
  /\ up \in [Nodes -> BOOLEAN]
  /\ cut \in [Nodes -> BOOLEAN]
  /\ grants \in 0 .. MaxGrants /\ renewals \in 0 .. MaxRenewals
  /\ admissions \in 0 .. MaxAdmissions /\ crashes \in 0 .. MaxCrashes
  /\ partitions \in 0 .. MaxPartitions

Init ==
  /\ free = Quota
  /\ granted = [n \in Nodes |-> 0]
  /\ held = [n \in Nodes |-> 0]
  /\ used = [n \in Nodes |-> 0]
  /\ ttl = [n \in Nodes |-> Expired]
  /\ up = [n \in Nodes |-> TRUE]
  /\ cut = [n \in Nodes |-> FALSE]
  /\ grants = 0 /\ renewals = 0 /\ admissions = 0 /\ crashes = 0 /\ partitions = 0

-----------------------------------------------------------------------------
(* Leases *)

\* A node with no lease asks the ledger for one (request and answer are one step: the ledger
\* books it before the node can use it).
LeaseGranted(n) ==
  /\ Reachable(n) /\ held[n] = 0 /\ granted[n] = 0
  /\ free >= LeaseSize /\ grants < MaxGrants
  /\ free' = free - LeaseSize
  /\ granted' = [granted EXCEPT ![n] = LeaseSize]
  /\ held' = [held EXCEPT ![n] = LeaseSize]
  /\ ttl' = [ttl EXCEPT ![n] = LeaseTerm]
  /\ grants' = grants + 1
  /\ UNCHANGED <<used, up, cut, renewals, admissions, crashes, partitions>>

\* The ledger extends a lease it still books to the node that holds it.
LeaseRenewed(n) ==
  /\ Reachable(n) /\ held[n] > 0 /\ granted[n] = held[n]
  /\ renewals < MaxRenewals
  /\ ttl' = [ttl EXCEPT ![n] = LeaseTerm]
  /\ renewals' = renewals + 1
  /\ UNCHANGED <<free, granted, held, used, up, cut, grants, admissions, crashes, partitions>>

\* A node returns a lease it has no work on.
LeaseReturned(n) ==
  /\ Reachable(n) /\ held[n] > 0 /\ used[n] = 0
  /\ free' = free + granted[n]
  /\ granted' = [granted EXCEPT ![n] = 0]
  /\ held' = [held EXCEPT ![n] = 0]
  /\ ttl' = [ttl EXCEPT ![n] = Expired]
  /\ UNCHANGED <<used, up, cut, grants, renewals, admissions, crashes, partitions>>

\* A node gives up a lease it has no work on, and its return never reaches the ledger (lost,
\* or the node cut off): the ledger keeps the booking until it expires and reclaims it then.
ReturnLost(n) ==
  /\ up[n] /\ held[n] > 0 /\ used[n] = 0
  /\ held' = [held EXCEPT ![n] = 0]
  /\ UNCHANGED <<free, granted, used, ttl, up, cut, grants, renewals, admissions, crashes, partitions>>

\* The holder finds its lease expired (its clock may be up to MaxSkew ahead) and stops the
\* work admitted against it.
HolderExpired(n) ==
  /\ up[n] /\ held[n] > 0 /\ ttl[n] <= MaxSkew
  /\ held' = [held EXCEPT ![n] = 0]
  /\ used' = [used EXCEPT ![n] = 0]
  /\ UNCHANGED <<free, granted, ttl, up, cut, grants, renewals, admissions, crashes, partitions>>

\* The ledger takes back a lease whose holder has surely stopped, whatever the clocks say.
LeaseReclaimed(n) ==
  /\ granted[n] > 0 /\ ttl[n] = Expired
  /\ free' = free + granted[n]
  /\ granted' = [granted EXCEPT ![n] = 0]
  /\ UNCHANGED <<held, used, ttl, up, cut, grants, renewals, admissions, crashes, partitions>>

\* Time passes for every lease that is still counting down. Not beyond the point where a
\* holder, however slow its clock, must have stopped. (A set, not \E, in the guard: an \E in an
\* action is one branch per witness, and the checker, like TLC, would generate each tick twice.)
Counting(n) == (granted[n] > 0 \/ held[n] > 0) /\ ttl[n] > Expired
Tick ==
  /\ {n \in Nodes : Counting(n)} # {}
  /\ \A n \in Nodes : held[n] > 0 => ttl[n] > -MaxSkew
  /\ ttl' = [n \in Nodes |-> IF Counting(n) THEN ttl[n] - 1 ELSE ttl[n]]
  /\ UNCHANGED <<free, granted, held, used, up, cut, grants, renewals, admissions, crashes, partitions>>

-----------------------------------------------------------------------------
(* Admission: local, against the node's lease *)

Admitted(n) ==
  /\ up[n] /\ used[n] < held[n] /\ admissions < MaxAdmissions
  /\ used' = [used EXCEPT ![n] = @ + 1]
  /\ admissions' = admissions + 1
  /\ UNCHANGED <<free, granted, held, ttl, up, cut, grants, renewals, crashes, partitions>>

\* Work ends and its unit returns to the node's lease (not yet to the account).
Released(n) ==
  /\ up[n] /\ used[n] > 0
  /\ used' = [used EXCEPT ![n] = @ - 1]
  /\ UNCHANGED <<free, granted, held, ttl, up, cut, grants, renewals, admissions, crashes, partitions>>

-----------------------------------------------------------------------------
(* Faults: the suite's *)

Crashed(n) ==
  /\ up[n] /\ crashes < MaxCrashes
  /\ up' = [up EXCEPT ![n] = FALSE]
  /\ held' = [held EXCEPT ![n] = 0]
  /\ used' = [used EXCEPT ![n] = 0]
  /\ crashes' = crashes + 1
  /\ UNCHANGED <<free, granted, ttl, cut, grants, renewals, admissions, partitions>>

Restarted(n) ==
  /\ ~up[n]
  /\ up' = [up EXCEPT ![n] = TRUE]
  /\ UNCHANGED <<free, granted, held, used, ttl, cut, grants, renewals, admissions, crashes, partitions>>

Partitioned(n) ==
  /\ ~cut[n] /\ partitions < MaxPartitions
  /\ cut' = [cut EXCEPT ![n] = TRUE]
  /\ partitions' = partitions + 1
  /\ UNCHANGED <<free, granted, held, used, ttl, up, grants, renewals, admissions, crashes>>

Healed(n) ==
  /\ cut[n]
  /\ cut' = [cut EXCEPT ![n] = FALSE]
  /\ UNCHANGED <<free, granted, held, used, ttl, up, grants, renewals, admissions, crashes, partitions>>

-----------------------------------------------------------------------------

Next ==
  \/ \E n \in Nodes : LeaseGranted(n)
  \/ \E n \in Nodes : LeaseRenewed(n)
  \/ \E n \in Nodes : LeaseReturned(n)
  \/ \E n \in Nodes : ReturnLost(n)
  \/ \E n \in Nodes : HolderExpired(n)
  \/ \E n \in Nodes : LeaseReclaimed(n)
  \/ Tick
  \/ \E n \in Nodes : Admitted(n)
  \/ \E n \in Nodes : Released(n)
  \/ \E n \in Nodes : Crashed(n)
  \/ \E n \in Nodes : Restarted(n)
  \/ \E n \in Nodes : Partitioned(n)
  \/ \E n \in Nodes : Healed(n)

\* Time passes, the ledger reclaims what has expired, and holders notice their expiry.
Spec == Init /\ [][Next]_vars /\ WF_vars(Tick) /\ WF_vars(\E n \in Nodes : LeaseReclaimed(n))
        /\ WF_vars(\E n \in Nodes : HolderExpired(n))

-----------------------------------------------------------------------------
(* Properties *)

\* The ledger's books balance: what it can lease plus what it has booked is the quota.
LedgerBalanced == free + Sum(granted) = Quota

\* Usage plus outstanding leases never exceed the quota, under crashes, partitions and skew:
\* every node's claim is the larger of what the ledger booked to it and what it holds.
WithinQuota == Sum([n \in Nodes |-> Max(granted[n], held[n])]) <= Quota

\* A node runs work only against a lease the ledger still books to it.
UsageLeased == \A n \in Nodes : used[n] <= held[n] /\ (held[n] > 0 => granted[n] = held[n])

\* Liveness: what is released or expires returns to the account: a lease its holder lost
\* (crash) or gave up (expiry) does not stay booked.
NoStrandedLease == \A n \in Nodes : granted[n] > 0 => held[n] > 0
LeasesReturn == []<>NoStrandedLease
=============================================================================
