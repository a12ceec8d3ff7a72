---------------------------- MODULE MSICoherence ----------------------------
(* A snooping MSI write-invalidate cache-coherence protocol on an atomic bus, written for   *)
(* the cloudOS corpus. Caches hold one line in state I, S or M; `last` is a ghost variable  *)
(* holding the last value written, against which the data-value invariant is stated.       *)
CONSTANTS Caches, Values, InitValue

VARIABLES cstate, cdata, mem, last

vars == <<cstate, cdata, mem, last>>

TypeOK == /\ cstate \in [Caches -> {"I", "S", "M"}]
          /\ cdata \in [Caches -> Values]
          /\ mem \in Values
          /\ last \in Values

Init == /\ cstate = [c \in Caches |-> "I"]
        /\ cdata = [c \in Caches |-> InitValue]
        /\ mem = InitValue
        /\ last = InitValue

Owners == {c \in Caches : cstate[c] = "M"}

\* A read miss snoops the bus: a modified copy is written back and supplied; else memory supplies.
ReadMiss(c) == /\ cstate[c] = "I"
               /\ IF Owners = {}
                     THEN /\ cdata' = [cdata EXCEPT ![c] = mem]
                          /\ cstate' = [cstate EXCEPT ![c] = "S"]
                          /\ UNCHANGED mem
                     ELSE \E o \in Owners :
                            /\ mem' = cdata[o]
                            /\ cdata' = [cdata EXCEPT ![c] = cdata[o]]
                            /\ cstate' = [cstate EXCEPT ![c] = "S", ![o] = "S"]
               /\ UNCHANGED last

\* The bug the Stale config exposes: the owner is downgraded but its write-back is missing,
\* so the requester (and memory) keep the old value.
ReadMissWithoutWriteBack(c) == /\ cstate[c] = "I"
                               /\ cdata' = [cdata EXCEPT ![c] = mem]
                               /\ cstate' = [d \in Caches |-> IF d = c \/ cstate[d] = "M" THEN "S" ELSE cstate[d]]
                               /\ UNCHANGED <<mem, last>>

\* A write invalidates every other copy (write-back: memory is updated on eviction or snoop).
Write(c, v) == /\ cstate' = [d \in Caches |-> IF d = c THEN "M" ELSE "I"]
               /\ cdata' = [cdata EXCEPT ![c] = v]
               /\ last' = v
               /\ UNCHANGED mem

Evict(c) == /\ cstate[c] # "I"
            /\ mem' = IF cstate[c] = "M" THEN cdata[c] ELSE mem
            /\ cstate' = [cstate EXCEPT ![c] = "I"]
            /\ UNCHANGED <<cdata, last>>

Next == \E c \in Caches : \/ ReadMiss(c) \/ Evict(c)
                          \/ \E v \in Values : Write(c, v)

StaleNext == \E c \in Caches : \/ ReadMissWithoutWriteBack(c) \/ Evict(c)
                               \/ \E v \in Values : Write(c, v)

Spec == Init /\ [][Next]_vars
StaleSpec == Init /\ [][StaleNext]_vars

\* Single writer, multiple readers: a modified line has no other valid copy.
SWMR == \A c, d \in Caches : (c # d /\ cstate[c] = "M") => cstate[d] = "I"

\* Every valid copy holds the last value written; with no owner, so does memory.
DataValue == /\ \A c \in Caches : cstate[c] # "I" => cdata[c] = last
             /\ Owners = {} => mem = last
=============================================================================
