--------------------------- MODULE CapabilitiesBad ---------------------------
(* A deliberately wrong variant of Capabilities (see README.md, "Known-bad variants"):  *)
(*   AmplifiedSpec - a capability handed on may carry rights its giver did not have: the  *)
(*                   owner's kernel enforces what it shares, later hand-ons are trusted  *)
EXTENDS Capabilities

DerivedAmplified(c, t, rs) ==
  /\ c \in caps /\ c.epoch = epoch[c.object] /\ "grant" \in c.rights /\ derivations < MaxDerivations
  /\ IF c.holder = Owner(c.object) /\ t # Owner(c.object) THEN rs \subseteq ShareRights ELSE TRUE
  /\ caps' = caps \cup {[holder |-> t, object |-> c.object, rights |-> rs, epoch |-> c.epoch]}
  /\ derivations' = derivations + 1
  /\ UNCHANGED <<epoch, revocations>>

AmplifiedNext ==
  \/ \E c \in caps, t \in Tenants, rs \in SUBSET Rights : DerivedAmplified(c, t, rs)
  \/ \E o \in Objects : Revoked(o)

AmplifiedSpec == Init /\ [][AmplifiedNext]_vars
=============================================================================
