--------------------------------- MODULE DSM ---------------------------------
(***************************************************************************)
(* cloudOS distributed shared memory: page-based write-invalidate          *)
(* coherence in the style of Ivy (Li and Hudak, "Memory Coherence in       *)
(* Shared Virtual Memory Systems", 1989).                                  *)
(*                                                                         *)
(* Every page has one owner, which holds it and keeps its copy set: the    *)
(* nodes holding read copies. A node's access right to a page is "none",   *)
(* "read" or "write". A read fault asks the owner for a copy (the owner    *)
(* adds the reader to its copy set and keeps a read right); a write fault  *)
(* asks for the page and its ownership; the new owner invalidates every    *)
(* copy in the copy set, waits for every acknowledgement, and only then    *)
(* takes the write right and performs the write that faulted. An owner     *)
(* that holds a read copy upgrades in place (it invalidates its copy set). *)
(*                                                                         *)
(* How a request finds the owner is the constant Manager:                  *)
(*   "centralized"  one manager node (node 1) records every page's owner   *)
(*                  and forwards each request there;                       *)
(*   "fixed"        the same, with page p managed by node                  *)
(*                  ((p - 1) % NumNodes) + 1;                              *)
(*   "dynamic"      no manager: each node keeps a probable owner per page  *)
(*                  and requests follow those hints; a node that forwards  *)
(*                  a write request, and an owner that gives the page up,  *)
(*                  point their hint at the requester; a node that gets a  *)
(*                  copy or an invalidation points it at the sender.       *)
(* In every mode a request that reaches a node that is no longer the owner *)
(* follows that node's hint (the page may have moved on after the manager  *)
(* forwarded the request), and a request that reaches a node waiting for  *)
(* the ownership it asked for waits there, as Ivy queues it.               *)
(*                                                                         *)
(* The network reorders freely and loses nothing. A node acknowledges an   *)
(* invalidation only once it holds no copy in transit: one that arrives    *)
(* while its read fault is pending waits for the copy, which it then       *)
(* gives up (otherwise a copy overtaken by its invalidation would be       *)
(* installed stale). Node crashes are not modelled (see README.md).        *)
(*                                                                         *)
(* Writes are numbered: the k-th write started in the run writes the      *)
(* value k, so values are unique; a page's coherence order is the order in *)
(* which its writes are performed (`latest` is the last).                  *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
  Manager,    \* "centralized", "fixed" or "dynamic"
  NumNodes,   \* nodes 1 .. NumNodes; node 1 owns every page at first
  NumPages,   \* pages 1 .. NumPages, all holding 0 at first
  MaxWrites   \* bound on writes started (hits and write faults)

ASSUME /\ Manager \in {"centralized", "fixed", "dynamic"}
       /\ NumNodes \in Nat /\ NumNodes > 0 /\ NumPages \in Nat /\ NumPages > 0
       /\ MaxWrites \in Nat

Nodes == 1 .. NumNodes
Pages == 1 .. NumPages
Values == 0 .. MaxWrites
NoValue == MaxWrites + 1    \* the contents of a page a node does not hold
NoFault == [kind |-> "none", page |-> 0, value |-> 0]
ManagerOf(p) == IF Manager = "fixed" THEN ((p - 1) % NumNodes) + 1 ELSE 1

VARIABLES
  access,     \* access[n][p] \in {"none", "read", "write"}
  val,        \* val[n][p]: the contents of n's copy of p, or NoValue
  owner,      \* owner[p]: the owner, or the node the ownership is travelling to
  holding,    \* holding[p]: FALSE while the page and its ownership travel
  copyset,    \* copyset[p]: the owner's copy set (travels with the ownership)
  probOwner,  \* probOwner[n][p]: n's hint for p's owner (used by every mode past the manager)
  mgrOwner,   \* mgrOwner[p]: the manager's record of p's owner (centralized and fixed)
  pending,    \* pending[n]: n's outstanding fault [kind, page, value (the write's)], or NoFault
  waitAcks,   \* waitAcks[n]: the nodes whose acknowledgement n waits for before writing
  net,        \* messages in flight
  latest,     \* latest[p]: the last value written to p (history)
  writes      \* writes started

vars == <<access, val, owner, holding, copyset, probOwner, mgrOwner, pending, waitAcks, net,
          latest, writes>>

Message ==
       [type : {"request"}, kind : {"read", "write"}, page : Pages, from : Nodes, to : Nodes,
        atManager : BOOLEAN]
  \cup [type : {"copy"}, page : Pages, from : Nodes, to : Nodes, value : Values]
  \cup [type : {"ownership"}, page : Pages, from : Nodes, to : Nodes, value : Values]
  \cup [type : {"invalidate", "ack"}, page : Pages, from : Nodes, to : Nodes]

TypeOK ==
  /\ access \in [Nodes -> [Pages -> {"none", "read", "write"}]]
  /\ val \in [Nodes -> [Pages -> Values \cup {NoValue}]]
  /\ owner \in [Pages -> Nodes]
  /\ holding \in [Pages -> BOOLEAN]
  /\ copyset \in [Pages -> SUBSET Nodes]
  /\ probOwner \in [Nodes -> [Pages -> Nodes]]
  /\ mgrOwner \in [Pages -> Nodes]
  /\ pending \in [Nodes -> {NoFault} \cup [kind : {"read", "write"}, page : Pages, value : Values]]
  /\ waitAcks \in [Nodes -> SUBSET Nodes]
  /\ net \subseteq Message
  /\ latest \in [Pages -> Values]
  /\ writes \in 0 .. MaxWrites

Init ==
  /\ access = [n \in Nodes |-> [p \in Pages |-> IF n = 1 THEN "write" ELSE "none"]]
  /\ val = [n \in Nodes |-> [p \in Pages |-> IF n = 1 THEN 0 ELSE NoValue]]
  /\ owner = [p \in Pages |-> 1]
  /\ holding = [p \in Pages |-> TRUE]
  /\ copyset = [p \in Pages |-> {}]
  /\ probOwner = [n \in Nodes |-> [p \in Pages |-> 1]]
  /\ mgrOwner = [p \in Pages |-> 1]
  /\ pending = [n \in Nodes |-> NoFault]
  /\ waitAcks = [n \in Nodes |-> {}]
  /\ net = {}
  /\ latest = [p \in Pages |-> 0]
  /\ writes = 0

Faulting(n, kind, p) == pending[n].kind = kind /\ pending[n].page = p

\* The owner holds p and may serve a request: it is not completing a write fault of its own
\* on p (a fault on another page does not stop it: that could deadlock two nodes).
Serves(n, p) == owner[p] = n /\ holding[p] /\ ~Faulting(n, "write", p)

\* A fault's request goes to the manager, or (dynamic) to the faulting node's hint.
Request(kind, p, n) ==
  IF Manager = "dynamic"
    THEN [type |-> "request", kind |-> kind, page |-> p, from |-> n, to |-> probOwner[n][p], atManager |-> FALSE]
    ELSE [type |-> "request", kind |-> kind, page |-> p, from |-> n, to |-> ManagerOf(p), atManager |-> TRUE]

-----------------------------------------------------------------------------
(* The process on each node: a read with a right, or a write with the write right, is not a  *)
(* protocol step (a reported read must equal ReadReturns); anything else faults.            *)

ReadReturns(n, p, v) == access[n][p] # "none" /\ v = val[n][p]

Written(n, p) ==
  /\ access[n][p] = "write" /\ pending[n] = NoFault /\ writes < MaxWrites
  /\ val' = [val EXCEPT ![n][p] = writes + 1]
  /\ latest' = [latest EXCEPT ![p] = writes + 1]
  /\ writes' = writes + 1
  /\ UNCHANGED <<access, owner, holding, copyset, probOwner, mgrOwner, pending, waitAcks, net>>

ReadFault(n, p) ==
  /\ access[n][p] = "none" /\ pending[n] = NoFault
  /\ pending' = [pending EXCEPT ![n] = [kind |-> "read", page |-> p, value |-> 0]]
  /\ net' = net \cup {Request("read", p, n)}
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, waitAcks, latest, writes>>

\* A write fault counts against the write budget when it starts. An owner holding a read copy
\* upgrades in place: it invalidates its copy set; anyone else asks for the ownership.
WriteFault(n, p) ==
  /\ access[n][p] # "write" /\ pending[n] = NoFault /\ writes < MaxWrites
  /\ pending' = [pending EXCEPT ![n] = [kind |-> "write", page |-> p, value |-> writes + 1]]
  /\ writes' = writes + 1
  /\ IF owner[p] = n /\ holding[p]
       THEN /\ net' = net \cup {[type |-> "invalidate", page |-> p, from |-> n, to |-> m] : m \in copyset[p]}
            /\ waitAcks' = [waitAcks EXCEPT ![n] = copyset[p]]
            /\ copyset' = [copyset EXCEPT ![p] = {}]
       ELSE /\ net' = net \cup {Request("write", p, n)}
            /\ UNCHANGED <<waitAcks, copyset>>
  /\ UNCHANGED <<access, val, owner, holding, probOwner, mgrOwner, latest>>

-----------------------------------------------------------------------------
(* The protocol *)

\* The manager forwards a request to the owner it records; a write request makes the
\* requester the recorded owner.
ManagerForwarded(m) ==
  /\ m \in net /\ m.type = "request" /\ m.atManager
  /\ net' = (net \ {m}) \cup {[m EXCEPT !.to = mgrOwner[m.page], !.atManager = FALSE]}
  /\ mgrOwner' = IF m.kind = "write" THEN [mgrOwner EXCEPT ![m.page] = m.from] ELSE mgrOwner
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, pending, waitAcks, latest, writes>>

\* A node that is not the owner, and is not itself waiting for the ownership, passes the
\* request on along its hint; forwarding a write request points the hint at the requester.
HintForwarded(m) ==
  /\ m \in net /\ m.type = "request" /\ ~m.atManager
  /\ owner[m.page] # m.to
  /\ ~Faulting(m.to, "write", m.page)
  /\ net' = (net \ {m}) \cup {[m EXCEPT !.to = probOwner[m.to][m.page]]}
  /\ probOwner' = IF m.kind = "write" THEN [probOwner EXCEPT ![m.to][m.page] = m.from] ELSE probOwner
  /\ UNCHANGED <<access, val, owner, holding, copyset, mgrOwner, pending, waitAcks, latest, writes>>

\* The owner sends a read copy, adds the reader to its copy set and keeps only a read right.
ReadServed(m) ==
  /\ m \in net /\ m.type = "request" /\ ~m.atManager /\ m.kind = "read"
  /\ Serves(m.to, m.page)
  /\ copyset' = [copyset EXCEPT ![m.page] = @ \cup {m.from}]
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ net' = (net \ {m}) \cup {[type |-> "copy", page |-> m.page, from |-> m.to, to |-> m.from,
                               value |-> val[m.to][m.page]]}
  /\ UNCHANGED <<val, owner, holding, probOwner, mgrOwner, pending, waitAcks, latest, writes>>

\* The owner gives the page, its ownership and its copy set (less the requester) to the
\* requester, drops its own right, and points its hint at the new owner.
WriteServed(m) ==
  /\ m \in net /\ m.type = "request" /\ ~m.atManager /\ m.kind = "write"
  /\ Serves(m.to, m.page)
  /\ owner' = [owner EXCEPT ![m.page] = m.from]
  /\ holding' = [holding EXCEPT ![m.page] = FALSE]
  /\ copyset' = [copyset EXCEPT ![m.page] = @ \ {m.from}]
  /\ access' = [access EXCEPT ![m.to][m.page] = "none"]
  /\ val' = [val EXCEPT ![m.to][m.page] = NoValue]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ net' = (net \ {m}) \cup {[type |-> "ownership", page |-> m.page, from |-> m.to, to |-> m.from,
                               value |-> val[m.to][m.page]]}
  /\ UNCHANGED <<mgrOwner, pending, waitAcks, latest, writes>>

\* A read copy arrives: the read fault is served.
CopyReceived(m) ==
  /\ m \in net /\ m.type = "copy"
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ val' = [val EXCEPT ![m.to][m.page] = m.value]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ pending' = [pending EXCEPT ![m.to] = NoFault]
  /\ net' = net \ {m}
  /\ UNCHANGED <<owner, holding, copyset, mgrOwner, waitAcks, latest, writes>>

\* The page and its ownership arrive: the new owner holds a read right and invalidates the
\* copy set it inherited.
OwnershipReceived(m) ==
  /\ m \in net /\ m.type = "ownership"
  /\ holding' = [holding EXCEPT ![m.page] = TRUE]
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ val' = [val EXCEPT ![m.to][m.page] = m.value]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.to]
  /\ waitAcks' = [waitAcks EXCEPT ![m.to] = copyset[m.page]]
  /\ copyset' = [copyset EXCEPT ![m.page] = {}]
  /\ net' = (net \ {m}) \cup {[type |-> "invalidate", page |-> m.page, from |-> m.to, to |-> k] : k \in copyset[m.page]}
  /\ UNCHANGED <<owner, mgrOwner, pending, latest, writes>>

\* A node gives up its copy and acknowledges; one whose read copy is still in transit waits
\* for it first.
Invalidated(m) ==
  /\ m \in net /\ m.type = "invalidate"
  /\ ~Faulting(m.to, "read", m.page)
  /\ access' = [access EXCEPT ![m.to][m.page] = "none"]
  /\ val' = [val EXCEPT ![m.to][m.page] = NoValue]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ net' = (net \ {m}) \cup {[type |-> "ack", page |-> m.page, from |-> m.to, to |-> m.from]}
  /\ UNCHANGED <<owner, holding, copyset, mgrOwner, pending, waitAcks, latest, writes>>

AckReceived(m) ==
  /\ m \in net /\ m.type = "ack"
  /\ waitAcks' = [waitAcks EXCEPT ![m.to] = @ \ {m.from}]
  /\ net' = net \ {m}
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, pending, latest, writes>>

\* Every copy is gone: the owner takes the write right and the faulting write is performed.
WriteGranted(n) ==
  /\ pending[n].kind = "write"
  /\ LET p == pending[n].page IN
       /\ owner[p] = n /\ holding[p] /\ waitAcks[n] = {}
       /\ access' = [access EXCEPT ![n][p] = "write"]
       /\ val' = [val EXCEPT ![n][p] = pending[n].value]
       /\ latest' = [latest EXCEPT ![p] = pending[n].value]
  /\ pending' = [pending EXCEPT ![n] = NoFault]
  /\ UNCHANGED <<owner, holding, copyset, probOwner, mgrOwner, waitAcks, net, writes>>

-----------------------------------------------------------------------------

ProtocolStep ==
  \/ \E m \in net : ManagerForwarded(m) \/ HintForwarded(m) \/ ReadServed(m) \/ WriteServed(m)
                    \/ CopyReceived(m) \/ OwnershipReceived(m) \/ Invalidated(m) \/ AckReceived(m)
  \/ \E n \in Nodes : WriteGranted(n)

Next ==
  \/ \E n \in Nodes, p \in Pages : Written(n, p)
  \/ \E n \in Nodes, p \in Pages : ReadFault(n, p)
  \/ \E n \in Nodes, p \in Pages : WriteFault(n, p)
  \/ \E m \in net : ManagerForwarded(m)
  \/ \E m \in net : HintForwarded(m)
  \/ \E m \in net : ReadServed(m)
  \/ \E m \in net : WriteServed(m)
  \/ \E m \in net : CopyReceived(m)
  \/ \E m \in net : OwnershipReceived(m)
  \/ \E m \in net : Invalidated(m)
  \/ \E m \in net : AckReceived(m)
  \/ \E n \in Nodes : WriteGranted(n)

\* The nodes and the network keep handling what is addressed to them.
Spec == Init /\ [][Next]_vars /\ WF_vars(ProtocolStep)

-----------------------------------------------------------------------------
(* Properties *)

\* Single writer or many readers, never both.
SingleWriter ==
  \A p \in Pages, n \in Nodes :
    access[n][p] = "write" => \A k \in Nodes \ {n} : access[k][p] = "none"

\* Data value: every copy a node may read holds the page's latest write, so a read returns the
\* latest write in the page's coherence order. (With every read and write an atomic step at
\* a node, this makes every execution sequentially consistent: the order of the steps is a
\* total order of all operations that respects each node's program order and in which every
\* read returns the latest write before it.)
DataValue ==
  \A p \in Pages, n \in Nodes : access[n][p] # "none" => val[n][p] = latest[p]

\* The owner's copy set is exact once no transfer or invalidation is under way: it names
\* every other node with a read right (so that a write will invalidate it), and no node that
\* neither holds a copy nor has one in transit.
CopysetExact ==
  \A p \in Pages :
    holding[p] /\ waitAcks[owner[p]] = {} =>
      LET readers == {n \in Nodes \ {owner[p]} : access[n][p] = "read"}
          inTransit == {m.to : m \in {c \in net : c.type = "copy" /\ c.page = p}}
      IN readers \subseteq copyset[p] /\ copyset[p] \subseteq readers \cup inTransit

\* Probable-owner chains are acyclic and end at the owner (or the node the ownership travels
\* to) or at a node waiting for the ownership, which queues what reaches it and whose own
\* request is on its way to the owner: following hints from any node gets there within
\* NumNodes steps. (A forwarder points at a write requester before it owns the page, so a
\* chain may pass through waiting nodes; it never loops.)
RECURSIVE Reaches(_, _, _)
Reaches(n, p, k) ==
  IF owner[p] = n \/ Faulting(n, "write", p) THEN TRUE
  ELSE IF k = 0 THEN FALSE ELSE Reaches(probOwner[n][p], p, k - 1)
HintsReachOwner == \A p \in Pages, n \in Nodes : Reaches(n, p, NumNodes)

\* Liveness: under fairness every fault is served.
EveryFaultServed == []<>(\A n \in Nodes : pending[n] = NoFault)
=============================================================================
