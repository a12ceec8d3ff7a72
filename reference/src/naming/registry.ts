// The name registry: names are spread over the nodes by a hash of the name (each node is the
// directory for its share), and each directory keeps its bindings in durable storage, so a
// name outlives a crash of its directory. A binding to a dead process counts as unbound. A
// directory learns of exits (every directory hears of each), but not in time of a crash of the
// holder's node (it may be down, or back without having said so yet): the asking kernel
// confirms a holder on another node with that node before it trusts the answer (kernel.ts).
import type { NodeId, Pid } from '../ids.js';
import type { KernelResponse } from '../packets.js';
import { homeNode } from '../processes/processes.js';
import type { StepContext } from '../step-context.js';

export interface RegistryState {
  bindings: Map<string, Pid>;
}

const bindingKeyPrefix = 'name/';

/** The bindings this node is the directory for, read back from durable storage at (re)start. */
export function loadRegistry(durable: Record<string, unknown>): RegistryState {
  const bindings = new Map<string, Pid>();
  for (const [key, value] of Object.entries(durable)) {
    if (key.startsWith(bindingKeyPrefix) && typeof value === 'string') bindings.set(key.slice(bindingKeyPrefix.length), value);
  }
  return { bindings };
}

/** FNV-1a: a stable hash, so every node computes the same directory for a name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function directoryNode(name: string, nodes: readonly NodeId[]): NodeId {
  const sorted = [...nodes].sort();
  return sorted[fnv1a(name) % sorted.length]!;
}

/** Whether a process may still be alive, as far as this node can tell (see Kernel.mayBeAlive). */
export type LivenessOracle = (pid: Pid) => boolean;

/**
 * Binds `name` to `pid` unless another live process holds it. A holder on another node may have
 * died in a crash this directory has not heard of: the answer names it (`holder`) so that the
 * asking kernel can confirm it, and bind again `replacing` it if its node says it is gone.
 */
export function registerAtDirectory(state: RegistryState, ctx: StepContext, name: string, pid: Pid, mayBeAlive: LivenessOracle, replacing?: Pid): KernelResponse {
  if (!mayBeAlive(pid)) return { kind: 'error', code: 'not_found', text: `no live process ${pid} to bind '${name}' to` };
  const current = state.bindings.get(name);
  // The `register-replacing-overwrites-any-holder` bug takes `replacing` for leave to overwrite whoever holds the name now.
  const held = current !== undefined && current !== pid && current !== replacing && !(replacing !== undefined && ctx.mutantIs('register-replacing-overwrites-any-holder')) && (mayBeAlive(current) || ctx.mutantIs('name-taken-by-crashed-holder'));
  // The `register-persists-refused-binding` bug writes the binding ahead of the check that refuses it.
  if (held && ctx.mutantIs('register-persists-refused-binding')) ctx.persist(bindingKeyPrefix + name, pid);
  if (held && !ctx.mutantIs('registry-overwrites-live-binding')) {
    const unconfirmed = homeNode(current, ctx.nodes) !== ctx.node && !ctx.mutantIs('name-taken-by-crashed-holder');
    return { kind: 'error', code: 'name_taken', text: `'${name}' is bound to live process ${current}`, ...(unconfirmed ? { holder: current } : {}) };
  }
  const rebinding = current !== undefined;
  state.bindings.set(name, pid);
  if (!(rebinding && ctx.mutantIs('rebind-not-persisted'))) ctx.persist(bindingKeyPrefix + name, pid);
  ctx.event({ kind: 'Registered', name, pid });
  return { kind: 'ok', value: {} };
}

export function lookupAtDirectory(state: RegistryState, ctx: StepContext, name: string, mayBeAlive: LivenessOracle): KernelResponse {
  const pid = state.bindings.get(name);
  if (pid === undefined || (!mayBeAlive(pid) && !ctx.mutantIs('exit-keeps-names') && !ctx.mutantIs('lookup-returns-crashed-process'))) return { kind: 'error', code: 'not_found', text: `no live process is registered as '${name}'` };
  return { kind: 'ok', value: { pid } };
}

/** An exited process loses its names (every kernel hears of every exit). */
export function forgetProcess(state: RegistryState, ctx: StepContext, pid: Pid): void {
  if (ctx.mutantIs('exit-keeps-names')) return;
  for (const [name, bound] of state.bindings) {
    if (bound !== pid) continue;
    state.bindings.delete(name);
    if (!ctx.mutantIs('forget-not-persisted')) ctx.persist(bindingKeyPrefix + name, null);
  }
}
