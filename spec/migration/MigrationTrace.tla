---------------------------- MODULE MigrationTrace ----------------------------
(***************************************************************************)
(* Migration as trace validation sees it (conformance/src/checkers/        *)
(* migration-trace.ts): every step of Migration, unchanged, labelled with  *)
(* the trace event a port reports for it (README, "Actions and the trace   *)
(* vocabulary"); `observed` counts the labelled steps. Two additions, both *)
(* for what a port does but does not report:                               *)
(*   Read(n, p)   a reported read, a step that changes nothing but the     *)
(*                label, so that ReadReturns is checked where it happens;  *)
(*   WorkDirtied  the process's own work (the spawn's dirtyPagesPerSec)    *)
(*                dirties pages the suite never touches, `WorkPages`,      *)
(*                numbered above `Pages`: it changes no page the trace     *)
(*                shows, only how many are dirty, so the port's pre-copy   *)
(*                policy (another round, or the freeze) is its own choice  *)
(*                when validation sets DirtyThreshold = NumPages.          *)
(* Forwarded and Rerouted are unlabelled: the trace shows where a message  *)
(* is delivered, and the spec decides whether forwarding can bring it      *)
(* there (a port's home node may learn the new location, which the        *)
(* module's pointers do not model). They are taken only for a sender's    *)
(* next message in sequence, the one that can be delivered next: moving   *)
(* later ones earlier explains nothing more and would multiply the states  *)
(* the search carries by two per message in flight.                       *)
(* The mode is each migration's: `mode` is Migration's constant Mode,     *)
(* chosen when a migration starts (a process may move by pre-copy, then   *)
(* by post-copy); while a migration runs it is that migration's constant. *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS Nodes, Home, NoNode, Senders, NumPages, MaxWrites, MaxMessages, MaxRounds,
          DirtyThreshold, MaxMigrations, MaxCrashes

VARIABLES copy, mem, up, fwd, loc, fate, mstate, src, dst, round, dirty, lastWritten, writes,
          sent, received, cache, net, migrations, crashes,
          mode,      \* the mode of the current (or last) migration
          observed,  \* labelled steps taken
          event      \* the label of the last one

\* Migration in each mode; M for the actions that do not read Mode.
PreCopy == INSTANCE Migration WITH Mode <- "pre-copy"
PostCopy == INSTANCE Migration WITH Mode <- "post-copy"
M == INSTANCE Migration WITH Mode <- "pre-copy"
Modes == {"stop-and-copy", "pre-copy", "post-copy"}

\* The actions that read Mode, in the current migration's mode (stop-and-copy freezes like
\* post-copy and switches like pre-copy).
RoundCopied == mode = "pre-copy" /\ PreCopy!RoundCopied
Frozen == IF mode = "pre-copy" THEN PreCopy!Frozen ELSE PostCopy!Frozen
Switched == IF mode = "post-copy" THEN PostCopy!Switched ELSE PreCopy!Switched

WorkPages == NumPages + 1 .. 2 * NumPages + 1

Init == M!Init /\ mode = "stop-and-copy" /\ observed = 0 /\ event = <<"Init">>

Labelled(label) == observed' = observed + 1 /\ event' = label /\ UNCHANGED mode
Unlabelled == UNCHANGED <<mode, observed, event>>

\* A sender's next message, the one the process can take next.
InSequence(m) == m.seq = received[m.from] + 1

WorkDirtied ==
  /\ mstate = "copying" /\ fate = "running" /\ ~(WorkPages \subseteq dirty)
  /\ dirty' = dirty \cup WorkPages
  /\ UNCHANGED <<copy, mem, up, fwd, loc, fate, mstate, src, dst, round, lastWritten, writes,
                 sent, received, cache, net, migrations, crashes>>
  /\ Unlabelled

Read(n, p) ==
  /\ n = loc /\ M!ReadReturns(p, mem[n][p])
  /\ UNCHANGED M!vars
  /\ Labelled(<<"Read", n, p, mem[n][p]>>)

\* Where the process runs (one active copy at most: OneActiveCopy).
Running == CHOOSE n \in Nodes : copy[n] = "active"

Next ==
  \/ \E p \in M!Pages : M!Written(p) /\ Labelled(<<"Written", Running, p, writes + 1>>)
  \/ \E n \in Nodes, p \in M!Pages : Read(n, p)
  \/ \E d \in Nodes, md \in Modes :
       /\ M!MigrationStarted(d) /\ mode' = md
       /\ observed' = observed + 1 /\ event' = <<"MigrationStarted", loc, d, md>>
  \/ RoundCopied /\ Labelled(<<"RoundCopied", src, round + 1>>)
  \/ Frozen /\ Labelled(<<"Frozen", src>>)
  \/ Switched /\ Labelled(<<"Switched", src, dst>>)
  \/ \E p \in M!Pages : M!PageFetched(p) /\ Labelled(<<"PageFetched", dst, p>>)
  \/ M!MigrationAborted /\ Labelled(<<"MigrationAborted", src>>)
  \/ \E n \in Nodes : M!ForwardingRetired(n) /\ Labelled(<<"ForwardingRetired", n>>)
  \/ \E s \in Senders : M!Sent(s) /\ Labelled(<<"Sent", s, sent[s] + 1>>)
  \/ \E m \in net : M!Delivered(m) /\ Labelled(<<"Delivered", m.to, m.from, m.seq>>)
  \/ \E m \in net : M!Dropped(m) /\ Labelled(<<"Dropped", m.from, m.seq>>)
  \/ \E n \in Nodes : M!Crashed(n) /\ Labelled(<<"Crashed", n>>)
  \/ \E m \in net : InSequence(m) /\ M!Forwarded(m) /\ Unlabelled
  \/ \E m \in net : InSequence(m) /\ M!Rerouted(m) /\ Unlabelled
  \/ WorkDirtied
=============================================================================
