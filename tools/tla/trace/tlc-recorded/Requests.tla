---- MODULE Requests ----
\* Steps of `\E p \in Procs : Request(p)` are labelled with the parameter (TLC: <Request(2) ...>);
\* the run ends in a deadlock once the counter passes 2.
EXTENDS Naturals
VARIABLES count, last, idle
Procs == {1, 2}
Init == count = 0 /\ last = 0 /\ idle = TRUE
Request(p) == /\ count < 2
              /\ count' = count + p
              /\ last' = p
              /\ UNCHANGED idle
Next == \E p \in Procs : Request(p)
====
