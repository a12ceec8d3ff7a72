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
(* installed stale).                                                       *)
(*                                                                         *)
(* Failures (at most MaxFailures, crashes and partitions together): a    *)
(* crashed node loses its copies, rights, hints, its pending fault and     *)
(* what was on its way to it; a page whose owner crashed (or whose         *)
(* ownership was travelling to it) is lost, and a fault on it fails with   *)
(* page_lost. A restarted node holds and owns nothing; its hints (and, if  *)
(* it is a manager, its records) are guesses; invalidations it had not     *)
(* acknowledged count as acknowledged. A partition delays what crosses it  *)
(* until it heals (the link re-sends; the network still loses nothing);   *)
(* a slow network, whose lost messages are re-sent late, is one too.      *)
(* A node whose hints lead nowhere re-learns the owner by asking every    *)
(* node (OwnerRecovered), so hints broken by a crash are repaired.        *)
(* A fault may give up (unavailable) only once it is stalled: a crash, a   *)
(* restart or a partition happened while it was pending (or was under way  *)
(* when it began), or its request was dropped because the hints lead       *)
(* nowhere (possible only after failures).                                 *)
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
  MaxWrites,  \* bound on writes started (hits and write faults)
  MaxFailures  \* bound on failures: node crashes and partitions (0: none)

ASSUME /\ Manager \in {"centralized", "fixed", "dynamic"}
       /\ NumNodes \in Nat /\ NumNodes > 0 /\ NumPages \in Nat /\ NumPages > 0
       /\ MaxWrites \in Nat /\ MaxFailures \in Nat

Nodes == 1 .. NumNodes
Pages == 1 .. NumPages
Values == 0 .. MaxWrites
NoValue == MaxWrites + 1    \* the contents of a page a node does not hold
NoFault == [kind |-> "none", page |-> 0, value |-> 0, stalled |-> FALSE]
ManagerOf(p) == IF Manager = "fixed" THEN ((p - 1) % NumNodes) + 1 ELSE 1

VARIABLES
  access,     \* access[n][p] \in {"none", "read", "write"}
  val,        \* val[n][p]: the contents of n's copy of p, or NoValue
  owner,      \* owner[p]: the owner, or the node the ownership is travelling to
  holding,    \* holding[p]: FALSE while the page and its ownership travel
  copyset,    \* copyset[p]: the owner's copy set (travels with the ownership)
  probOwner,  \* probOwner[n][p]: n's hint for p's owner (used by every mode past the manager)
  mgrOwner,   \* mgrOwner[p]: the manager's record of p's owner (centralized and fixed)
  pending,    \* pending[n]: n's outstanding fault [kind, page, value (the write's), stalled], or NoFault
  waitAcks,   \* waitAcks[n][p]: the nodes whose acknowledgement n waits for before writing p
  net,        \* messages in flight
  latest,     \* latest[p]: the last value written to p (history)
  writes,     \* writes started
  up,         \* the nodes running
  lost,       \* the pages lost with their owner
  failures,   \* crashes and partitions so far
  partitioned  \* a partition is in place (it heals before the next one)

vars == <<access, val, owner, holding, copyset, probOwner, mgrOwner, pending, waitAcks, net,
          latest, writes, up, lost, failures, partitioned>>

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
  /\ pending \in [Nodes -> {NoFault} \cup [kind : {"read", "write"}, page : Pages, value : Values, stalled : BOOLEAN]]
  /\ waitAcks \in [Nodes -> [Pages -> SUBSET Nodes]]
  /\ net \subseteq Message
  /\ latest \in [Pages -> Values]
  /\ writes \in 0 .. MaxWrites
  /\ up \subseteq Nodes /\ lost \subseteq Pages /\ failures \in 0 .. MaxFailures /\ partitioned \in BOOLEAN

Init ==
  /\ access = [n \in Nodes |-> [p \in Pages |-> IF n = 1 THEN "write" ELSE "none"]]
  /\ val = [n \in Nodes |-> [p \in Pages |-> IF n = 1 THEN 0 ELSE NoValue]]
  /\ owner = [p \in Pages |-> 1]
  /\ holding = [p \in Pages |-> TRUE]
  /\ copyset = [p \in Pages |-> {}]
  /\ probOwner = [n \in Nodes |-> [p \in Pages |-> 1]]
  /\ mgrOwner = [p \in Pages |-> 1]
  /\ pending = [n \in Nodes |-> NoFault]
  /\ waitAcks = [n \in Nodes |-> [p \in Pages |-> {}]]
  /\ net = {}
  /\ latest = [p \in Pages |-> 0]
  /\ writes = 0
  /\ up = Nodes
  /\ lost = {}
  /\ failures = 0
  /\ partitioned = FALSE

Faulting(n, kind, p) == pending[n].kind = kind /\ pending[n].page = p

\* Copies on their way to n for page p.
CopiesTo(n, p) == {c \in net : c.type = "copy" /\ c.to = n /\ c.page = p}

\* n holds p as its owner (a restarted node owns nothing: what it owned is lost).
Owns(n, p) == owner[p] = n /\ holding[p] /\ p \notin lost

\* The owner holds p and may serve a request: it is not completing a write fault of its own
\* on p (a fault on another page does not stop it: that could deadlock two nodes), nor waiting
\* for the acknowledgements of one that gave up (its copy set went with the invalidations).
Serves(n, p) == Owns(n, p) /\ ~Faulting(n, "write", p) /\ waitAcks[n][p] = {}

\* Following hints from n reaches p's owner (or the node the ownership travels to) or a node
\* waiting for the ownership within k hops.
RECURSIVE Reaches(_, _, _)
Reaches(n, p, k) ==
  IF owner[p] = n \/ Faulting(n, "write", p) THEN TRUE
  ELSE IF k = 0 THEN FALSE ELSE Reaches(probOwner[n][p], p, k - 1)

\* A failure is under way: a node is down or the network is partitioned. A fault that begins
\* then, or is pending when a failure happens, is stalled: it may give up (FaultUnavailable).
Disrupted == partitioned \/ up # Nodes
Stalled(pf) == [k \in Nodes |-> IF pf[k] = NoFault THEN NoFault ELSE [pf[k] EXCEPT !.stalled = TRUE]]

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
  /\ UNCHANGED <<access, owner, holding, copyset, probOwner, mgrOwner, pending, waitAcks, net, up, lost, failures, partitioned>>

ReadFault(n, p) ==
  /\ n \in up /\ access[n][p] = "none" /\ pending[n] = NoFault
  /\ pending' = [pending EXCEPT ![n] = [kind |-> "read", page |-> p, value |-> 0, stalled |-> Disrupted]]
  /\ net' = net \cup {Request("read", p, n)}
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* A write fault counts against the write budget when it starts. An owner holding a read copy
\* upgrades in place: it invalidates its copy set; anyone else asks for the ownership.
WriteFault(n, p) ==
  /\ n \in up /\ access[n][p] # "write" /\ pending[n] = NoFault /\ writes < MaxWrites
  /\ pending' = [pending EXCEPT ![n] = [kind |-> "write", page |-> p, value |-> writes + 1, stalled |-> Disrupted]]
  /\ writes' = writes + 1
  /\ IF Owns(n, p)
       THEN /\ net' = net \cup {[type |-> "invalidate", page |-> p, from |-> n, to |-> m] : m \in copyset[p]}
            /\ waitAcks' = [waitAcks EXCEPT ![n][p] = @ \cup copyset[p]]
            /\ copyset' = [copyset EXCEPT ![p] = {}]
       ELSE /\ net' = net \cup {Request("write", p, n)}
            /\ UNCHANGED <<waitAcks, copyset>>
  /\ UNCHANGED <<access, val, owner, holding, probOwner, mgrOwner, latest, up, lost, failures, partitioned>>

-----------------------------------------------------------------------------
(* The protocol *)

\* The manager forwards a request to the owner it records; a write request makes the
\* requester the recorded owner.
ManagerForwarded(m) ==
  /\ m \in net /\ m.type = "request" /\ m.to \in up /\ m.atManager
  /\ net' = (net \ {m}) \cup {[m EXCEPT !.to = mgrOwner[m.page], !.atManager = FALSE]}
  /\ mgrOwner' = IF m.kind = "write" THEN [mgrOwner EXCEPT ![m.page] = m.from] ELSE mgrOwner
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* A node that is not the owner, and is not itself waiting for the ownership, passes the
\* request on along its hint; forwarding a write request points the hint at the requester.
\* (A node's own request goes on too: with failures its hint may have been itself, a restarted
\* node's guess, until OwnerRecovered.)
HintForwarded(m) ==
  /\ m \in net /\ m.type = "request" /\ m.to \in up /\ ~m.atManager
  /\ owner[m.page] # m.to
  /\ ~(m.from # m.to /\ Faulting(m.to, "write", m.page))
  /\ net' = (net \ {m}) \cup {[m EXCEPT !.to = probOwner[m.to][m.page]]}
  /\ probOwner' = IF m.kind = "write" THEN [probOwner EXCEPT ![m.to][m.page] = m.from] ELSE probOwner
  /\ UNCHANGED <<access, val, owner, holding, copyset, mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* The owner sends a read copy, adds the reader to its copy set and keeps only a read right.
ReadServed(m) ==
  /\ m \in net /\ m.type = "request" /\ m.to \in up /\ ~m.atManager /\ m.kind = "read"
  /\ Serves(m.to, m.page)
  /\ copyset' = [copyset EXCEPT ![m.page] = @ \cup {m.from}]
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ net' = (net \ {m}) \cup {[type |-> "copy", page |-> m.page, from |-> m.to, to |-> m.from,
                               value |-> val[m.to][m.page]]}
  /\ UNCHANGED <<val, owner, holding, probOwner, mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* The owner gives the page, its ownership and its copy set (less the requester) to the
\* requester, drops its own right, and points its hint at the new owner.
WriteServed(m) ==
  /\ m \in net /\ m.type = "request" /\ m.to \in up /\ ~m.atManager /\ m.kind = "write"
  /\ Serves(m.to, m.page)
  /\ owner' = [owner EXCEPT ![m.page] = m.from]
  /\ holding' = [holding EXCEPT ![m.page] = FALSE]
  /\ copyset' = [copyset EXCEPT ![m.page] = @ \ {m.from}]
  /\ access' = [access EXCEPT ![m.to][m.page] = "none"]
  /\ val' = [val EXCEPT ![m.to][m.page] = NoValue]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ net' = (net \ {m}) \cup {[type |-> "ownership", page |-> m.page, from |-> m.to, to |-> m.from,
                               value |-> val[m.to][m.page]]}
  /\ UNCHANGED <<mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* A read copy arrives: the read fault is served.
CopyReceived(m) ==
  /\ m \in net /\ m.type = "copy" /\ m.to \in up
  /\ Faulting(m.to, "read", m.page)
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ val' = [val EXCEPT ![m.to][m.page] = m.value]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ pending' = [pending EXCEPT ![m.to] = NoFault]
  /\ net' = net \ {m}
  /\ UNCHANGED <<owner, holding, copyset, mgrOwner, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* The page and its ownership arrive: the new owner holds a read right and invalidates the
\* copy set it inherited. (With failures it may be the answer to a write fault that gave up,
\* reaching a node now faulting for a read: the page serves that fault too.)
OwnershipReceived(m) ==
  /\ m \in net /\ m.type = "ownership" /\ m.to \in up
  /\ pending' = IF Faulting(m.to, "read", m.page) THEN [pending EXCEPT ![m.to] = NoFault] ELSE pending
  /\ holding' = [holding EXCEPT ![m.page] = TRUE]
  /\ access' = [access EXCEPT ![m.to][m.page] = "read"]
  /\ val' = [val EXCEPT ![m.to][m.page] = m.value]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.to]
  /\ waitAcks' = [waitAcks EXCEPT ![m.to][m.page] = @ \cup copyset[m.page]]
  /\ copyset' = [copyset EXCEPT ![m.page] = {}]
  /\ net' = (net \ ({m} \cup CopiesTo(m.to, m.page)))
             \cup {[type |-> "invalidate", page |-> m.page, from |-> m.to, to |-> k] : k \in copyset[m.page]}
  /\ UNCHANGED <<owner, mgrOwner, latest, writes, up, lost, failures, partitioned>>

\* A node gives up its copy and acknowledges; one to which a read copy is still in transit
\* waits for it first (a later fault must not take that stale copy). Without failures a node in
\* the copy set with a read fault pending always has the copy on its way; with failures it may
\* have none (a crashed incarnation's copy, or one of a fault that gave up): waiting for a copy
\* that will not come would deadlock with the owner, which serves no request until every
\* acknowledgement is in. A port tells them apart by the fault the invalidated copy was for.
Invalidated(m) ==
  /\ m \in net /\ m.type = "invalidate" /\ m.to \in up
  /\ CopiesTo(m.to, m.page) = {}
  /\ access' = [access EXCEPT ![m.to][m.page] = "none"]
  /\ val' = [val EXCEPT ![m.to][m.page] = NoValue]
  /\ probOwner' = [probOwner EXCEPT ![m.to][m.page] = m.from]
  /\ net' = (net \ {m}) \cup {[type |-> "ack", page |-> m.page, from |-> m.to, to |-> m.from]}
  /\ UNCHANGED <<owner, holding, copyset, mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

AckReceived(m) ==
  /\ m \in net /\ m.type = "ack" /\ m.to \in up
  /\ waitAcks' = [waitAcks EXCEPT ![m.to][m.page] = @ \ {m.from}]
  /\ net' = net \ {m}
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, pending, latest, writes, up, lost, failures, partitioned>>

\* Every copy is gone: the owner takes the write right and the faulting write is performed.
WriteGranted(n) ==
  /\ pending[n].kind = "write"
  /\ LET p == pending[n].page IN
       /\ Owns(n, p) /\ waitAcks[n][p] = {}
       /\ access' = [access EXCEPT ![n][p] = "write"]
       /\ val' = [val EXCEPT ![n][p] = pending[n].value]
       /\ latest' = [latest EXCEPT ![p] = pending[n].value]
  /\ pending' = [pending EXCEPT ![n] = NoFault]
  /\ UNCHANGED <<owner, holding, copyset, probOwner, mgrOwner, waitAcks, net, writes, up, lost, failures, partitioned>>

-----------------------------------------------------------------------------
(* Crashes, and faults that fail *)

\* The node loses its copies, rights, pending fault and what was on its way to it; the pages
\* it owned, or whose ownership was travelling to it, are lost. Requests it sent survive. Every
\* pending fault is stalled (what it waits for may have been lost with the node).
Crash(n) ==
  /\ n \in up /\ failures < MaxFailures
  /\ up' = up \ {n}
  /\ failures' = failures + 1
  /\ lost' = lost \cup {p \in Pages : owner[p] = n}
  /\ access' = [access EXCEPT ![n] = [p \in Pages |-> "none"]]
  /\ val' = [val EXCEPT ![n] = [p \in Pages |-> NoValue]]
  /\ pending' = Stalled([pending EXCEPT ![n] = NoFault])
  /\ waitAcks' = [waitAcks EXCEPT ![n] = [p \in Pages |-> {}]]
  /\ net' = {m \in net : m.to # n}
  /\ UNCHANGED <<owner, holding, copyset, probOwner, mgrOwner, latest, writes, partitioned>>

\* A manager's records after a restart: guesses for the pages it manages.
RecordGuesses(n) ==
  {r \in [Pages -> Nodes] : \A p \in Pages : (Manager = "dynamic" \/ ManagerOf(p) # n) => r[p] = mgrOwner[p]}

\* The node runs again holding and owning nothing (a page whose ownership reached it while it
\* was down is lost too); its hints and records are guesses; the link drops what was sent to
\* it while it was down; its peers count its outstanding acknowledgements as received, and
\* drop those of its crashed incarnation still on their way (counted twice, one would stand
\* for a later invalidation of a copy the new incarnation took). Every pending fault is stalled
\* (what was sent to the node while it was down is gone).
Restart(n) ==
  /\ n \notin up
  /\ \E hint \in [Pages -> Nodes], record \in RecordGuesses(n) :
       /\ probOwner' = [probOwner EXCEPT ![n] = hint]
       /\ mgrOwner' = record
  /\ up' = up \cup {n}
  /\ lost' = lost \cup {p \in Pages : owner[p] = n}
  /\ waitAcks' = [k \in Nodes |-> [p \in Pages |-> waitAcks[k][p] \ {n}]]
  /\ net' = {m \in net : m.to # n /\ ~(m.type = "ack" /\ m.from = n)}
  /\ pending' = Stalled(pending)
  /\ UNCHANGED <<access, val, owner, holding, copyset, latest, writes, failures, partitioned>>

\* With failures hints may lead nowhere (a restarted node's guesses, a loop through a requester
\* that gave up): a request at a node whose hints do not reach the owner may be dropped there,
\* and so may one at its requester that knows no owner (its hint is itself: the owner recovery
\* it starts may find none). The requester is told (the port's `unreachable` answer): its fault
\* on the page is stalled.
RequestDropped(m) ==
  /\ m \in net /\ m.type = "request" /\ m.to \in up /\ ~m.atManager /\ MaxFailures > 0
  /\ ~Serves(m.to, m.page)
  /\ ~(Reaches(m.to, m.page, NumNodes) /\ ~(m.to = m.from /\ probOwner[m.to][m.page] = m.to))
  /\ net' = net \ {m}
  /\ pending' = IF pending[m.from].page = m.page THEN [pending EXCEPT ![m.from].stalled = TRUE] ELSE pending
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* A copy that arrives at a node not faulting for it (a request of a crashed incarnation's,
\* served after the restart) is not used (the copy set still names the node: a later
\* invalidation finds nothing to revoke).
CopyDropped(m) ==
  /\ m \in net /\ m.type = "copy" /\ m.to \in up
  /\ ~Faulting(m.to, "read", m.page)
  /\ net' = net \ {m}
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, pending, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* A fault that ends unserved discards the copy that may still come for it: a later fault on
\* the page must not take it (the copy set that covered it may have gone with a transfer).
\* An implementation tells the copies of its faults apart (a fault number in the request).
EndUnserved(n) ==
  /\ pending' = [pending EXCEPT ![n] = NoFault]
  /\ net' = net \ CopiesTo(n, pending[n].page)

\* A fault on a lost page fails with page_lost (definite: it did not take effect).
FaultLost(n) ==
  /\ n \in up /\ pending[n] # NoFault /\ pending[n].page \in lost
  /\ EndUnserved(n)
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* A stalled fault may give up with unavailable (indefinite; a timeout: time is not modelled, so
\* it may fire at any moment once a failure has stalled the fault): what it sent travels on, and
\* a write fault's ownership may still arrive (the node then owns the page with a read right; the
\* write it was for was not performed). A fault that no failure touched does not give up.
FaultUnavailable(n) ==
  /\ n \in up /\ pending[n] # NoFault /\ pending[n].stalled
  /\ EndUnserved(n)
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, waitAcks, latest, writes, up, lost, failures, partitioned>>

\* The network splits (which nodes end up on which side is not modelled: a partition only
\* delays what crosses it, and the network reorders freely anyway); every pending fault is
\* stalled. It heals before it splits again. A slow network (messages lost and re-sent late, or
\* held) is this too: a timeout cannot tell the two apart.
Partition ==
  /\ ~partitioned /\ failures < MaxFailures
  /\ partitioned' = TRUE
  /\ failures' = failures + 1
  /\ pending' = Stalled(pending)
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, waitAcks, net, latest, writes, up, lost>>

Heal ==
  /\ partitioned
  /\ partitioned' = FALSE
  /\ UNCHANGED <<access, val, owner, holding, copyset, probOwner, mgrOwner, pending, waitAcks, net, latest, writes, up, lost, failures>>

\* Owner recovery (Li and Hudak's broadcast): a node that knows no owner of p (its hint is itself
\* and it does not hold p: a restarted first node or centralized manager), or whose hints lead
\* nowhere (a request came back to it, or passed the hop bound: a loop through a restarted node's
\* guesses), asks every node whether it owns p. The step is taken when the owner, up and holding p,
\* answers; the node's hint, and its record if it manages p, name it. (The answer may arrive after
\* the page moved on: the record is then a hint one hop behind, which forwarding follows.) "No"
\* from every node proves no loss (the ownership may travel): the requests waiting for the answer
\* give up (FaultUnavailable).
OwnerRecovered(n, p) ==
  /\ n \in up /\ MaxFailures > 0
  \* Its hint is itself, or its hints lead nowhere (one condition, not two disjuncts: both may hold).
  /\ ~(probOwner[n][p] # n /\ Reaches(n, p, NumNodes))
  /\ ~Owns(n, p)
  /\ \E k \in up \ {n} :
       /\ Owns(k, p)
       /\ probOwner' = [probOwner EXCEPT ![n][p] = k]
       /\ mgrOwner' = IF Manager # "dynamic" /\ ManagerOf(p) = n THEN [mgrOwner EXCEPT ![p] = k] ELSE mgrOwner
  /\ UNCHANGED <<access, val, owner, holding, copyset, pending, waitAcks, net, latest, writes, up, lost, failures, partitioned>>

FailedFaults ==
  \/ \E m \in net : RequestDropped(m)
  \/ \E m \in net : CopyDropped(m)
  \/ \E n \in Nodes : FaultLost(n)
  \/ \E n \in Nodes : FaultUnavailable(n)

Failures ==
  \/ \E n \in Nodes : Crash(n)
  \/ \E n \in Nodes : Restart(n)
  \/ Partition
  \/ Heal
  \/ \E n \in Nodes, p \in Pages : OwnerRecovered(n, p)
  \/ FailedFaults

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
  \/ Failures

\* The nodes and the network keep handling what is addressed to them.
Spec == Init /\ [][Next]_vars /\ WF_vars(ProtocolStep)

\* One message handled where it is.
Receive(m) ==
  \/ ManagerForwarded(m) \/ HintForwarded(m) \/ ReadServed(m) \/ WriteServed(m)
  \/ CopyReceived(m) \/ OwnershipReceived(m) \/ Invalidated(m) \/ AckReceived(m)

\* With failures the state graph has cycles (a fault gives up and is taken again), so fairness
\* must be finer than Spec's (one weak fairness over many actions is met by any of them): every
\* kind of message between two nodes is eventually handled (else one node's requests, forwarded
\* again and again, could starve an ownership on its way), and so on per node. Besides,
\* the network eventually heals, a request whose hints lead nowhere is eventually dropped (the
\* port's hop bound), an unused copy is eventually discarded, and a fault on a lost page or a
\* stalled one eventually ends (its timeout fires). Crashed nodes need not restart.
\* The fairness of FairSpec but for its messages' (DSMBad's variants, which handle a kind of
\* message otherwise, state theirs).
FairProgress ==
  /\ \A n \in Nodes : WF_vars(WriteGranted(n))
  /\ WF_vars(Heal)
  /\ \A n \in Nodes : WF_vars(\E m \in net : m.from = n /\ RequestDropped(m))
  /\ \A n \in Nodes : WF_vars(\E m \in net : m.to = n /\ CopyDropped(m))
  /\ \A n \in Nodes : WF_vars(FaultLost(n) \/ FaultUnavailable(n))

MessageTypes == {"request", "copy", "ownership", "invalidate", "ack"}

FairMessages == \A f \in Nodes, t \in Nodes, type \in MessageTypes : WF_vars(\E m \in net : m.from = f /\ m.to = t /\ m.type = type /\ Receive(m))

\* A node whose hints lead nowhere eventually re-learns the owner (OwnerRecovered): else a loop of
\* hints through a restarted node's guesses would make every fault of its nodes give up, for good.
Relearning == \A n \in Nodes, p \in Pages : WF_vars(OwnerRecovered(n, p))

FairSpec == Init /\ [][Next]_vars /\ FairMessages /\ FairProgress /\ Relearning

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
\* every other node with a read right (so that a write will invalidate it), and, in the
\* crash-free model, no node that neither holds a copy nor has one in transit (with failures a
\* crashed reader, or one whose fault gave up before its copy came, stays named until the
\* next write's invalidation finds nothing). A lost page's copies are never invalidated: no one
\* writes it again (LostPagesFrozen).
CopysetExact ==
  \A p \in Pages :
    holding[p] /\ waitAcks[owner[p]][p] = {} /\ p \notin lost =>
      LET readers == {n \in Nodes \ {owner[p]} : access[n][p] = "read"}
          inTransit == {n \in Nodes : CopiesTo(n, p) # {}}
      IN /\ readers \subseteq copyset[p]
         /\ MaxFailures = 0 => copyset[p] \subseteq readers \cup inTransit

\* With failures hints are guesses (a restarted node's), lead through a dead node, or loop
\* through a node whose write fault gave up after a forwarder pointed its hint at it: the
\* property is stated for the failure-free model, and with failures a request may be dropped
\* (RequestDropped).
HintsReachOwner == MaxFailures = 0 => \A p \in Pages, n \in Nodes : Reaches(n, p, NumNodes)

\* What survives a crash: a lost page is never written again (its only writer was its owner),
\* and with DataValue every copy of it that survives still holds its latest write.
LostPagesFrozen == \A p \in lost, n \in Nodes : access[n][p] # "write"

\* Liveness: under fairness every fault is served.
EveryFaultServed == []<>(\A n \in Nodes : pending[n] = NoFault)

\* Liveness with failures (FairSpec): every fault ends, served, or failed page_lost, or given
\* up; and it gives up only if a failure stalled it (FaultUnavailable), so one that no failure
\* touched is served.
EveryFaultEnds == \A n \in Nodes : pending[n] # NoFault ~> pending[n] = NoFault

\* Every node runs, the network is whole, and no failure is left to come (this lasts).
Recovered == up = Nodes /\ ~partitioned /\ failures = MaxFailures

\* Liveness with failures (FairSpec): once the failures are over, hints that lead nowhere are
\* repaired, so that eventually no fault on a page that survived is stalled again (its request
\* dropped for hints that lead nowhere, and the fault given up): every one is served.
HintsRepaired == <>[](Recovered => \A n \in Nodes : pending[n].stalled => pending[n].page \in lost)
=============================================================================
