------------------------------ MODULE RPCBad ------------------------------
(* Deliberately wrong variants of RPC, each a specification the checker must refute with  *)
(* a counterexample (see README.md, "Known-bad variants"):                                *)
(*   RetryWithoutDedupSpec - the server executes every request, even under at-most-once  *)
(*   VolatileDedupSpec     - the "durable" table is lost in a crash, under exactly-once   *)
(*   ForeignReplySpec      - a client takes any reply addressed to it, whatever its call  *)
EXTENDS RPC

ExecutedWithoutDedup(pkt) ==
  /\ serverUp /\ pkt \in net /\ pkt.kind = "request"
  /\ execCount' = [execCount EXCEPT ![pkt.call] = @ + 1]
  /\ Deliver(pkt, {[kind |-> "reply", call |-> pkt.call, value |-> pkt.value]})
  /\ UNCHANGED <<calls, callState, outcome, current, clientUp, serverUp, dedup, floor, crashes>>

ServerCrashedLosingTable ==
  /\ serverUp /\ crashes < MaxCrashes
  /\ serverUp' = FALSE
  /\ dedup' = {}
  /\ net' = {pkt \in net : pkt.kind # "request"}
  /\ crashes' = crashes + 1
  /\ UNCHANGED <<calls, callState, outcome, execCount, current, clientUp, floor, faults>>

ReplyReceivedForAnyCall(c) ==
  /\ clientUp[c] /\ current[c] # NoCall
  /\ \E pkt \in net :
       /\ pkt.kind = "reply" /\ calls[pkt.call] = c
       /\ callState' = [callState EXCEPT ![current[c]] = "done"]
       /\ outcome' = [outcome EXCEPT ![current[c]] = pkt.value]
       /\ Deliver(pkt, {})
  /\ current' = [current EXCEPT ![c] = NoCall]
  /\ UNCHANGED <<calls, execCount, clientUp, serverUp, dedup, floor, crashes>>

ClientSteps(c) == CallStarted(c) \/ CallRetried(c) \/ CallFailed(c) \/ StaleAnswerDropped(c)
                  \/ ClientCrashed(c) \/ ClientRestarted(c)

RetryWithoutDedupNext ==
  \/ \E c \in Clients : ClientSteps(c) \/ ReplyReceived(c)
  \/ \E pkt \in net : ExecutedWithoutDedup(pkt) \/ Lost(pkt)
  \/ ServerCrashed \/ ServerRestarted

VolatileDedupNext ==
  \/ \E c \in Clients : ClientSteps(c) \/ ReplyReceived(c)
  \/ \E pkt \in net : Executed(pkt) \/ DuplicateSuppressed(pkt) \/ Refused(pkt) \/ Lost(pkt)
  \/ ServerCrashedLosingTable \/ ServerRestarted

ForeignReplyNext ==
  \/ \E c \in Clients : ClientSteps(c) \/ ReplyReceivedForAnyCall(c)
  \/ \E pkt \in net : Executed(pkt) \/ DuplicateSuppressed(pkt) \/ Refused(pkt) \/ Lost(pkt)
  \/ ServerCrashed \/ ServerRestarted

RetryWithoutDedupSpec == Init /\ [][RetryWithoutDedupNext]_vars
VolatileDedupSpec == Init /\ [][VolatileDedupNext]_vars
ForeignReplySpec == Init /\ [][ForeignReplyNext]_vars
=============================================================================
