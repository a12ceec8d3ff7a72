--------------------------- MODULE RPCSharedTable ---------------------------
(***************************************************************************)
(* spec/rpc/RPC.tla for trace validation (rpc-trace.ts) of one call to an *)
(* at-most-once server whose duplicate table overflows: the table is      *)
(* shared with calls outside this instance, any of which may evict this   *)
(* one. RPC.tla's server evicts only when its table is full, the lowest   *)
(* call id first, with one floor for every client; a correct server may   *)
(* evict another entry (the reference kernel: the one it executed first,  *)
(* whoever's it is, with a floor per client that also passes the client's *)
(* earlier calls, reference/src/rpc/dedup-table.ts). So here the server   *)
(* may forget a started call at any moment, raising its floor past it: it *)
(* never runs again. Refusing a call is always safe at most once; every   *)
(* other step is RPC.tla's.                                                *)
(***************************************************************************)
EXTENDS RPC

Forgotten(id) ==
  /\ Semantics = "at-most-once" /\ serverUp
  /\ id \in 1 .. Len(calls) /\ id >= floor
  /\ dedup' = {i \in dedup : i > id}
  /\ floor' = id + 1
  /\ UNCHANGED <<calls, callState, outcome, endings, execCount, current, clientUp, serverUp, net,
                 faults, crashes>>

SharedNext == Next \/ \E id \in CallIds : Forgotten(id)
=============================================================================
