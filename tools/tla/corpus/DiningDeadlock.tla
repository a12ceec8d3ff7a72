---------------------------- MODULE DiningDeadlock ----------------------------
(* Dining philosophers who always pick up the left fork first, written for the cloudOS      *)
(* corpus as the classic deadlock: once every philosopher holds a left fork, no step is    *)
(* possible. Philosopher i's left fork is fork i, the right one fork (i + 1) % N.           *)
EXTENDS Naturals

CONSTANT N   \* number of philosophers (and forks), at least 2

VARIABLES phil, fork

vars == <<phil, fork>>

Phils == 0 .. N - 1
Left(i) == i
Right(i) == (i + 1) % N
Free == N   \* the holder of a fork nobody holds

TypeOK == /\ phil \in [Phils -> {"thinking", "hungry", "eating"}]
          /\ fork \in [Phils -> Phils \cup {Free}]

Init == /\ phil = [i \in Phils |-> "thinking"]
        /\ fork = [f \in Phils |-> Free]

TakeLeft(i) == /\ phil[i] = "thinking"
               /\ fork[Left(i)] = Free
               /\ fork' = [fork EXCEPT ![Left(i)] = i]
               /\ phil' = [phil EXCEPT ![i] = "hungry"]

TakeRight(i) == /\ phil[i] = "hungry"
                /\ fork[Right(i)] = Free
                /\ fork' = [fork EXCEPT ![Right(i)] = i]
                /\ phil' = [phil EXCEPT ![i] = "eating"]

PutDown(i) == /\ phil[i] = "eating"
              /\ fork' = [fork EXCEPT ![Left(i)] = Free, ![Right(i)] = Free]
              /\ phil' = [phil EXCEPT ![i] = "thinking"]

Next == \E i \in Phils : TakeLeft(i) \/ TakeRight(i) \/ PutDown(i)

Spec == Init /\ [][Next]_vars

\* Holds in every reachable state: the error this spec demonstrates is the deadlock.
ForkHeldByNeighbour == \A f \in Phils : fork[f] \in {Free, f, (f + N - 1) % N}
=============================================================================
