---------------------------------- MODULE DRF ----------------------------------
(***************************************************************************)
(* cloudOS fair sharing between tenants: Dominant Resource Fairness        *)
(* (Ghodsi et al., "Dominant Resource Fairness: Fair Allocation of         *)
(* Multiple Resource Types", NSDI 2011), stated as a property of the       *)
(* allocator.                                                              *)
(*                                                                         *)
(* Tenants run tasks with a fixed demand vector on a pool of two resources *)
(* (CPUs and GB of memory). A tenant's dominant share is the largest share *)
(* of any resource it holds. The allocator repeatedly gives one task to a  *)
(* tenant with the lowest dominant share among those whose next task still *)
(* fits (progressive filling; ties are broken either way); it stops when   *)
(* no task fits. The numbers are the paper's worked example: 9 CPUs and    *)
(* 18 GB; tenant A's tasks need <1 CPU, 4 GB>, tenant B's <3 CPUs, 1 GB>;  *)
(* DRF gives A 3 tasks and B 2, equal dominant shares of 2/3.              *)
(*                                                                         *)
(* Shares are compared exactly, as integers: a share x / Capacity[r] is    *)
(* scaled by Scale, the product of the capacities.                         *)
(***************************************************************************)
EXTENDS Naturals

Tenants == {"A", "B"}
Resources == {"cpu", "mem"}
Capacity == [r \in Resources |-> IF r = "cpu" THEN 9 ELSE 18]
Demand == [t \in Tenants |-> IF t = "A" THEN [cpu |-> 1, mem |-> 4] ELSE [cpu |-> 3, mem |-> 1]]
Scale == Capacity["cpu"] * Capacity["mem"]

VARIABLES tasks   \* tasks[t]: tasks the allocator has given tenant t
vars == <<tasks>>

Used(r) == tasks["A"] * Demand["A"][r] + tasks["B"] * Demand["B"][r]
Fits(t) == \A r \in Resources : Used(r) + Demand[t][r] <= Capacity[r]
Max2(a, b) == IF a >= b THEN a ELSE b
\* The dominant share of an allocation vector, times Scale.
DominantShare(v) == Max2(v["cpu"] * (Scale \div Capacity["cpu"]), v["mem"] * (Scale \div Capacity["mem"]))
Holding(t) == [r \in Resources |-> tasks[t] * Demand[t][r]]
Share(t) == DominantShare(Holding(t))
Step(t) == DominantShare(Demand[t])

TypeOK == tasks \in [Tenants -> 0 .. 18]

Init == tasks = [t \in Tenants |-> 0]

\* Progressive filling: a task to a tenant whose dominant share is lowest among those that fit.
Allocated(t) ==
  /\ Fits(t)
  /\ \A u \in Tenants : Fits(u) => Share(t) <= Share(u)
  /\ tasks' = [tasks EXCEPT ![t] = @ + 1]

Next == \E t \in Tenants : Allocated(t)
Spec == Init /\ [][Next]_vars

Done == \A t \in Tenants : ~Fits(t)

\* DRF as a property of the allocator: no tenant is ever ahead of a tenant that could still be
\* served by more than one of its own tasks' dominant share.
DominantSharesBalanced == \A t, u \in Tenants : Fits(u) => Share(t) <= Share(u) + Step(t)

\* Never more than the pool.
WithinCapacity == \A r \in Resources : Used(r) <= Capacity[r]

\* The paper's outcome: when nothing more fits, A has 3 tasks and B 2 (dominant shares 2/3).
WorkedExample == Done => tasks = [t \in Tenants |-> IF t = "A" THEN 3 ELSE 2]
=============================================================================
