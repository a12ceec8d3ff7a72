-------------------------------- MODULE RPC --------------------------------
(***************************************************************************)
(* cloudOS remote procedure call, with the semantics chosen by a constant: *)
(*                                                                         *)
(*   "at-least-once"  the client retransmits until it gets a reply; the    *)
(*                    server executes every request it receives;           *)
(*   "at-most-once"   calls carry identifiers; the server remembers the    *)
(*                    calls it executed in a bounded table (evicting the   *)
(*                    oldest, and refusing any request older than what it  *)
(*                    evicted) and answers duplicates from it; the table   *)
(*                    is lost in a crash, so after a restart the server    *)
(*                    refuses every call issued before it came back;       *)
(*   "exactly-once"   the table is durable and survives server crashes.   *)
(*                                                                         *)
(* The procedure is echo: the result of a call is its argument, Args(id), *)
(* so a reply can be matched against the call it claims to answer. The    *)
(* network is a set of packets: it reorders and delays freely, and within *)
(* a fault budget it loses packets and duplicates them (a packet delivered *)
(* and also kept for a second delivery). Clients and the server crash and *)
(* restart within a crash budget; a crash discards the packets in flight  *)
(* to the node. A call whose client crashed is an orphan: it may still    *)
(* execute, but at most once where that is promised, and its reply never *)
(* reaches the restarted client.                                           *)
(*                                                                         *)
(* A client may also give up on its call without an answer: "timeout" (its *)
(* timer fired) or "unavailable" (it learnt the server is unreachable or  *)
(* gone). Both are indefinite: the request stays in flight and may still  *)
(* execute, and the call's late reply is dropped, never taken.            *)
(*                                                                         *)
(* Action names are the trace events of conformance/protocol/PROTOCOL.md   *)
(* (CallStarted, CallRetried, Executed, DuplicateSuppressed, ReplyReceived, *)
(* CallFailed); crashes, restarts, losses and duplications are the suite's *)
(* own events. See README.md for the mapping.                              *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
  Semantics,      \* "at-least-once", "at-most-once" or "exactly-once"
  Clients,        \* client processes (the server is a single process)
  MaxCalls,       \* bound on calls started, to keep the model finite
  DedupCapacity,  \* bound on the server's table in at-most-once mode
  MaxNetFaults,   \* fault budget of the network: losses plus duplications
  MaxCrashes,     \* crash budget: client and server crashes together
  MaxGiveUps      \* bound on calls that end without an answer (timeout or unavailable)

ASSUME /\ Semantics \in {"at-least-once", "at-most-once", "exactly-once"}
       /\ MaxCalls \in Nat /\ DedupCapacity \in Nat /\ DedupCapacity > 0
       /\ MaxNetFaults \in Nat /\ MaxCrashes \in Nat /\ MaxGiveUps \in Nat

CallIds == 1 .. MaxCalls
NoCall == 0
Args(id) == 100 + id   \* the argument of call id; echo returns it as the result

VARIABLES
  calls,      \* calls[id]: the client that started call id (a sequence: ids in start order)
  callState,  \* callState[id] \in CallStates
  outcome,    \* outcome[id]: the result the client accepted for call id (0 if none)
  endings,    \* endings[id]: how often call id ended at its client (history)
  execCount,  \* execCount[id]: how often the server executed call id, across crashes (history)
  current,    \* current[c]: the call client c waits for, or NoCall
  clientUp,   \* clientUp[c]: FALSE while client c is crashed
  serverUp,
  dedup,      \* ids of calls the server executed and remembers (empty in at-least-once)
  floor,      \* the server refuses requests with a smaller id that are not in dedup
  net,        \* packets in flight
  faults,     \* network faults used
  crashes     \* crashes used

vars == <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, dedup, floor,
          net, faults, crashes>>

\* Packet values are an argument (request), a result (reply) or 0 (refused).
Values == {0} \cup {Args(id) : id \in CallIds}
Packet == [kind : {"request", "reply", "refused"}, call : CallIds, value : Values]
Request(id) == [kind |-> "request", call |-> id, value |-> Args(id)]

\* "timeout" and "unavailable" are the client's give-ups: indefinite, like the refusal "failed".
GaveUp == {"timeout", "unavailable"}
CallStates == {"unused", "pending", "done", "failed", "orphan"} \cup GaveUp

Pending == {id \in CallIds : callState[id] = "pending"}
GiveUpsLeft == Cardinality({id \in CallIds : callState[id] \in GaveUp}) < MaxGiveUps
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(a, b) == IF a >= b THEN a ELSE b

TypeOK ==
  /\ Len(calls) <= MaxCalls /\ \A i \in DOMAIN calls : calls[i] \in Clients
  /\ callState \in [CallIds -> CallStates]
  /\ outcome \in [CallIds -> Values]
  /\ DOMAIN endings = CallIds /\ \A id \in CallIds : endings[id] \in Nat
  /\ DOMAIN execCount = CallIds /\ \A id \in CallIds : execCount[id] \in Nat
  /\ current \in [Clients -> CallIds \cup {NoCall}]
  /\ clientUp \in [Clients -> BOOLEAN]
  /\ serverUp \in BOOLEAN
  /\ dedup \subseteq CallIds
  /\ floor \in 1 .. MaxCalls + 1
  /\ net \subseteq Packet
  /\ faults \in 0 .. MaxNetFaults
  /\ crashes \in 0 .. MaxCrashes

Init ==
  /\ calls = <<>>
  /\ callState = [id \in CallIds |-> "unused"]
  /\ outcome = [id \in CallIds |-> 0]
  /\ endings = [id \in CallIds |-> 0]
  /\ execCount = [id \in CallIds |-> 0]
  /\ current = [c \in Clients |-> NoCall]
  /\ clientUp = [c \in Clients |-> TRUE]
  /\ serverUp = TRUE
  /\ dedup = {}
  /\ floor = 1
  /\ net = {}
  /\ faults = 0
  /\ crashes = 0

\* The network hands `pkt` to its receiver, which answers with the packets `answers`. As a
\* fault it may keep `pkt` too, to deliver it again (duplication).
Deliver(pkt, answers) ==
  \/ /\ net' = (net \ {pkt}) \cup answers
     /\ UNCHANGED faults
  \/ /\ faults < MaxNetFaults
     /\ net' = net \cup answers
     /\ faults' = faults + 1

-----------------------------------------------------------------------------
(* Clients *)

CallStarted(c) ==
  /\ clientUp[c] /\ current[c] = NoCall
  /\ Len(calls) < MaxCalls
  /\ LET id == Len(calls) + 1
     IN /\ calls' = Append(calls, c)
        /\ callState' = [callState EXCEPT ![id] = "pending"]
        /\ current' = [current EXCEPT ![c] = id]
        /\ net' = net \cup {Request(id)}
  /\ UNCHANGED <<outcome, endings, execCount, clientUp, serverUp, dedup, floor, faults, crashes>>

\* A timeout that fires when neither the request nor an answer is in flight any more; an
\* early timeout (a retransmission racing the original) is the network's duplication.
CallRetried(c) ==
  /\ clientUp[c] /\ current[c] # NoCall
  /\ \A pkt \in net : pkt.call # current[c]
  /\ net' = net \cup {Request(current[c])}
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, dedup,
                 floor, faults, crashes>>

\* The client takes a reply only for the call it waits for.
ReplyReceived(c) ==
  /\ clientUp[c] /\ current[c] # NoCall
  /\ \E pkt \in net :
       /\ pkt.kind = "reply" /\ pkt.call = current[c]
       /\ callState' = [callState EXCEPT ![pkt.call] = "done"]
       /\ outcome' = [outcome EXCEPT ![pkt.call] = pkt.value]
       /\ Deliver(pkt, {})
  /\ endings' = [endings EXCEPT ![current[c]] = @ + 1]
  /\ current' = [current EXCEPT ![c] = NoCall]
  /\ UNCHANGED <<calls, execCount, clientUp, serverUp, dedup, floor, crashes>>

CallFailed(c) ==
  /\ clientUp[c] /\ current[c] # NoCall
  /\ \E pkt \in net :
       /\ pkt.kind = "refused" /\ pkt.call = current[c]
       /\ callState' = [callState EXCEPT ![pkt.call] = "failed"]
       /\ Deliver(pkt, {})
  /\ endings' = [endings EXCEPT ![current[c]] = @ + 1]
  /\ current' = [current EXCEPT ![c] = NoCall]
  /\ UNCHANGED <<calls, outcome, execCount, clientUp, serverUp, dedup, floor, crashes>>

\* The client gives up on its call without an answer: `timeout` when its timer fires,
\* `unavailable` when it learns the server is unreachable or gone. Time is not modelled, so
\* either may happen at any moment. Both are indefinite: the request stays in flight and may
\* still execute (at most once where promised); the late reply is dropped (StaleAnswerDropped).
\* Give-ups are bounded by MaxGiveUps to keep the model small.
GiveUp(c, code) ==
  /\ clientUp[c] /\ current[c] # NoCall
  /\ callState' = [callState EXCEPT ![current[c]] = code]
  /\ endings' = [endings EXCEPT ![current[c]] = @ + 1]
  /\ current' = [current EXCEPT ![c] = NoCall]
  /\ UNCHANGED <<calls, outcome, execCount, clientUp, serverUp, dedup, floor, net, faults, crashes>>

\* Conjunctions, not bare calls of GiveUp, so that a checker names the step by these actions.
CallTimedOut(c) == GiveUpsLeft /\ GiveUp(c, "timeout")
CallUnavailable(c) == GiveUpsLeft /\ GiveUp(c, "unavailable")

\* A client drops an answer to a call it no longer waits for (finished, or of a past incarnation).
StaleAnswerDropped(c) ==
  /\ clientUp[c]
  /\ \E pkt \in net :
       /\ pkt.kind # "request" /\ calls[pkt.call] = c /\ pkt.call # current[c]
       /\ net' = net \ {pkt}
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, dedup,
                 floor, faults, crashes>>

-----------------------------------------------------------------------------
(* The server *)

\* Remember an executed call; a full table evicts its oldest entry and raises the floor above
\* it, so that the evicted call, if retransmitted, is refused rather than executed again.
Remember(id) ==
  CASE Semantics = "at-least-once" -> UNCHANGED <<dedup, floor>>
    [] Semantics = "exactly-once" -> dedup' = dedup \cup {id} /\ UNCHANGED floor
    [] Cardinality(dedup) < DedupCapacity -> dedup' = dedup \cup {id} /\ UNCHANGED floor
    [] OTHER -> LET oldest == Min(dedup)
                IN /\ dedup' = (dedup \ {oldest}) \cup {id}
                   /\ floor' = Max(floor, oldest + 1)

\* IF rather than \/ : in an action a disjunction whose two sides both hold is two branches,
\* and TLC (like cloudos check) would generate every Executed successor twice.
IsNew(id) == IF Semantics = "at-least-once" THEN TRUE ELSE id \notin dedup /\ id >= floor

Executed(pkt) ==
  /\ serverUp /\ pkt \in net /\ pkt.kind = "request"
  /\ IsNew(pkt.call)
  /\ execCount' = [execCount EXCEPT ![pkt.call] = @ + 1]
  /\ Remember(pkt.call)
  /\ Deliver(pkt, {[kind |-> "reply", call |-> pkt.call, value |-> pkt.value]})
  /\ UNCHANGED <<calls, callState, outcome, endings, current, clientUp, serverUp, crashes>>

DuplicateSuppressed(pkt) ==
  /\ serverUp /\ pkt \in net /\ pkt.kind = "request"
  /\ Semantics # "at-least-once" /\ pkt.call \in dedup
  /\ Deliver(pkt, {[kind |-> "reply", call |-> pkt.call, value |-> pkt.value]})
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, dedup,
                 floor, crashes>>

\* The server cannot prove the request new (its entry was evicted or lost in a crash).
Refused(pkt) ==
  /\ serverUp /\ pkt \in net /\ pkt.kind = "request"
  /\ Semantics # "at-least-once" /\ ~IsNew(pkt.call) /\ pkt.call \notin dedup
  /\ Deliver(pkt, {[kind |-> "refused", call |-> pkt.call, value |-> 0]})
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, dedup,
                 floor, crashes>>

-----------------------------------------------------------------------------
(* Faults: the suite's, not reported by an implementation *)

Lost(pkt) ==
  /\ faults < MaxNetFaults /\ pkt \in net
  /\ net' = net \ {pkt}
  /\ faults' = faults + 1
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, dedup,
                 floor, crashes>>

\* A client crash orphans its call and discards the answers in flight to it.
ClientCrashed(c) ==
  /\ clientUp[c] /\ crashes < MaxCrashes
  /\ clientUp' = [clientUp EXCEPT ![c] = FALSE]
  /\ callState' = IF current[c] = NoCall THEN callState
                  ELSE [callState EXCEPT ![current[c]] = "orphan"]
  /\ current' = [current EXCEPT ![c] = NoCall]
  /\ net' = {pkt \in net : pkt.kind = "request" \/ calls[pkt.call] # c}
  /\ crashes' = crashes + 1
  /\ UNCHANGED <<calls, outcome, endings, execCount, serverUp, dedup, floor, faults>>

ClientRestarted(c) ==
  /\ ~clientUp[c]
  /\ clientUp' = [clientUp EXCEPT ![c] = TRUE]
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, serverUp, dedup, floor,
                 net, faults, crashes>>

\* A server crash discards requests in flight to it and, unless the table is durable, the table.
ServerCrashed ==
  /\ serverUp /\ crashes < MaxCrashes
  /\ serverUp' = FALSE
  /\ dedup' = IF Semantics = "exactly-once" THEN dedup ELSE {}
  /\ net' = {pkt \in net : pkt.kind # "request"}
  /\ crashes' = crashes + 1
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, floor, faults>>

\* After losing its table, an at-most-once server refuses every call issued before it restarted
\* (in an implementation: calls carry the server incarnation or a timestamp they were issued at).
ServerRestarted ==
  /\ ~serverUp
  /\ serverUp' = TRUE
  /\ floor' = IF Semantics = "at-most-once" THEN Len(calls) + 1 ELSE floor
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, dedup, net,
                 faults, crashes>>

-----------------------------------------------------------------------------

ServerStep == \E pkt \in net : Executed(pkt) \/ DuplicateSuppressed(pkt) \/ Refused(pkt)
ClientStep == \E c \in Clients : ReplyReceived(c) \/ CallFailed(c) \/ CallRetried(c)
                                 \/ StaleAnswerDropped(c)

\* One action operator per disjunct (not \E x : A \/ B), so that checkers name each step by
\* its action, the trace vocabulary.
Next ==
  \/ \E c \in Clients : CallStarted(c)
  \/ \E c \in Clients : CallRetried(c)
  \/ \E c \in Clients : ReplyReceived(c)
  \/ \E c \in Clients : CallFailed(c)
  \/ \E c \in Clients : CallTimedOut(c)
  \/ \E c \in Clients : CallUnavailable(c)
  \/ \E c \in Clients : StaleAnswerDropped(c)
  \/ \E c \in Clients : ClientCrashed(c)
  \/ \E c \in Clients : ClientRestarted(c)
  \/ \E pkt \in net : Executed(pkt)
  \/ \E pkt \in net : DuplicateSuppressed(pkt)
  \/ \E pkt \in net : Refused(pkt)
  \/ \E pkt \in net : Lost(pkt)
  \/ ServerCrashed
  \/ ServerRestarted

\* Faults are bounded by their budgets, so the network is eventually reliable; the server and
\* the clients keep taking steps, and a crashed server eventually restarts.
Spec == Init /\ [][Next]_vars /\ WF_vars(ServerStep) /\ WF_vars(ClientStep) /\ WF_vars(ServerRestarted)

-----------------------------------------------------------------------------
(* Properties *)

\* No call is executed more than once where that is promised (orphans included).
AtMostOnce == Semantics # "at-least-once" => \A id \in CallIds : execCount[id] <= 1

\* A call the client saw complete was executed: at least once, and exactly once where promised.
CompletedWasExecuted == \A id \in CallIds : callState[id] = "done" => execCount[id] >= 1
ExactlyOnce == Semantics = "exactly-once" =>
                 \A id \in CallIds : callState[id] = "done" => execCount[id] = 1

\* Every reply in flight carries the result of the call it names (the server echoes its args).
ReplyMatchesCall == \A pkt \in net : pkt.kind = "reply" => pkt.value = Args(pkt.call)

\* A client never takes a reply for another call: what it accepted is its own call's result.
NoForeignReply == \A id \in CallIds : callState[id] = "done" => outcome[id] = Args(id)

\* At-most-once keeps its table within its bound.
DedupBounded == Semantics = "at-most-once" => Cardinality(dedup) <= DedupCapacity

\* Exactly-once never refuses a call (an orphan, or a call its client gave up on, may end without
\* a reply).
ExactlyOnceNeverFails == Semantics = "exactly-once" => \A id \in CallIds : callState[id] # "failed"

\* A call ends at most once at its client: after a reply, a refusal or a give-up, no later answer
\* (a late reply after a timeout, a duplicate) ends it again.
CallEndsOnce == \A id \in CallIds : endings[id] <= 1

\* Liveness: under fairness, with bounded faults, infinitely often no call is pending; as calls
\* are bounded, every call whose client does not crash ends (with a reply, refused, or given up).
EveryCallEnds == []<>(Pending = {})
=============================================================================
