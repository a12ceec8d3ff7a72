---------------------------- MODULE MigrationBad ----------------------------
(* Deliberately wrong variants of Migration, each a specification the checker must refute  *)
(* with a counterexample (see README.md, "Known-bad variants"):                            *)
(*   EarlySwitchSpec        - pre-copy switches without copying the last dirty pages       *)
(*   ForwardingDroppedSpec  - a pointer is retired while a sender still believes in the    *)
(*                            old location                                                 *)
(*   AbortRaceSpec          - an abort that races the commit resumes the source after the  *)
(*                            switch: two copies run                                       *)
(*   StalePageSpec          - post-copy goes on after the source crashed and serves the    *)
(*                            pages it no longer has as fresh (zero) pages                 *)
EXTENDS Migration

\* The switch moves the execution state but not the pages dirtied since the last round.
SwitchedEarly ==
  /\ mstate = "frozen" /\ up[src] /\ up[dst]
  /\ copy' = [copy EXCEPT ![src] = "none", ![dst] = "active"]
  /\ mem' = [mem EXCEPT ![src] = NoPages]
  /\ mstate' = "idle"
  /\ fwd' = [fwd EXCEPT ![src] = dst, ![dst] = NoNode]
  /\ loc' = dst
  /\ dirty' = {}
  /\ UNCHANGED <<up, fate, src, dst, round, lastWritten, writes, sent, received, cache, net,
                 migrations, crashes>>

\* The node checks that nothing is addressed to it, but not that no sender still believes in it.
ForwardingRetiredEarly(n) ==
  /\ fwd[n] # NoNode /\ up[n]
  /\ \A m \in net : m.to # n
  /\ fwd' = [fwd EXCEPT ![n] = NoNode]
  /\ UNCHANGED <<copy, mem, up, loc, fate, mstate, src, dst, round, dirty, lastWritten, writes,
                 sent, received, cache, net, migrations, crashes>>

\* The source's abort timer fires while the destination's commit is on its way: the source
\* resumes even though the switch happened (post-copy: it still holds the pages).
MigrationAbortedLate ==
  /\ mstate \in {"copying", "frozen", "pulling"} /\ up[src]
  /\ copy' = [copy EXCEPT ![src] = "active"]
  /\ mstate' = "idle"
  /\ dirty' = {}
  /\ UNCHANGED <<mem, up, fwd, loc, fate, src, dst, round, lastWritten, writes, sent, received,
                 cache, net, migrations, crashes>>

\* A crash of the post-copy source is not noticed: the destination runs on without its pages.
CrashedUnnoticed(n) ==
  /\ up[n] /\ crashes < MaxCrashes
  /\ up' = [up EXCEPT ![n] = FALSE]
  /\ fwd' = [fwd EXCEPT ![n] = NoNode]
  /\ crashes' = crashes + 1
  /\ IF copy[n] \in {"active", "frozen"}
       THEN /\ fate' = "lost"
            /\ copy' = [k \in Nodes |-> "none"]
            /\ mem' = [k \in Nodes |-> NoPages]
            /\ mstate' = "idle"
            /\ dirty' = {}
       ELSE /\ copy' = [copy EXCEPT ![n] = "none"]
            /\ mem' = [mem EXCEPT ![n] = NoPages]
            /\ UNCHANGED <<fate, mstate, dirty>>
  /\ UNCHANGED <<loc, src, dst, round, lastWritten, writes, sent, received, cache, net,
                 migrations>>

\* ... and a fault on a page the source no longer has is served with a fresh page.
PageZeroFilled(p) ==
  /\ mstate = "pulling" /\ ~up[src] /\ up[dst]
  /\ mem[dst][p] = Absent
  /\ mem' = [mem EXCEPT ![dst][p] = 0]
  /\ IF \A q \in Pages \ {p} : mem[dst][q] # Absent
       THEN mstate' = "idle" /\ copy' = [copy EXCEPT ![src] = "none"]
       ELSE UNCHANGED <<mstate, copy>>
  /\ UNCHANGED <<up, fwd, loc, fate, src, dst, round, dirty, lastWritten, writes, sent, received,
                 cache, net, migrations, crashes>>

\* Migration's Next with actions replaced (each disjunct one action, as in Migration).
ProcessAndMessages ==
  \/ \E p \in Pages : Written(p)
  \/ \E s \in Senders : Sent(s)
  \/ \E m \in net : Delivered(m)
  \/ \E m \in net : Forwarded(m)
  \/ \E m \in net : Rerouted(m)
  \/ \E m \in net : Dropped(m)

EarlySwitchNext ==
  \/ ProcessAndMessages
  \/ \E d \in Nodes : MigrationStarted(d)
  \/ RoundCopied
  \/ Frozen
  \/ SwitchedEarly
  \/ MigrationAborted
  \/ \E n \in Nodes : ForwardingRetired(n)
  \/ \E n \in Nodes : Crashed(n)

ForwardingDroppedNext ==
  \/ ProcessAndMessages
  \/ \E d \in Nodes : MigrationStarted(d)
  \/ RoundCopied
  \/ Frozen
  \/ Switched
  \/ \E p \in Pages : PageFetched(p)
  \/ MigrationAborted
  \/ \E n \in Nodes : ForwardingRetiredEarly(n)
  \/ \E n \in Nodes : Crashed(n)

AbortRaceNext ==
  \/ ProcessAndMessages
  \/ \E d \in Nodes : MigrationStarted(d)
  \/ RoundCopied
  \/ Frozen
  \/ Switched
  \/ \E p \in Pages : PageFetched(p)
  \/ MigrationAbortedLate
  \/ \E n \in Nodes : ForwardingRetired(n)
  \/ \E n \in Nodes : Crashed(n)

StalePageNext ==
  \/ ProcessAndMessages
  \/ \E d \in Nodes : MigrationStarted(d)
  \/ Frozen
  \/ Switched
  \/ \E p \in Pages : PageFetched(p)
  \/ \E p \in Pages : PageZeroFilled(p)
  \/ MigrationAborted
  \/ \E n \in Nodes : ForwardingRetired(n)
  \/ \E n \in Nodes : CrashedUnnoticed(n)

EarlySwitchSpec == Init /\ [][EarlySwitchNext]_vars
ForwardingDroppedSpec == Init /\ [][ForwardingDroppedNext]_vars
AbortRaceSpec == Init /\ [][AbortRaceNext]_vars
StalePageSpec == Init /\ [][StalePageNext]_vars
=============================================================================
