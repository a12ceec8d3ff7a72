// Trace validation of capability hand-ons and revocations against spec/quotas/Capabilities.tla.
// Each account is one object of the module, in an instance of its own (a part of the search). The
// kernel's capabilities are bearer tokens: it cannot tell tenants apart, so the instance has one
// tenant, who holds every capability, and shares every right — the module's Isolation and
// RightsOnlyShrink are about who holds what and are proved for every holder by model checking,
// not here. What validation checks is the order the module allows: a capability is handed on
// (`CapabilityDerived`, on the ledger) only from a capability that exists in the module's state,
// of the object's current epoch, with `grant`, and with a subset of its rights; a revocation
// (`CapabilityRevoked`) moves the epoch on by one and mints the new root. The capability handed on
// comes from the `derive` operation the event answers (the event names only the rights). Permits
// is not a step of the module: operations' outcomes are checked by CapabilitiesRespected on the
// history, which also catches forged capabilities (unforgeability is the module's assumption).
import type { Capability, Operation, Right } from '../../protocol/index.js';
import type { History } from '../history.js';
import { explainTrace, specModel, type Observation, type TraceValidation } from './trace-search.js';

const SPEC = 'spec/quotas/Capabilities.tla';
/** The reason a run is not applicable when it has nothing of this module's vocabulary. */
export const NO_CAPABILITY_STEPS = 'no capability handed on or revoked';
const ALL_RIGHTS: readonly Right[] = ['read', 'write', 'grant'];

/** A capability as the module knows it once the holder is dropped: its rights and epoch. */
interface Held {
  rights: Right[];
  epoch: number;
}

type Observed = Observation & ({ kind: 'Derived'; from: Held; rights: Right[]; opId: number } | { kind: 'Revoked'; epoch: number });

/** The module's variables for the one object of a part. */
interface Projection {
  epoch: number;
  /** Capabilities of the object, as sorted keys of `Held`. */
  caps: string[];
}

export interface CapabilitiesTraceOptions {
  maxStates?: number;
}

const heldKey = (c: Held) => `${c.epoch}:${[...c.rights].sort().join(',')}`;
const sameRights = (a: readonly Right[], b: readonly Right[]) => a.length === b.length && a.every((r) => b.includes(r));

export async function validateCapabilitiesTrace(history: History, options: CapabilitiesTraceOptions = {}): Promise<TraceValidation> {
  // Derives the ledger may have performed: all but those refused for sure (a forged capability's, say).
  const refused = new Set<string>();
  for (const e of history) if (e.kind === 'complete' && e.outcome.kind === 'error' && e.outcome.definite) refused.add(`${e.node}/${e.opId}`);
  const derives: { opId: number; invokeIndex: number; op: Extract<Operation, { kind: 'derive' }> }[] = [];
  for (const [i, e] of history.entries()) if (e.kind === 'invoke' && e.op.kind === 'derive' && !refused.has(`${e.node}/${e.opId}`)) derives.push({ opId: e.opId, invokeIndex: i, op: e.op });
  const objects: string[] = [];
  const partOf = (object: string) => (objects.includes(object) ? objects.indexOf(object) : objects.push(object) - 1);
  const observed: Observed[] = [];
  const answered = new Set<number>();
  for (const [entry, e] of history.entries()) {
    if (e.kind !== 'event') continue;
    const ev = e.event;
    if (ev.kind === 'CapabilityRevoked') observed.push({ kind: 'Revoked', entry, node: e.node, part: partOf(ev.object), epoch: ev.epoch });
    if (ev.kind !== 'CapabilityDerived') continue;
    // The derive it answers: one asked before, of this object and these rights; the earliest not yet
    // answered, else one answered already (a retransmitted call is derived again, to the same capability).
    const asked = derives.filter((d) => d.invokeIndex < entry && d.op.capability.object === ev.object && sameRights(d.op.rights, ev.rights));
    const source = asked.find((d) => !answered.has(d.invokeIndex)) ?? asked[0];
    if (source === undefined) {
      return { kind: 'unexplained', entry, explained: 0, message: `${e.node} reports CapabilityDerived of '${ev.object}' with rights [${ev.rights.join(', ')}] (history entry ${entry}), but no derive of those rights was asked before it` };
    }
    answered.add(source.invokeIndex);
    const from: Capability = source.op.capability;
    observed.push({ kind: 'Derived', entry, node: e.node, part: partOf(ev.object), from: { rights: from.rights, epoch: from.epoch }, rights: ev.rights, opId: source.opId });
  }
  if (objects.length === 0) return { kind: 'not-applicable', reason: NO_CAPABILITY_STEPS };
  const models = await Promise.all(
    objects.map((_, part) =>
      specModel(SPEC, {
        Tenants: '{t1}',
        ObjectsPerTenant: 1,
        ShareRights: `{${ALL_RIGHTS.map((r) => JSON.stringify(r)).join(', ')}}`,
        MaxDerivations: observed.filter((o) => o.part === part && o.kind === 'Derived').length,
        MaxRevocations: observed.filter((o) => o.part === part && o.kind === 'Revoked').length,
      }),
    ),
  );
  const describe = (step: Observed) =>
    step.kind === 'Derived'
      ? `Derived of '${objects[step.part]}' with rights [${step.rights.join(', ')}] from a capability of epoch ${step.from.epoch} with [${step.from.rights.join(', ')}] (operation ${step.opId}; history entry ${step.entry})`
      : `Revoked('${objects[step.part]}') to epoch ${step.epoch} (history entry ${step.entry})`;
  return explainTrace(history, models, observed, { spec: SPEC, variables: ['caps', 'epoch'], project, expectedAfter, describe }, options.maxStates ?? 100_000);
}

function project(v: Record<string, unknown>): Projection {
  const caps = v.caps as Held[];
  // One object: `epoch` is a function with one element.
  const [epoch] = Object.values(v.epoch as Record<string, number>);
  return { epoch: epoch!, caps: caps.map(heldKey).filter((k, i, all) => all.indexOf(k) === i).sort() };
}

function expectedAfter(b: Projection, step: Observed): Projection | undefined {
  const add = (c: Held) => [...new Set([...b.caps, heldKey(c)])].sort();
  switch (step.kind) {
    case 'Derived':
      // Derived(c, t, rs) with c the capability the derive presented: it exists, is current, carries grant and every right handed on.
      if (!b.caps.includes(heldKey(step.from)) || step.from.epoch !== b.epoch) return undefined;
      if (!step.from.rights.includes('grant') || !step.rights.every((r) => step.from.rights.includes(r))) return undefined;
      return { epoch: b.epoch, caps: add({ rights: step.rights, epoch: step.from.epoch }) };
    case 'Revoked':
      return { epoch: step.epoch, caps: add({ rights: [...ALL_RIGHTS], epoch: step.epoch }) };
  }
}
