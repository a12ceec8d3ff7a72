----------------------------- MODULE Capabilities -----------------------------
(***************************************************************************)
(* cloudOS capabilities, after Amoeba's (port, object, rights, check).     *)
(*                                                                         *)
(* Every object (a process, a name, a shared segment, an account) belongs  *)
(* to one tenant; a process charged to no account belongs to NoAccount,    *)
(* the operator, on which no capability exists (UnchargedIsolated).        *)
(* An operation names a capability and a right; the kernel                 *)
(* performs it only if the capability is genuine, names the right, and     *)
(* has not been revoked. The owner holds the root capability (every        *)
(* right); a holder with the "grant" right may hand on a capability with   *)
(* a subset of its own rights: rights only shrink. The owner hands other   *)
(* tenants at most ShareRights. Revocation bumps the object's epoch:       *)
(* capabilities of an older epoch are refused; the owner's root capability *)
(* is reissued in the new epoch.                                           *)
(*                                                                         *)
(* ASSUMPTION (unforgeability): a capability exists only if Minted (the    *)
(* root) or Derived from one that exists. The spec relies on it and does   *)
(* not model forgery: the implementation provides it with a keyed MAC in   *)
(* the check field, so a forged or tampered capability fails the check and *)
(* is refused like an unknown one (conformance tests present forged,       *)
(* amplified and cross-tenant capabilities and expect `forbidden`).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
  Tenants,         \* tenants (model values)
  ObjectsPerTenant, \* objects each tenant owns
  ShareRights,     \* the rights an owner hands to other tenants
  MaxDerivations,  \* bounds, to keep the model finite
  MaxRevocations

\* An object is named by its owner and an index, so that Owner needs no table.
Objects == Tenants \X (1 .. ObjectsPerTenant)
Owner(o) == o[1]
Rights == {"read", "write", "grant"}
ASSUME ShareRights \subseteq Rights /\ ObjectsPerTenant \in Nat

Capability == [holder : Tenants, object : Objects, rights : SUBSET Rights, epoch : 0 .. MaxRevocations]

VARIABLES
  caps,         \* capabilities in existence
  epoch,        \* epoch[o]: the current epoch of object o
  derivations, revocations

vars == <<caps, epoch, derivations, revocations>>

Root(o, e) == [holder |-> Owner(o), object |-> o, rights |-> Rights, epoch |-> e]

TypeOK ==
  /\ caps \subseteq Capability
  /\ epoch \in [Objects -> 0 .. MaxRevocations]
  /\ derivations \in 0 .. MaxDerivations /\ revocations \in 0 .. MaxRevocations

Init ==
  /\ caps = {Root(o, 0) : o \in Objects}
  /\ epoch = [o \in Objects |-> 0]
  /\ derivations = 0 /\ revocations = 0

\* A holder with the grant right hands tenant t a capability with fewer (or equal) rights; the
\* owner hands another tenant at most ShareRights.
Derived(c, t, rs) ==
  /\ c \in caps /\ c.epoch = epoch[c.object] /\ "grant" \in c.rights /\ derivations < MaxDerivations
  /\ rs \subseteq c.rights
  /\ IF t = Owner(c.object) THEN TRUE ELSE rs \subseteq ShareRights
  /\ caps' = caps \cup {[holder |-> t, object |-> c.object, rights |-> rs, epoch |-> c.epoch]}
  /\ derivations' = derivations + 1
  /\ UNCHANGED <<epoch, revocations>>

\* An operation is not a step of this module: the kernel performs an operation of tenant t on
\* object o needing right r exactly when t presents a capability that permits it (a port's
\* reported `Admitted`/`Refused {code: "forbidden"}` must agree with this predicate).
Permits(c, t, o, r) == c.holder = t /\ c.object = o /\ r \in c.rights /\ c.epoch = epoch[o]
Permitted(t, o, r) == \E c \in caps : Permits(c, t, o, r)

\* The owner revokes every capability of object o and gets a new root; the old capabilities
\* still exist (their holders keep them) but no longer permit anything.
Revoked(o) ==
  /\ revocations < MaxRevocations /\ epoch[o] < MaxRevocations
  /\ epoch' = [epoch EXCEPT ![o] = @ + 1]
  /\ caps' = caps \cup {Root(o, epoch[o] + 1)}
  /\ revocations' = revocations + 1
  /\ UNCHANGED derivations

Next ==
  \/ \E c \in caps, t \in Tenants, rs \in SUBSET Rights : Derived(c, t, rs)
  \/ \E o \in Objects : Revoked(o)

Spec == Init /\ [][Next]_vars

\* No tenant's operation reaches another tenant's object beyond what its owner shares.
Isolation ==
  \A t \in Tenants, o \in Objects, r \in Rights : Permitted(t, o, r) => t = Owner(o) \/ r \in ShareRights

\* Requests that reach a tenant's process, name or shared segment (whose object is its account: a
\* process charged to it, a name or segment in its namespace) and the right each needs. One
\* admission decision for all of them: a request of tenant t of kind k reaches o exactly when
\* Admits(t, o, k) (a client's request comes from no tenant, so it needs the capability; the
\* conformance property TenantsIsolated checks each run against this). Resolving a name for a
\* message or call is that message or call reaching the name.
ProcessReaches == {"message", "call", "exit", "migrate", "read", "write"}
NameReaches == {"register", "lookup"}
SegmentReaches == {"attach"}
Reaches == ProcessReaches \cup NameReaches \cup SegmentReaches
NeedsRight == [k \in Reaches |-> IF k \in {"read", "lookup"} THEN "read" ELSE "write"]
Admits(t, o, k) == t = Owner(o) \/ Permitted(t, o, NeedsRight[k])

\* No tenant's request of any kind reaches another tenant's process, names or memory beyond what
\* its owner shares.
ReachIsolated ==
  \A t \in Tenants, o \in Objects, k \in Reaches : Admits(t, o, k) => t = Owner(o) \/ NeedsRight[k] \in ShareRights

\* A process charged to no account is the operator's: NoAccount is the requester of every request
\* that comes from no account (a client, an uncharged process), and owns the uncharged processes.
\* No ledger keeps an account for it, so no capability on its processes is ever minted (Init roots
\* tenants' objects only) or handed on: only NoAccount reaches them (Admits, unchanged). Names and
\* segments without an account prefix are public, not objects here.
NoAccount == "no account"
UnchargedProcesses == {NoAccount} \X (1 .. ObjectsPerTenant)

\* No tenant's request reaches a process charged to no account, whatever it holds.
UnchargedIsolated ==
  \A t \in Tenants, o \in UnchargedProcesses, k \in ProcessReaches : ~Admits(t, o, k) /\ Admits(NoAccount, o, k)

\* Rights only shrink when handed on: a capability another tenant holds carries at most what
\* the owner shares (Isolation follows; revoked capabilities permit nothing by Permits).
RightsOnlyShrink == \A c \in caps : c.holder # Owner(c.object) => c.rights \subseteq ShareRights
=============================================================================
