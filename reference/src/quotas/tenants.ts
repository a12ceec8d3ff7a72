// Tenant isolation (spec/quotas Capabilities.tla, Isolation and Reaches): one admission decision
// for every request that reaches a process. A process charged to an account is its tenant's; a
// request reaches it only from a process of the same account, or when it presents a genuine,
// unrevoked capability on that account carrying the right the kind of request needs. The node
// where the process runs decides, because only it knows whose the process is (a charge follows
// its process when it migrates); a client's operation (exit, migrate, read, write) comes from no
// account, so it always needs the capability; a call comes from its client process's account. Processes charged to no account belong to no tenant.
import type { Capability, Right } from '../../../conformance/protocol/index.js';
import type { Pid } from '../ids.js';
import type { StepContext } from '../step-context.js';
import type { Verdict } from './capabilities.js';

/** The kinds of request that reach another tenant's process, and the right each needs (Capabilities.tla NeedsRight). */
export const reachRight = { message: 'write', call: 'write', exit: 'write', migrate: 'write', read: 'read', write: 'write' } as const satisfies Record<string, Right>;
export type Reach = keyof typeof reachRight;

/** Each kind's known-bad variant (reference/src/mutants.ts): the receiver's node does not check that kind. */
const unchecked = {
  message: 'tenant-messages-unchecked',
  call: 'tenant-calls-unchecked',
  exit: 'tenant-exits-unchecked',
  migrate: 'tenant-migrations-unchecked',
  read: 'tenant-memory-unchecked',
  write: 'tenant-memory-unchecked',
} as const satisfies Record<Reach, string>;

/** Who asks: the account the asking process is charged to (stamped by its kernel; none for a client) and the capability presented. */
export interface Requester {
  tenant?: string;
  capability?: Capability;
}

/**
 * Why `requester` may not reach `pid`, charged here to `account` (undefined: charged to none), with
 * a request of kind `reach`; undefined when it may. `verdictHere` judges a capability by the
 * newest epoch this node has heard of (QuotaSubsystem.verdictHere).
 */
export function tenantRefusal(
  ctx: StepContext,
  verdictHere: (cap: Capability, right: Right) => Verdict,
  pid: Pid,
  account: string | undefined,
  requester: Requester,
  reach: Reach,
): string | undefined {
  if (account === undefined || requester.tenant === account || ctx.mutantIs(unchecked[reach])) return undefined;
  const cap = requester.capability;
  const who = requester.tenant === undefined ? 'a requester of no account' : `a process of '${requester.tenant}'`;
  if (cap === undefined) return `${pid} belongs to account '${account}' and ${who} presented no capability (${reach})`;
  if (cap.object !== account) return `the capability is for '${cap.object}', not '${account}' (${reach} to ${pid})`;
  const verdict = verdictHere(cap, reachRight[reach]);
  return verdict.kind === 'forbidden' ? verdict.text : undefined;
}
