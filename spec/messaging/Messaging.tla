------------------------------ MODULE Messaging ------------------------------
(***************************************************************************)
(* cloudOS messaging and naming.                                           *)
(*                                                                         *)
(* Processes have cluster-global identifiers (Pids) that say nothing about *)
(* the machine they run on; `location` is a variable so that migration can *)
(* later move a process without changing its identity. A process sends to  *)
(* an identifier or to a registered name (resolved when the message is     *)
(* sent). The network keeps a FIFO queue per (sender, receiver) pair: it   *)
(* never duplicates, reorders or invents messages, and it loses one only   *)
(* through the explicit fault action Lost, so "no loss" is conditional on  *)
(* no fault. Messages to a process that has exited are discarded.          *)
(* Placement (near / far from a process, in a zone, on a machine) and      *)
(* Locate are the escape hatch from distribution transparency.             *)
(*                                                                         *)
(* Action names are the trace events of conformance/protocol/PROTOCOL.md:  *)
(* Spawned, Exited, Registered, Sent, Delivered; Lost and Discarded are    *)
(* recorded by the suite's network, not reported by an implementation.     *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
  Pids,             \* process identifiers an implementation may hand out (each used once)
  Names,            \* names processes may register
  Zones,            \* availability zones
  MachinesPerZone,  \* machines in each zone
  MaxMessages,      \* bound on messages sent, to keep the model finite
  MaxLosses         \* bound on messages the network may lose (fault budget)

ASSUME MachinesPerZone \in Nat /\ MachinesPerZone > 0 /\ MaxMessages \in Nat /\ MaxLosses \in Nat

\* A machine is named by its zone and its index in the zone, so that ZoneOf needs no table.
Machines == Zones \X (1 .. MachinesPerZone)
ZoneOf(m) == m[1]
NoMachine == <<>>   \* the location of a process that is not running

VARIABLES
  status,     \* status[p] \in {"unborn", "live", "exited"}; identifiers are never reused
  location,   \* location[p]: the machine p runs on, NoMachine unless p is live
  registry,   \* set of <<name, pid>> bindings
  chan,       \* chan[<<s, d>>]: messages from s to d in transit, oldest first
  received,   \* received[d]: messages d has received, in delivery order (history)
  sent,       \* every message ever sent (history)
  lost,       \* messages the network lost (fault)
  discarded   \* messages dropped because their receiver had exited

vars == <<status, location, registry, chan, received, sent, lost, discarded>>

Message == [id : 1 .. MaxMessages, from : Pids, to : Pids]
Pairs == Pids \X Pids
Range(seq) == {seq[i] : i \in DOMAIN seq}
RemoveAt(seq, i) == SubSeq(seq, 1, i - 1) \o SubSeq(seq, i + 1, Len(seq))

InTransit == UNION {Range(chan[pair]) : pair \in Pairs}
AllReceived == UNION {Range(received[p]) : p \in Pids}

\* Where a spawn may place a process. "near" is the machine where `pid` runs, "far" any other.
Placements == [kind : {"anywhere"}] \cup [kind : {"machine"}, machine : Machines]
              \cup [kind : {"near", "far"}, pid : Pids] \cup [kind : {"zone"}, zone : Zones]

Honours(m, placement) ==
  CASE placement.kind = "anywhere" -> TRUE
    [] placement.kind = "machine" -> m = placement.machine
    [] placement.kind = "near" -> status[placement.pid] = "live" /\ m = location[placement.pid]
    [] placement.kind = "far" -> status[placement.pid] = "live" /\ m # location[placement.pid]
    [] placement.kind = "zone" -> ZoneOf(m) = placement.zone

\* Queries (not state changes): a reported answer must equal these in the current state.
Lookup(n) == {p \in Pids : <<n, p>> \in registry}   \* empty: not_found
Locate(p) == location[p]                             \* NoMachine: not_found

TypeOK ==
  /\ status \in [Pids -> {"unborn", "live", "exited"}]
  /\ location \in [Pids -> Machines \cup {NoMachine}]
  /\ registry \subseteq Names \X Pids
  \* Stated without Seq(Message), an infinite set, so that no checker need enumerate it.
  /\ DOMAIN chan = Pairs /\ \A pair \in Pairs : Range(chan[pair]) \subseteq Message
  /\ DOMAIN received = Pids /\ \A p \in Pids : Range(received[p]) \subseteq Message
  /\ sent \subseteq Message
  /\ lost \subseteq Message
  /\ discarded \subseteq Message

Init ==
  /\ status = [p \in Pids |-> "unborn"]
  /\ location = [p \in Pids |-> NoMachine]
  /\ registry = {}
  /\ chan = [pair \in Pairs |-> <<>>]
  /\ received = [p \in Pids |-> <<>>]
  /\ sent = {}
  /\ lost = {}
  /\ discarded = {}

-----------------------------------------------------------------------------
(* Processes and names *)

Spawned(p, m, placement) ==
  /\ status[p] = "unborn"
  /\ Honours(m, placement)
  /\ status' = [status EXCEPT ![p] = "live"]
  /\ location' = [location EXCEPT ![p] = m]
  /\ UNCHANGED <<registry, chan, received, sent, lost, discarded>>

\* An exiting process releases its names; messages in transit to it will be discarded.
Exited(p) ==
  /\ status[p] = "live"
  /\ status' = [status EXCEPT ![p] = "exited"]
  /\ location' = [location EXCEPT ![p] = NoMachine]
  /\ registry' = {b \in registry : b[2] # p}
  /\ UNCHANGED <<chan, received, sent, lost, discarded>>

\* A name is bound to at most one process; binding a taken name fails (name_taken).
Registered(n, p) ==
  /\ status[p] = "live"
  /\ Lookup(n) = {}
  /\ registry' = registry \cup {<<n, p>>}
  /\ UNCHANGED <<status, location, chan, received, sent, lost, discarded>>

-----------------------------------------------------------------------------
(* Messages *)

\* Only identifiers of spawned processes can be known to a sender.
SendTo(s, d) ==
  /\ status[s] = "live"
  /\ status[d] # "unborn"
  /\ Cardinality(sent) < MaxMessages
  /\ LET msg == [id |-> Cardinality(sent) + 1, from |-> s, to |-> d]
     IN /\ chan' = [chan EXCEPT ![<<s, d>>] = Append(@, msg)]
        /\ sent' = sent \cup {msg}
  /\ UNCHANGED <<status, location, registry, received, lost, discarded>>

\* Sent(s, d) covers a send to a pid; SentToName a send to a name, resolved now (PROTOCOL.md
\* reports both as the event Sent with the resolved pid).
Sent(s, d) == SendTo(s, d)
SentToName(s, n) == \E d \in Lookup(n) : SendTo(s, d)

Delivered(s, d) ==
  /\ chan[<<s, d>>] # <<>>
  /\ status[d] = "live"
  /\ received' = [received EXCEPT ![d] = Append(@, Head(chan[<<s, d>>]))]
  /\ chan' = [chan EXCEPT ![<<s, d>>] = Tail(@)]
  /\ UNCHANGED <<status, location, registry, sent, lost, discarded>>

Discarded(s, d) ==
  /\ chan[<<s, d>>] # <<>>
  /\ status[d] = "exited"
  /\ discarded' = discarded \cup {Head(chan[<<s, d>>])}
  /\ chan' = [chan EXCEPT ![<<s, d>>] = Tail(@)]
  /\ UNCHANGED <<status, location, registry, received, sent, lost>>

\* The fault: the network loses any message in transit, within the fault budget.
Lost(s, d) ==
  /\ Cardinality(lost) < MaxLosses
  /\ \E i \in DOMAIN chan[<<s, d>>] :
       /\ lost' = lost \cup {chan[<<s, d>>][i]}
       /\ chan' = [chan EXCEPT ![<<s, d>>] = RemoveAt(@, i)]
  /\ UNCHANGED <<status, location, registry, received, sent, discarded>>

\* What the network does with the oldest message of a pair: the steps fairness requires.
Forward == \E s, d \in Pids : Delivered(s, d) \/ Discarded(s, d)

\* One action operator per disjunct (not \E x : A \/ B), so that checkers name each step by
\* its action, the trace vocabulary.
Next ==
  \/ \E p \in Pids, m \in Machines, placement \in Placements : Spawned(p, m, placement)
  \/ \E p \in Pids : Exited(p)
  \/ \E n \in Names, p \in Pids : Registered(n, p)
  \/ \E s, d \in Pids : Sent(s, d)
  \/ \E s \in Pids, n \in Names : SentToName(s, n)
  \/ \E s, d \in Pids : Delivered(s, d)
  \/ \E s, d \in Pids : Discarded(s, d)
  \/ \E s, d \in Pids : Lost(s, d)

\* Weak fairness of Forward: a network that keeps forwarding. Sends are bounded, so this is
\* enough for every message to leave the network.
Spec == Init /\ [][Next]_vars /\ WF_vars(Forward)

-----------------------------------------------------------------------------
(* Properties *)

\* No creation: everything received or in transit was sent.
NoCreation == AllReceived \cup InTransit \subseteq sent

\* No duplication: a message is received at most once, and never both received and in transit.
NoDuplication ==
  /\ \A p \in Pids : \A i, j \in DOMAIN received[p] : i # j => received[p][i] # received[p][j]
  /\ \A pair \in Pairs : \A i, j \in DOMAIN chan[pair] : i # j => chan[pair][i] # chan[pair][j]
  /\ AllReceived \cap InTransit = {}

\* Per sender-receiver FIFO: messages from one sender are received in the order sent (ids
\* grow with send order).
PerPairFIFO ==
  \A p \in Pids : \A i, j \in DOMAIN received[p] :
    (i < j /\ received[p][i].from = received[p][j].from) => received[p][i].id < received[p][j].id

\* No loss without a fault: every message sent is in exactly one place — in transit, received,
\* discarded at an exited receiver, or lost by the fault action Lost.
NoLossWithoutFault ==
  /\ sent = InTransit \cup AllReceived \cup discarded \cup lost
  /\ \A m \in discarded : status[m.to] = "exited"
  /\ discarded \cap (AllReceived \cup lost) = {}
  /\ lost \cap AllReceived = {}

\* A received message went to its addressee.
DeliveredToAddressee == \A p \in Pids : \A m \in Range(received[p]) : m.to = p

\* A name is held by at most one process, and only by a live one.
UniqueNames == \A n \in Names : Cardinality(Lookup(n)) <= 1
NamesHeldByLive == \A b \in registry : status[b[2]] = "live"

\* Exactly the live processes have a location.
LocatedIffLive == \A p \in Pids : (status[p] = "live") <=> (location[p] # NoMachine)

\* Liveness: under fairness, the network is infinitely often empty; as sends are bounded,
\* every message is eventually received, discarded (receiver gone) or lost by a fault.
EventuallyDrained == []<>(InTransit = {})
=============================================================================
