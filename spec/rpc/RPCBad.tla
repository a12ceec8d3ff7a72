------------------------------ MODULE RPCBad ------------------------------
(* Deliberately wrong variants of RPC, each a specification the checker must refute with  *)
(* a counterexample (see README.md, "Known-bad variants"):                                *)
(*   RetryWithoutDedupSpec - the server executes every request, even under at-most-once  *)
(*   VolatileDedupSpec     - the "durable" table is lost in a crash, under exactly-once   *)
(*   ForeignReplySpec      - a client takes any reply addressed to it, whatever its call  *)
(*   NoRetrySpec           - a client never retransmits: a lost request is never answered *)
(*                           (refutes the liveness property EveryCallEnds)                *)
(*   LateReplySpec         - a client that times out keeps waiting for the call, so its   *)
(*                           late reply ends the call a second time                      *)
EXTENDS RPC

ExecutedWithoutDedup(pkt) ==
  /\ serverUp /\ pkt \in net /\ pkt.kind = "request"
  /\ execCount' = [execCount EXCEPT ![pkt.call] = @ + 1]
  /\ Deliver(pkt, {[kind |-> "reply", call |-> pkt.call, value |-> pkt.value]})
  /\ UNCHANGED <<calls, callState, outcome, endings, current, clientUp, serverUp, dedup, floor,
                 crashes>>

ServerCrashedLosingTable ==
  /\ serverUp /\ crashes < MaxCrashes
  /\ serverUp' = FALSE
  /\ dedup' = {}
  /\ net' = {pkt \in net : pkt.kind # "request"}
  /\ crashes' = crashes + 1
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, floor, faults>>

ReplyReceivedForAnyCall(c) ==
  /\ clientUp[c] /\ current[c] # NoCall
  /\ \E pkt \in net :
       /\ pkt.kind = "reply" /\ calls[pkt.call] = c
       /\ callState' = [callState EXCEPT ![current[c]] = "done"]
       /\ outcome' = [outcome EXCEPT ![current[c]] = pkt.value]
       /\ Deliver(pkt, {})
  /\ endings' = [endings EXCEPT ![current[c]] = @ + 1]
  /\ current' = [current EXCEPT ![c] = NoCall]
  /\ UNCHANGED <<calls, execCount, clientUp, serverUp, dedup, floor, crashes>>

\* The client reports the timeout to its caller but leaves the call in its table of pending
\* calls (current), so the late reply is taken too: the call ends twice.
CallTimedOutKeepingCall(c) ==
  /\ GiveUpsLeft /\ clientUp[c] /\ current[c] # NoCall /\ callState[current[c]] = "pending"
  /\ callState' = [callState EXCEPT ![current[c]] = "timeout"]
  /\ endings' = [endings EXCEPT ![current[c]] = @ + 1]
  /\ UNCHANGED <<calls, outcome, execCount, current, clientUp, serverUp, dedup, floor, net, faults,
                 crashes>>

\* RPC's Next with actions replaced (each disjunct one action, as in RPC).
ClientSteps ==
  \/ \E c \in Clients : CallStarted(c)
  \/ \E c \in Clients : CallRetried(c)
  \/ \E c \in Clients : CallFailed(c)
  \/ \E c \in Clients : CallUnavailable(c)
  \/ \E c \in Clients : StaleAnswerDropped(c)
  \/ \E c \in Clients : ClientCrashed(c)
  \/ \E c \in Clients : ClientRestarted(c)
DedupServerSteps ==
  \/ \E pkt \in net : Executed(pkt)
  \/ \E pkt \in net : DuplicateSuppressed(pkt)
  \/ \E pkt \in net : Refused(pkt)

RetryWithoutDedupNext ==
  \/ ClientSteps
  \/ \E c \in Clients : CallTimedOut(c)
  \/ \E c \in Clients : ReplyReceived(c)
  \/ \E pkt \in net : ExecutedWithoutDedup(pkt)
  \/ \E pkt \in net : Lost(pkt)
  \/ ServerCrashed
  \/ ServerRestarted

VolatileDedupNext ==
  \/ ClientSteps
  \/ \E c \in Clients : CallTimedOut(c)
  \/ \E c \in Clients : ReplyReceived(c)
  \/ DedupServerSteps
  \/ \E pkt \in net : Lost(pkt)
  \/ ServerCrashedLosingTable
  \/ ServerRestarted

ForeignReplyNext ==
  \/ ClientSteps
  \/ \E c \in Clients : CallTimedOut(c)
  \/ \E c \in Clients : ReplyReceivedForAnyCall(c)
  \/ DedupServerSteps
  \/ \E pkt \in net : Lost(pkt)
  \/ ServerCrashed
  \/ ServerRestarted

NoRetryNext ==
  \/ \E c \in Clients : CallStarted(c)
  \/ \E c \in Clients : ReplyReceived(c)
  \/ \E c \in Clients : CallFailed(c)
  \/ \E c \in Clients : CallTimedOut(c)
  \/ \E c \in Clients : CallUnavailable(c)
  \/ \E c \in Clients : StaleAnswerDropped(c)
  \/ \E c \in Clients : ClientCrashed(c)
  \/ \E c \in Clients : ClientRestarted(c)
  \/ DedupServerSteps
  \/ \E pkt \in net : Lost(pkt)
  \/ ServerCrashed
  \/ ServerRestarted

\* Its clients give up only by timing out, so what ends a call twice is the late reply.
LateReplyNext ==
  \/ \E c \in Clients : CallStarted(c)
  \/ \E c \in Clients : CallRetried(c)
  \/ \E c \in Clients : CallFailed(c)
  \/ \E c \in Clients : StaleAnswerDropped(c)
  \/ \E c \in Clients : ClientCrashed(c)
  \/ \E c \in Clients : ClientRestarted(c)
  \/ \E c \in Clients : CallTimedOutKeepingCall(c)
  \/ \E c \in Clients : ReplyReceived(c)
  \/ DedupServerSteps
  \/ \E pkt \in net : Lost(pkt)
  \/ ServerCrashed
  \/ ServerRestarted

ClientStepWithoutRetry == \E c \in Clients : ReplyReceived(c) \/ CallFailed(c) \/ StaleAnswerDropped(c)

RetryWithoutDedupSpec == Init /\ [][RetryWithoutDedupNext]_vars
VolatileDedupSpec == Init /\ [][VolatileDedupNext]_vars
ForeignReplySpec == Init /\ [][ForeignReplyNext]_vars
NoRetrySpec == Init /\ [][NoRetryNext]_vars /\ WF_vars(ServerStep) /\ WF_vars(ClientStepWithoutRetry)
                    /\ WF_vars(ServerRestarted)
LateReplySpec == Init /\ [][LateReplyNext]_vars
=============================================================================
