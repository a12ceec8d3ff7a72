// Workload operations of feature `quotas` on labels: an account's capability is kept under the
// label its `createAccount` (or `derive`, `revoke`) names, and later steps present it by label —
// as it was handed out, or forged in one of the ways a tenant could try (`forge`).
import fc from 'fast-check';
import { z } from 'zod';
import { QuotaResource, Quotas, Right, rights as allRights, type Capability, type Operation } from '../protocol/index.js';

const Label = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a label is lower-case letters, digits, - and _, starting with a letter');

/**
 * How the suite tampers with a capability before presenting it: `check` alters the check field,
 * `rights` adds every right, `epoch` moves it to the next epoch, `port` names another node as the
 * keeper, `made-up` builds one from the account's name alone; `{object}` points it at another
 * account (reaching another tenant's account with one's own capability). The check field's
 * shapes, for kernels that compare it carelessly: `{checkPrefix: n}` keeps its first n characters
 * (a comparison only as long as what is presented), `extended` appends one, `case` swaps the case
 * of its letters (a case-insensitive comparison).
 */
export const Forgery = z.union([
  z.enum(['check', 'rights', 'epoch', 'port', 'made-up', 'extended', 'case']),
  z.object({ object: z.string().min(1) }).strict(),
  z.object({ checkPrefix: z.number().int().min(1) }).strict(),
]);
export type Forgery = z.infer<typeof Forgery>;

/** Every shape of forgery, for generated workloads: the named ones, a prefix of 1 to 42 characters, another account. */
export const forgeryArbitrary = (otherAccount: string): fc.Arbitrary<Forgery> =>
  fc.oneof(
    fc.constantFrom('check', 'rights', 'epoch', 'port', 'made-up', 'extended', 'case' as const),
    fc.integer({ min: 1, max: 42 }).map((checkPrefix) => ({ checkPrefix })),
    fc.constant({ object: otherAccount }),
  );

const capability = Label.describe('the label of a capability an earlier createAccount, derive or revoke stored');

export const quotaWorkloadOps = [
  z.object({ kind: z.literal('createAccount'), as: Label, account: z.string().min(1), quotas: Quotas }).strict(),
  z.object({ kind: z.literal('acquire'), capability, resource: QuotaResource, amount: z.number().int().positive(), forge: Forgery.optional() }).strict(),
  z.object({ kind: z.literal('release'), capability, resource: QuotaResource, amount: z.number().int().positive(), forge: Forgery.optional() }).strict(),
  z.object({ kind: z.literal('usage'), capability, forge: Forgery.optional() }).strict(),
  z.object({ kind: z.literal('derive'), capability, rights: z.array(Right), as: Label, forge: Forgery.optional() }).strict(),
  z.object({ kind: z.literal('revoke'), capability, as: Label, forge: Forgery.optional() }).strict(),
  z.object({ kind: z.literal('transmit'), capability, to: z.string().min(1), bytes: z.number().int().positive(), forge: Forgery.optional() }).strict(),
  z.object({ kind: z.literal('compute'), capability, cpuNs: z.number().int().positive(), forge: Forgery.optional() }).strict(),
] as const;
export const quotaWorkloadOpKinds = ['createAccount', 'acquire', 'release', 'usage', 'derive', 'revoke', 'transmit', 'compute'] as const;

type QuotaWorkloadOp = z.infer<(typeof quotaWorkloadOps)[number]>;
export const isQuotaWorkloadOp = (op: { kind: string }): op is QuotaWorkloadOp => (quotaWorkloadOpKinds as readonly string[]).includes(op.kind);
type QuotaOperation = Extract<Operation, { kind: QuotaWorkloadOp['kind'] }>;

export function forged(cap: Capability, forgery: Forgery, nodes: readonly string[]): Capability {
  if (typeof forgery === 'object') return 'object' in forgery ? { ...cap, object: forgery.object } : { ...cap, check: cap.check.slice(0, Math.min(forgery.checkPrefix, cap.check.length - 1)) };
  switch (forgery) {
    case 'check':
      return { ...cap, check: (cap.check[0] === 'A' ? 'B' : 'A') + cap.check.slice(1) };
    case 'extended':
      return { ...cap, check: `${cap.check}A` };
    case 'case':
      return { ...cap, check: [...cap.check].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('') };
    case 'rights':
      return { ...cap, rights: [...allRights] };
    case 'epoch':
      return { ...cap, epoch: cap.epoch + 1 };
    case 'port':
      return { ...cap, port: nodes.find((n) => n !== cap.port) ?? cap.port };
    case 'made-up':
      return { port: cap.port, object: cap.object, rights: [...allRights], epoch: 0, check: 'A'.repeat(43) };
  }
}

/** Why a step presenting capability `label` cannot be issued yet. */
export const notHandedOut = (label: string) => `capability '${label}' has not been handed out (its createAccount, derive or revoke failed or has not completed)`;

/** The capability stored under `label`, forged as `forge` says; undefined until it is handed out. */
export function presented(label: string, forge: Forgery | undefined, capabilities: ReadonlyMap<string, Capability>, nodes: readonly string[]): Capability | undefined {
  const held = capabilities.get(label);
  return held === undefined || forge === undefined ? held : forged(held, forge, nodes);
}

/** The protocol operation for a quota step, or why it cannot be issued (its capability label has no capability yet). */
export function resolveQuotaOp(op: QuotaWorkloadOp, capabilities: ReadonlyMap<string, Capability>, nodes: readonly string[]): { kind: 'op'; op: QuotaOperation } | { kind: 'missing'; reason: string } {
  if (op.kind === 'createAccount') return { kind: 'op', op: { kind: 'createAccount', account: op.account, quotas: op.quotas } };
  const cap = presented(op.capability, op.forge, capabilities, nodes);
  if (cap === undefined) return { kind: 'missing', reason: notHandedOut(op.capability) };
  switch (op.kind) {
    case 'acquire':
    case 'release':
      return { kind: 'op', op: { kind: op.kind, capability: cap, resource: op.resource, amount: op.amount } };
    case 'usage':
      return { kind: 'op', op: { kind: 'usage', capability: cap } };
    case 'derive':
      return { kind: 'op', op: { kind: 'derive', capability: cap, rights: op.rights } };
    case 'revoke':
      return { kind: 'op', op: { kind: 'revoke', capability: cap } };
    case 'transmit':
      return { kind: 'op', op: { kind: 'transmit', capability: cap, to: op.to, bytes: op.bytes } };
    case 'compute':
      return { kind: 'op', op: { kind: 'compute', capability: cap, cpuNs: op.cpuNs } };
  }
}

/** The label under which a step's reply stores the capability it carries (createAccount, derive, revoke). */
export function capabilityLabel(op: QuotaWorkloadOp | { kind: string }): string | undefined {
  return 'as' in op && (op.kind === 'createAccount' || op.kind === 'derive' || op.kind === 'revoke') ? (op.as as string) : undefined;
}
