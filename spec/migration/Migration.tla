------------------------------ MODULE Migration ------------------------------
(***************************************************************************)
(* cloudOS process migration.                                              *)
(*                                                                         *)
(* One process, identified by its pid, runs on one node of `Nodes`. Its    *)
(* state is its memory (pages holding values) and its mailbox (how many    *)
(* messages of each sender it has taken). The registry maps the pid, and   *)
(* through it every name of the process, to one location, `loc`: the pid  *)
(* and the names never change, only `loc` does.                            *)
(*                                                                         *)
(* A migration moves the process from `src` to `dst`; the protocol is the  *)
(* constant Mode:                                                          *)
(*   "stop-and-copy"  freeze, copy every page and the execution state,     *)
(*                    switch;                                              *)
(*   "pre-copy"       rounds copy the pages dirtied since the previous     *)
(*                    round (all of them in the first) while the process   *)
(*                    runs; freeze when the dirty set is at most           *)
(*                    DirtyThreshold or after MaxRounds rounds; the switch *)
(*                    copies the last dirty pages and the execution state; *)
(*   "post-copy"      freeze, move the execution state, switch; the pages  *)
(*                    stay at the source, which serves them (pulled on a   *)
(*                    fault or pushed in the background) until the last    *)
(*                    one has moved.                                       *)
(* Before the switch a migration may abort (the destination crashed, or a  *)
(* timeout): the destination discards its copy and the source runs on.     *)
(*                                                                         *)
(* Messages: each sender numbers its messages and sends them to the        *)
(* location it believes in (`cache`); the network reorders freely, and the *)
(* process takes each sender's messages in sequence order. A message that  *)
(* reaches a node the process has left is FORWARDED along the pointer the  *)
(* switch left there, and the sender learns the new location (lazy update, *)
(* as in Sprite and Demos/MP): forwarding costs no round trip to the       *)
(* sender and needs no sender-side buffer. A pointer may be retired only   *)
(* when nothing can reach it any more: no sender believes in the node, no  *)
(* message is addressed to it, no other pointer leads to it. A message to  *)
(* a crashed node is refused by the network and RE-RESOLVED through the    *)
(* registry, so a crash loses pointers but no message. A message that     *)
(* reaches a live node with neither the process nor a pointer is dropped   *)
(* (the kernel cannot tell a stale pid from a wrong one): the spec must   *)
(* never let that happen while the process lives.                          *)
(*                                                                         *)
(* Nodes crash and stay down (a restarted machine is a new node for the   *)
(* registry). A crash of the node holding the running or frozen process    *)
(* kills it; in post-copy, so does a crash of the source while it still    *)
(* holds pages the destination lacks. That loss is the price of post-copy  *)
(* and is stated as a property (PostCopyLossOnlyInPostCopy), not hidden.   *)
(*                                                                         *)
(* Action names are the trace events of the README's trace vocabulary.    *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
  Mode,            \* "stop-and-copy", "pre-copy" or "post-copy"
  Nodes,           \* machines (model values)
  Home,            \* the node the process starts on
  NoNode,          \* a model value that is not a node: no pointer
  Senders,         \* processes that send to the migrating one (model values)
  NumPages,        \* pages of the process's memory: 1 .. NumPages
  MaxWrites,       \* bound on writes by the process (values written are 1, 2, ...)
  MaxMessages,     \* bound on messages per sender
  MaxRounds,       \* pre-copy: at most this many rounds before the freeze
  DirtyThreshold,  \* pre-copy: freeze once at most this many pages are dirty
  MaxMigrations,   \* bound on migrations started
  MaxCrashes       \* bound on node crashes

ASSUME /\ Mode \in {"stop-and-copy", "pre-copy", "post-copy"}
       /\ Home \in Nodes /\ NoNode \notin Nodes
       /\ NumPages \in Nat /\ NumPages > 0 /\ MaxWrites \in Nat /\ MaxMessages \in Nat
       /\ MaxRounds \in Nat /\ MaxRounds > 0 /\ DirtyThreshold \in Nat
       /\ MaxMigrations \in Nat /\ MaxCrashes \in Nat

Pages == 1 .. NumPages
Absent == -1                             \* a page this node does not hold
Values == 0 .. MaxWrites                 \* 0: the initial contents of every page
NoPages == [p \in Pages |-> Absent]

VARIABLES
  copy,         \* copy[n]: the process's copy on n: "none", "active", "frozen", "incoming", "serving"
  mem,          \* mem[n][p]: the value of page p on node n, or Absent
  up,           \* up[n]: FALSE once n has crashed
  fwd,          \* fwd[n]: where n forwards messages for the process, or NoNode
  loc,          \* the registry: where the pid (and every name of the process) resolves
  fate,         \* "running", "lost" (crash of its node) or "lost-post-copy" (source crash mid-pull)
  mstate,       \* the migration: "idle", "copying", "frozen" or "pulling" (post-copy after the switch)
  src, dst,     \* the current (or last) migration's endpoints
  round,        \* pre-copy rounds done in the current migration
  dirty,        \* pages written at the source since the last copy to the destination
  lastWritten,  \* lastWritten[p]: the last value the process wrote to p (history)
  writes,       \* writes done
  sent,         \* sent[s]: messages s has sent (numbered 1 .. sent[s])
  received,     \* received[s]: messages of s the process has taken (its mailbox state)
  cache,        \* cache[s]: where s believes the process is
  net,          \* messages in flight: [from, seq, to] (to: the node it is addressed to)
  migrations,   \* migrations started
  crashes       \* crashes used

vars == <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten, writes,
          sent, received, cache, net, migrations, crashes>>

Message == [from : Senders, seq : 1 .. MaxMessages, to : Nodes]

TypeOK ==
  /\ copy \in [Nodes -> {"none", "active", "frozen", "incoming", "serving"}]
  /\ mem \in [Nodes -> [Pages -> Values \cup {Absent}]]
  /\ up \in [Nodes -> BOOLEAN]
  /\ fwd \in [Nodes -> Nodes \cup {NoNode}]
  /\ loc \in Nodes
  /\ fate \in {"running", "lost", "lost-post-copy"}
  /\ mstate \in {"idle", "copying", "frozen", "pulling"}
  /\ src \in Nodes /\ dst \in Nodes
  /\ round \in 0 .. MaxRounds
  /\ dirty \subseteq Pages
  /\ lastWritten \in [Pages -> Values]
  /\ writes \in 0 .. MaxWrites
  /\ sent \in [Senders -> 0 .. MaxMessages]
  /\ received \in [Senders -> 0 .. MaxMessages]
  /\ cache \in [Senders -> Nodes]
  /\ net \subseteq Message
  /\ migrations \in 0 .. MaxMigrations
  /\ crashes \in 0 .. MaxCrashes

Init ==
  /\ copy = [n \in Nodes |-> IF n = Home THEN "active" ELSE "none"]
  /\ mem = [n \in Nodes |-> IF n = Home THEN [p \in Pages |-> 0] ELSE NoPages]
  /\ up = [n \in Nodes |-> TRUE]
  /\ fwd = [n \in Nodes |-> NoNode]
  /\ loc = Home
  /\ fate = "running"
  /\ mstate = "idle"
  /\ src = Home /\ dst = Home
  /\ round = 0
  /\ dirty = {}
  /\ lastWritten = [p \in Pages |-> 0]
  /\ writes = 0
  /\ sent = [s \in Senders |-> 0]
  /\ received = [s \in Senders |-> 0]
  /\ cache = [s \in Senders |-> Home]
  /\ net = {}
  /\ migrations = 0
  /\ crashes = 0

\* The destination's memory after copying the pages in `pages` from the source.
CopiedFromSource(pages) == [p \in Pages |-> IF p \in pages THEN mem[src][p] ELSE mem[dst][p]]

-----------------------------------------------------------------------------
(* The process *)

\* The process writes page p on the node where it runs; a post-copy destination must hold the
\* page first (a write to a missing page faults, PageFetched). During the copy phase the page
\* becomes dirty: the destination's copy of it is stale.
Written(p) ==
  /\ writes < MaxWrites
  /\ \E n \in Nodes :
       /\ copy[n] = "active" /\ mem[n][p] # Absent
       /\ mem' = [mem EXCEPT ![n][p] = writes + 1]
  /\ lastWritten' = [lastWritten EXCEPT ![p] = writes + 1]
  /\ writes' = writes + 1
  /\ dirty' = IF mstate = "copying" THEN dirty \cup {p} ELSE dirty
  /\ UNCHANGED <<copy, up, fwd, loc, fate, mstate, src, dst, round, sent, received, cache, net,
                 migrations, crashes>>

\* A read is not a step: the value a reported read returns must be this one.
ReadReturns(p, v) == copy[loc] = "active" /\ mem[loc][p] # Absent /\ v = mem[loc][p]

-----------------------------------------------------------------------------
(* The migration protocol *)

MigrationStarted(d) ==
  /\ mstate = "idle" /\ fate = "running" /\ migrations < MaxMigrations
  /\ d # loc /\ up[d]
  /\ copy' = [copy EXCEPT ![d] = "incoming"]
  /\ mstate' = "copying"
  /\ src' = loc /\ dst' = d
  /\ round' = 0
  /\ dirty' = Pages   \* nothing has been copied yet
  /\ migrations' = migrations + 1
  /\ UNCHANGED <<mem, up, fwd, loc, fate, lastWritten, writes, sent, received, cache, net, crashes>>

\* Pre-copy: one round copies every page dirtied since the previous one, while the process runs.
\* IF rather than \/ in the guard: both sides may hold, and a disjunction would be two branches.
RoundCopied ==
  /\ Mode = "pre-copy" /\ mstate = "copying" /\ up[src] /\ up[dst]
  /\ round < MaxRounds
  /\ IF round = 0 THEN TRUE ELSE Cardinality(dirty) > DirtyThreshold
  /\ mem' = [mem EXCEPT ![dst] = CopiedFromSource(dirty)]
  /\ dirty' = {}
  /\ round' = round + 1
  /\ UNCHANGED <<copy, up, fwd, loc, fate, mstate, src, dst, lastWritten, writes, sent, received,
                 cache, net, migrations, crashes>>

\* The source stops the process: at once in stop-and-copy and post-copy; in pre-copy after at
\* least one round, once the writable working set is small enough or the rounds are used up.
Frozen ==
  /\ mstate = "copying" /\ up[src]
  /\ IF Mode = "pre-copy"
       THEN round >= 1 /\ (IF Cardinality(dirty) <= DirtyThreshold THEN TRUE ELSE round = MaxRounds)
       ELSE TRUE
  /\ copy' = [copy EXCEPT ![src] = "frozen"]
  /\ mstate' = "frozen"
  /\ UNCHANGED <<mem, up, fwd, loc, fate, src, dst, round, dirty, lastWritten, writes, sent,
                 received, cache, net, migrations, crashes>>

\* The execution state (and the mailbox: `received` belongs to the process) moves to the
\* destination, which runs from now on; the registry and the source's pointer follow. Stop-and-
\* copy and pre-copy copy the remaining dirty pages first and the source discards its copy;
\* post-copy moves no page and the source keeps serving them.
Switched ==
  /\ mstate = "frozen" /\ up[src] /\ up[dst]
  /\ IF Mode = "post-copy"
       THEN /\ copy' = [copy EXCEPT ![src] = "serving", ![dst] = "active"]
            /\ mstate' = "pulling"
            /\ UNCHANGED mem
       ELSE /\ copy' = [copy EXCEPT ![src] = "none", ![dst] = "active"]
            /\ mem' = [mem EXCEPT ![dst] = CopiedFromSource(dirty), ![src] = NoPages]
            /\ mstate' = "idle"
  /\ fwd' = [fwd EXCEPT ![src] = dst, ![dst] = NoNode]
  /\ loc' = dst
  /\ dirty' = {}
  /\ UNCHANGED <<up, fate, src, dst, round, lastWritten, writes, sent, received, cache, net,
                 migrations, crashes>>

\* Post-copy: page p moves from the source to the destination, pulled on a fault or pushed in
\* the background (the same step); the source no longer has it. The last page ends the migration.
PageFetched(p) ==
  /\ mstate = "pulling" /\ up[src] /\ up[dst]
  /\ mem[dst][p] = Absent
  /\ mem' = [mem EXCEPT ![dst][p] = mem[src][p], ![src][p] = Absent]
  /\ IF \A q \in Pages \ {p} : mem[dst][q] # Absent
       THEN mstate' = "idle" /\ copy' = [copy EXCEPT ![src] = "none"]
       ELSE UNCHANGED <<mstate, copy>>
  /\ UNCHANGED <<up, fwd, loc, fate, src, dst, round, dirty, lastWritten, writes, sent, received,
                 cache, net, migrations, crashes>>

\* Before the switch, a migration may abort: the destination discards what it received (if it
\* is still up) and the source runs on, unchanged.
MigrationAborted ==
  /\ mstate \in {"copying", "frozen"} /\ up[src]
  /\ copy' = [copy EXCEPT ![src] = "active", ![dst] = "none"]
  /\ mem' = [mem EXCEPT ![dst] = NoPages]
  /\ mstate' = "idle"
  /\ dirty' = {}
  /\ UNCHANGED <<up, fwd, loc, fate, src, dst, round, lastWritten, writes, sent, received, cache,
                 net, migrations, crashes>>

\* Garbage collection of a pointer that nothing can reach any more.
Unreachable(n) ==
  /\ \A s \in Senders : cache[s] # n
  /\ \A m \in net : m.to # n
  /\ \A k \in Nodes : fwd[k] # n

ForwardingRetired(n) ==
  /\ fwd[n] # NoNode /\ up[n]
  /\ Unreachable(n)
  /\ fwd' = [fwd EXCEPT ![n] = NoNode]
  /\ UNCHANGED <<copy, mem, up, loc, fate, mstate, src, dst, round, dirty, lastWritten, writes,
                 sent, received, cache, net, migrations, crashes>>

-----------------------------------------------------------------------------
(* Messages *)

Sent(s) ==
  /\ sent[s] < MaxMessages
  /\ net' = net \cup {[from |-> s, seq |-> sent[s] + 1, to |-> cache[s]]}
  /\ sent' = [sent EXCEPT ![s] = @ + 1]
  /\ UNCHANGED <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten,
                 writes, received, cache, migrations, crashes>>

\* The process takes a sender's messages in sequence order; a later one waits in the network.
Delivered(m) ==
  /\ m \in net /\ up[m.to] /\ copy[m.to] = "active"
  /\ m.seq = received[m.from] + 1
  /\ received' = [received EXCEPT ![m.from] = @ + 1]
  /\ net' = net \ {m}
  /\ UNCHANGED <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten,
                 writes, sent, cache, migrations, crashes>>

\* A node the process has left passes the message on and tells the sender where it went.
Forwarded(m) ==
  /\ m \in net /\ fate = "running" /\ up[m.to]
  /\ copy[m.to] # "active" /\ fwd[m.to] # NoNode
  /\ net' = (net \ {m}) \cup {[m EXCEPT !.to = fwd[m.to]]}
  /\ cache' = [cache EXCEPT ![m.from] = fwd[m.to]]
  /\ UNCHANGED <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten,
                 writes, sent, received, migrations, crashes>>

\* The network refuses a message to a crashed node; the sender re-resolves the pid.
Rerouted(m) ==
  /\ m \in net /\ fate = "running" /\ ~up[m.to]
  /\ net' = (net \ {m}) \cup {[m EXCEPT !.to = loc]}
  /\ cache' = [cache EXCEPT ![m.from] = loc]
  /\ UNCHANGED <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten,
                 writes, sent, received, migrations, crashes>>

\* A message for a process that died, or that reached a live node holding neither the process
\* nor a pointer for it, is discarded.
Dropped(m) ==
  /\ m \in net
  /\ IF fate # "running" THEN TRUE
     ELSE up[m.to] /\ copy[m.to] \in {"none", "incoming"} /\ fwd[m.to] = NoNode
  /\ net' = net \ {m}
  /\ UNCHANGED <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten,
                 writes, sent, received, cache, migrations, crashes>>

-----------------------------------------------------------------------------
(* Faults: the suite's *)

\* A crash loses everything on the node: its copy, its pages, its pointer. It kills the process
\* if the node held its running or frozen copy, or (post-copy) pages the destination still lacks;
\* then every other copy is discarded too and the migration, if any, ends with it. A crashed
\* destination before the switch only leaves the migration to abort.
Crashed(n) ==
  /\ up[n] /\ crashes < MaxCrashes
  /\ up' = [up EXCEPT ![n] = FALSE]
  /\ fwd' = [fwd EXCEPT ![n] = NoNode]
  /\ crashes' = crashes + 1
  /\ IF copy[n] \in {"active", "frozen", "serving"}
       THEN /\ fate' = IF copy[n] = "serving" THEN "lost-post-copy" ELSE "lost"
            /\ copy' = [k \in Nodes |-> "none"]
            /\ mem' = [k \in Nodes |-> NoPages]
            /\ mstate' = "idle"
            /\ dirty' = {}
       ELSE /\ copy' = [copy EXCEPT ![n] = "none"]
            /\ mem' = [mem EXCEPT ![n] = NoPages]
            /\ UNCHANGED <<fate, mstate, dirty>>
  /\ UNCHANGED <<loc, src, dst, round, lastWritten, writes, sent, received, cache, net,
                 migrations>>

-----------------------------------------------------------------------------

MigrationStep == RoundCopied \/ Frozen \/ Switched \/ (\E p \in Pages : PageFetched(p)) \/ MigrationAborted
NetworkStep == \E m \in net : Delivered(m) \/ Forwarded(m) \/ Rerouted(m) \/ Dropped(m)

\* One action per disjunct: the checker names each step by its action, the trace vocabulary.
Next ==
  \/ \E p \in Pages : Written(p)
  \/ \E d \in Nodes : MigrationStarted(d)
  \/ RoundCopied
  \/ Frozen
  \/ Switched
  \/ \E p \in Pages : PageFetched(p)
  \/ MigrationAborted
  \/ \E n \in Nodes : ForwardingRetired(n)
  \/ \E s \in Senders : Sent(s)
  \/ \E m \in net : Delivered(m)
  \/ \E m \in net : Forwarded(m)
  \/ \E m \in net : Rerouted(m)
  \/ \E m \in net : Dropped(m)
  \/ \E n \in Nodes : Crashed(n)

\* A started migration keeps making progress (or aborts), and the network keeps delivering.
Spec == Init /\ [][Next]_vars /\ WF_vars(MigrationStep) /\ WF_vars(NetworkStep)

-----------------------------------------------------------------------------
(* Properties *)

\* Never two copies that run or could resume.
OneActiveCopy == Cardinality({n \in Nodes : copy[n] \in {"active", "frozen"}}) <= 1

\* The pid, and every name through it, leads to the process: to its source until the switch
\* (frozen between freeze and switch), to the destination after. In particular an aborted
\* migration leaves the process running at its source.
RunsWhereRegistered ==
  fate = "running" => copy[loc] = IF mstate = "frozen" THEN "frozen" ELSE "active"

\* Memory is preserved: every page the running process holds has the last value written to
\* it; a page a post-copy destination lacks is still at the source with that value.
MemoryPreserved ==
  fate = "running" =>
    \A p \in Pages :
      IF mem[loc][p] # Absent THEN mem[loc][p] = lastWritten[p]
      ELSE mstate = "pulling" /\ mem[src][p] = lastWritten[p]

\* Pre-copy's bookkeeping: while copying to a live destination, a page the source has not
\* dirtied since it was last copied is identical there.
DirtyTracked ==
  mstate \in {"copying", "frozen"} /\ Mode # "post-copy" /\ up[dst] =>
    \A p \in Pages \ dirty : mem[dst][p] = mem[src][p]

\* No loss: while the process lives, every message sent is taken or still in flight.
NoLoss ==
  fate = "running" =>
    \A s \in Senders : \A i \in 1 .. sent[s] :
      i <= received[s] \/ \E m \in net : m.from = s /\ m.seq = i

\* No duplication: the process never takes more than was sent, and nothing it took is still in
\* flight to be taken again. (Per-sender order holds by Delivered's rule, which trace
\* validation checks on every reported delivery.)
NoDuplication == \A s \in Senders : received[s] <= sent[s] /\ \A m \in net : m.from = s => m.seq > received[s]

\* What post-copy costs: the process dies with the source only in post-copy. In stop-and-copy
\* and pre-copy a source crash after the switch loses nothing.
PostCopyLossOnlyInPostCopy == fate = "lost-post-copy" => Mode = "post-copy"

\* Liveness under fairness: every migration commits or aborts (or ends with the process), and
\* every message in flight is delivered (or dropped because the process died).
MigrationEnds == []<>(mstate = "idle")
EveryMessageDelivered == []<>(net = {})
=============================================================================
