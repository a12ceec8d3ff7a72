// Tenant isolation (spec/quotas Capabilities.tla, Isolation and Reaches): one admission decision
// for every request that reaches a tenant's object — a process, a name or a shared segment. A
// process charged to an account is its tenant's; a name or segment `A/…` is in account A's
// namespace. A request reaches one only from a process of the same account, or when it presents a
// genuine, unrevoked capability on that account carrying the right the kind of request needs.
// Whose a process is only the node where it runs knows (a charge follows its process when it
// migrates), so requests to processes are decided there; whose a name or segment is, its text
// says, so those are decided where the request enters (the asking process's node, or the client's).
// A client's operation comes from no account, so it always needs the capability. Processes charged
// to no account are the operator's: requesters of no account (clients, other uncharged processes)
// reach them, and no tenant does, whatever it presents — no ledger keeps an account for them, so no
// capability on one exists (Capabilities.tla UnchargedIsolated). Names and segments without an
// account prefix are public: anyone reaches them.
import { namespaceOf, type Capability, type Right } from '../../../conformance/protocol/index.js';
import type { Pid } from '../ids.js';
import type { StepContext } from '../step-context.js';
import type { Verdict } from './capabilities.js';

/** The kinds of request that reach another tenant's object, and the right each needs (Capabilities.tla NeedsRight). */
export const reachRight = {
  message: 'write', call: 'write', exit: 'write', migrate: 'write', read: 'read', write: 'write',
  register: 'write', lookup: 'read', attach: 'write',
} as const satisfies Record<string, Right>;
export type Reach = keyof typeof reachRight;

/** What a request reaches: a process (charged here to `account`, or to none), a name or a shared segment. */
export type Target = { kind: 'process'; pid: Pid; account: string | undefined } | { kind: 'name'; name: string } | { kind: 'segment'; segment: string };

/** Each kind's known-bad variant (reference/src/mutants.ts): the deciding node does not check that kind. */
const unchecked = {
  message: 'tenant-messages-unchecked',
  call: 'tenant-calls-unchecked',
  exit: 'tenant-exits-unchecked',
  migrate: 'tenant-migrations-unchecked',
  read: 'tenant-memory-unchecked',
  write: 'tenant-memory-unchecked',
  register: 'tenant-names-unchecked',
  lookup: 'tenant-names-unchecked',
  attach: 'tenant-segments-unchecked',
} as const satisfies Record<Reach, string>;

/** Who asks: the account the asking process is charged to (stamped by its kernel; none for a client) and the capability presented. */
export interface Requester {
  tenant?: string;
  capability?: Capability;
}

/** The decision: refused (why), or admitted — `by` the capability presented, when the requester is not of the target's account. */
export type TenantAdmission = { kind: 'refused'; text: string } | { kind: 'admitted'; by?: Capability };

/**
 * Whether `requester` may reach `target` with a request of kind `reach`. Resolving a name for a
 * message or call is that message or call reaching the name (the `tenant-names-unchecked` bug
 * skips it too). `verdictHere` judges a capability by the newest epoch this node has heard of
 * (QuotaSubsystem.verdictHere): enough where a process runs (its node holds the account's
 * processes lease, so a revocation waits for it to hear), not where a name or segment is asked for
 * (the kernel confirms `by` with the ledger there).
 */
export function tenantAdmission(ctx: StepContext, verdictHere: (cap: Capability, right: Right) => Verdict, target: Target, requester: Requester, reach: Reach): TenantAdmission {
  const account = target.kind === 'process' ? target.account : namespaceOf(target.kind === 'name' ? target.name : target.segment);
  const bug = target.kind === 'name' ? 'tenant-names-unchecked' : unchecked[reach];
  const publicTarget = account === undefined && (target.kind !== 'process' || ctx.mutantIs('tenant-uncharged-public'));
  if (publicTarget || requester.tenant === account || ctx.mutantIs(bug)) return { kind: 'admitted' };
  const what = target.kind === 'process' ? target.pid : `${target.kind} '${target.kind === 'name' ? target.name : target.segment}'`;
  const cap = requester.capability;
  const who = requester.tenant === undefined ? 'a requester of no account' : `a process of '${requester.tenant}'`;
  if (account === undefined) return { kind: 'refused', text: `${what} is charged to no account (the operator's): ${who} cannot reach it, whatever it presents (${reach})` };
  if (cap === undefined) return { kind: 'refused', text: `${what} belongs to account '${account}' and ${who} presented no capability (${reach})` };
  if (cap.object !== account) return { kind: 'refused', text: `the capability is for '${cap.object}', not '${account}' (${reach} to ${what})` };
  const verdict = verdictHere(cap, reachRight[reach]);
  return verdict.kind === 'forbidden' ? { kind: 'refused', text: verdict.text } : { kind: 'admitted', by: cap };
}
