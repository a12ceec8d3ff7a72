---------------------------- MODULE RingElection ----------------------------
(* Leader election on a unidirectional ring in the manner of Chang and Roberts, written for *)
(* the cloudOS corpus: each node sends its identifier clockwise, forwards larger ones and  *)
(* drops smaller ones; the node that receives its own identifier back is the leader.       *)
EXTENDS Naturals

CONSTANT N   \* number of nodes, odd, so that Id below is a permutation

VARIABLES initiated, inbox, leader

vars == <<initiated, inbox, leader>>

Nodes == 1 .. N
Succ(n) == IF n = N THEN 1 ELSE n + 1
\* Identifiers that decrease around the ring except once (for N = 3: 3, 2, 1).
Id(n) == ((2 * n) % N) + 1

TypeOK == /\ initiated \in [Nodes -> BOOLEAN]
          /\ inbox \in [Nodes -> SUBSET Nodes]
          /\ leader \in [Nodes -> BOOLEAN]

Init == /\ initiated = [n \in Nodes |-> FALSE]
        /\ inbox = [n \in Nodes |-> {}]
        /\ leader = [n \in Nodes |-> FALSE]

Initiate(n) == /\ ~initiated[n]
               /\ initiated' = [initiated EXCEPT ![n] = TRUE]
               /\ inbox' = [inbox EXCEPT ![Succ(n)] = @ \cup {Id(n)}]
               /\ UNCHANGED leader

\* Receiving id m: forward it if larger than ours, drop it if smaller, win if it is ours.
Receive(n) == \E m \in inbox[n] :
                /\ inbox' = IF m > Id(n)
                              THEN [inbox EXCEPT ![n] = @ \ {m}, ![Succ(n)] = @ \cup {m}]
                              ELSE [inbox EXCEPT ![n] = @ \ {m}]
                /\ leader' = IF m = Id(n) THEN [leader EXCEPT ![n] = TRUE] ELSE leader
                /\ UNCHANGED initiated

Next == \/ \E n \in Nodes : Initiate(n)
        \/ \E n \in Nodes : Receive(n)

Spec == Init /\ [][Next]_vars /\ WF_vars(Next)

AtMostOneLeader == \A m, n \in Nodes : leader[m] /\ leader[n] => m = n
LeaderHasMaxId == \A n \in Nodes : leader[n] => Id(n) = N

Elected == <>(\E n \in Nodes : leader[n])
=============================================================================
