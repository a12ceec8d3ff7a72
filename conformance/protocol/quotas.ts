// The protocol of feature `quotas` (time-share accounts): accounts with quotas, capabilities that
// reach them, admission against the quota, usage, bandwidth, and the trace vocabulary of
// spec/quotas (Quotas.tla, Capabilities.tla). index.ts splices these into its unions; this file
// imports nothing from it (index.ts imports this one).
import { z } from 'zod';

const name = z.string().min(1);

/** The resources an account has quotas of, in their units. */
export const quotaResources = ['processes', 'memoryBytes', 'storageBytes', 'bandwidthBytesPerSec', 'cpuNsPerSec'] as const;
export const QuotaResource = z
  .enum(quotaResources)
  .describe('a resource an account has a quota of (processes, bytes of memory or storage, bytes per second on the wire, ns of CPU per second: its CPU share, 1e9 a whole core)');
export type QuotaResource = z.infer<typeof QuotaResource>;
/** The resources a quota limits by rate (per second), leased whole and metered by a token bucket, not admitted by amount. */
export const rateResources = ['bandwidthBytesPerSec', 'cpuNsPerSec'] as const satisfies readonly QuotaResource[];
export type RateResource = (typeof rateResources)[number];

const limit = z.number().int().min(0);
export const Quotas = z
  .object({
    processes: limit,
    memoryBytes: limit,
    storageBytes: limit,
    bandwidthBytesPerSec: limit,
    // Optional so that accounts written before CPU shares existed still parse: absent is no CPU share.
    cpuNsPerSec: limit.optional(),
  } satisfies Record<QuotaResource, z.ZodType>)
  .strict()
  .describe("an account's limit of each resource (cpuNsPerSec absent: 0)");
export type Quotas = z.infer<typeof Quotas>;
/** An account's limit of a resource (an absent CPU share is 0). */
export const quotaOf = (quotas: Quotas, resource: QuotaResource): number => quotas[resource] ?? 0;

/**
 * The account whose namespace holds a name or shared segment: the text before its first '/' ('A/svc'
 * is account A's; without a '/' a name or segment is public). Tenant isolation covers names and
 * segments by this rule, which every node can apply alone.
 */
export function namespaceOf(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash > 0 ? name.slice(0, slash) : undefined;
}

export const rights = ['read', 'write', 'grant'] as const;
export const Right = z.enum(rights).describe('read: query usage; write: acquire, release, transmit, compute; grant: hand on (derive), and with every right, revoke');
export type Right = z.infer<typeof Right>;

/**
 * An Amoeba capability: the port (the node whose kernel keeps the object), the object, the rights
 * it carries, the object's epoch when it was made (revocation bumps it) and the check field, a
 * keyed MAC over the rest that only kernels can compute. Opaque to the suite, which only hands it
 * back — or, in tests, tampers with it.
 */
export const Capability = z
  .object({ port: name, object: name, rights: z.array(Right), epoch: z.number().int().min(0), check: name })
  .strict()
  .describe('an Amoeba-style capability: port, object, rights, epoch and a check field (a keyed MAC)');
export type Capability = z.infer<typeof Capability>;

export const quotaOperations = [
  z
    .object({ kind: z.literal('createAccount'), account: name, quotas: Quotas })
    .strict()
    .describe("open a tenant's account, kept by the node that receives this; reply {capability} (every right)"),
  z
    .object({ kind: z.literal('acquire'), capability: Capability, resource: QuotaResource, amount: z.number().int().positive() })
    .strict()
    .describe('admit work on this node that uses `amount` of the resource; reply {} or quota_exceeded / forbidden'),
  z
    .object({ kind: z.literal('release'), capability: Capability, resource: QuotaResource, amount: z.number().int().positive() })
    .strict()
    .describe('end work admitted on this node; reply {}'),
  z.object({ kind: z.literal('usage'), capability: Capability }).strict().describe("the account's quotas and what its ledger has leased out; reply {quotas, leased}"),
  z
    .object({ kind: z.literal('derive'), capability: Capability, rights: z.array(Right) })
    .strict()
    .describe('a capability with a subset of the rights, to hand to another tenant; reply {capability}'),
  z
    .object({ kind: z.literal('revoke'), capability: Capability })
    .strict()
    .describe('make every capability of the object void; reply {capability}, the new one with every right'),
  z
    .object({ kind: z.literal('transmit'), capability: Capability, to: name, bytes: z.number().int().positive() })
    .strict()
    .describe("send `bytes` to node `to` within the account's bandwidth; reply {} when all have left"),
  z
    .object({ kind: z.literal('compute'), capability: Capability, cpuNs: z.number().int().positive() })
    .strict()
    .describe("run `cpuNs` of CPU work on this node within the account's CPU share; reply {} when all has run, or quota_exceeded when the account has no share left"),
] as const;

export const quotaOperationKinds = ['createAccount', 'acquire', 'release', 'usage', 'derive', 'revoke', 'transmit', 'compute'] as const;

export const quotaReplyValueSchemas = {
  createAccount: z.object({ capability: Capability }).strict(),
  acquire: z.object({}).strict(),
  release: z.object({}).strict(),
  usage: z.object({ quotas: Quotas, leased: Quotas }).strict(),
  derive: z.object({ capability: Capability }).strict(),
  revoke: z.object({ capability: Capability }).strict(),
  transmit: z.object({}).strict(),
  compute: z.object({}).strict(),
} as const;

export const quotaErrorCodes = {
  quota_exceeded: { definite: true, meaning: 'the account has none of the resource left to admit the operation' },
  forbidden: { definite: true, meaning: 'the capability is forged, tampered with, revoked, or lacks the right the operation needs' },
} as const;

const account = name;
const node = name;
/** Spec/quotas' trace vocabulary (spec/quotas/README.md). Amounts in the resource's unit, terms in ns. */
export const quotaTraceEvents = [
  z.object({ kind: z.literal('LeaseGranted'), account, resource: QuotaResource, node, amount: z.number().int().positive(), termNs: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('LeaseRenewed'), account, resource: QuotaResource, node, termNs: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('LeaseReturned'), account, resource: QuotaResource, node, amount: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('LeaseExpired'), account, resource: QuotaResource, node, side: z.enum(['holder', 'ledger']), amount: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('Admitted'), account, resource: QuotaResource, node, amount: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('Released'), account, resource: QuotaResource, node, amount: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('Rejected'), account, node, code: z.enum(['quota_exceeded', 'forbidden']), resource: QuotaResource.optional(), right: Right.optional() }).strict(),
  z.object({ kind: z.literal('CapabilityDerived'), object: name, rights: z.array(Right) }).strict(),
  z.object({ kind: z.literal('CapabilityRevoked'), object: name, epoch: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('BytesReceived'), account, from: node, node, bytes: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('Computed'), account, node, cpuNs: z.number().int().positive() }).strict(),
] as const;
