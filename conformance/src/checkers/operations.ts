// Checkers on operations as a client sees them: every operation answered, successful ones
// reported in the trace, errors that mean what they say, names, lookups, locates and placements
// as promised.
import type { HistoryIndex, IndexedEvent, IndexedOp } from './history-index.js';
import type { TraceEvent } from '../../protocol/index.js';
import type { Violation } from './properties.js';
import { forgottenUnjustified, timeoutTooEarly } from './rpc.js';
import type { CheckContext } from './check-history.js';

export function checkOperationsAnswered(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  for (const op of index.ops.values()) {
    // An operation whose node crashed first is recorded 'lost' (PROTOCOL.md: "unless its node crashes first").
    if (op.outcome === undefined) {
      violations.push({
        property: 'OperationsAnswered',
        message: `operation ${op.opId} (${op.op.kind} at ${op.node}, ${op.invokeNs} ns) got no reply or error by the end of the run`,
        timeNs: op.invokeNs,
        entries: [op.invokeIndex],
      });
    }
  }
  return violations;
}

export function checkTraceAgreesWithReplies(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const spawned = new Map(index.eventsOf('Spawned').map((e) => [e.event.pid, e]));
  const sent = new Set(index.eventsOf('Sent').map((e) => e.event.msgId));
  const registered = new Set(index.eventsOf('Registered').map((e) => `${e.event.name}\u0000${e.event.pid}`));
  const replied = new Set(index.eventsOf('ReplyReceived').map((e) => e.event.callId));
  const firstSpawnOf = new Map<string, IndexedOp>();
  for (const op of [...index.ops.values()].sort((x, y) => (x.completeIndex ?? Infinity) - (y.completeIndex ?? Infinity))) {
    if (op.outcome?.kind !== 'ok') continue;
    const where = { timeNs: op.completeNs, entries: [op.invokeIndex, op.completeIndex!] };
    const missing = (what: string) => violations.push({ property: 'TraceAgreesWithReplies', message: `operation ${op.opId} (${op.op.kind}) succeeded but ${what}`, ...where });
    switch (op.op.kind) {
      case 'spawn': {
        const value = op.outcome.value as { pid: string; node: string };
        const event = spawned.get(value.pid);
        if (!event) missing(`no Spawned event reports pid '${value.pid}'`);
        else if (event.event.node !== value.node) missing(`Spawned says node ${event.event.node}, the reply says ${value.node}`);
        // PROTOCOL.md: pids are "unique in the cluster forever" (Messaging.tla: a pid goes unborn → live → exited once).
        const first = firstSpawnOf.get(value.pid);
        if (first !== undefined && first.opId !== op.opId) missing(`returned pid '${value.pid}', which spawn (operation ${first.opId}) already handed out`);
        else firstSpawnOf.set(value.pid, op);
        break;
      }
      case 'send':
        if (!sent.has(op.op.msgId)) missing(`no Sent event reports msgId '${op.op.msgId}'`);
        break;
      case 'register':
        if (!registered.has(`${op.op.name}\u0000${op.op.pid}`)) missing(`no Registered event binds '${op.op.name}' to ${op.op.pid}`);
        break;
      case 'call':
        if (!replied.has(op.op.callId)) missing(`no ReplyReceived event for call '${op.op.callId}'`);
        break;
      case 'exit':
        exitStopped(index, op.op.pid, op.completeNs!, missing);
        break;
      case 'migrate': {
        const { pid } = op.op;
        const node = (op.outcome.value as { node: string }).node;
        if (!index.eventsOf('Switched').some((e) => e.event.pid === pid && e.event.to === node && e.timeNs <= op.completeNs!)) missing(`no Switched event moves ${pid} to ${node}`);
        break;
      }
      case 'read':
      case 'write': {
        const { pid, page } = op.op;
        const kind = op.op.kind === 'read' ? 'Read' : 'Written';
        if (!index.eventsOf(kind).some((e) => e.event.pid === pid && e.event.page === page && e.timeNs >= op.invokeNs && e.timeNs <= op.completeNs!)) missing(`no ${kind} event reports page ${page} of ${pid}`);
        break;
      }
      case 'load':
      case 'store': {
        const { segment, page } = op.op;
        const kind = op.op.kind === 'load' ? 'Loaded' : 'Stored';
        const { version } = op.outcome.value as { version: number };
        if (!index.eventsOf(kind).some((e) => e.event.segment === segment && e.event.page === page && e.event.version === version && e.timeNs >= op.invokeNs && e.timeNs <= op.completeNs!)) {
          missing(`no ${kind} event reports version ${version} of page ${page} of segment '${segment}'`);
        }
        break;
      }
      case 'lookup':
      case 'locate':
      case 'attach':
        break;
      case 'createAccount':
      case 'acquire':
      case 'release':
      case 'usage':
      case 'derive':
      case 'revoke':
      case 'transmit':
      case 'compute':
        break; // judged by the quota checkers (quotas.ts)
      default: {
        const unreachable: never = op.op;
        throw new Error(`unknown operation ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return violations;
}

/** A successful exit is reported by Exited, and the process does nothing after it (spec/messaging `Exited(p)`: "a live process stops"). */
function exitStopped(index: HistoryIndex, pid: string, exitedByNs: number, missing: (what: string) => void): void {
  if (!index.eventsOf('Exited').some((e) => e.event.pid === pid && e.timeNs <= exitedByNs)) missing(`no Exited event reports ${pid} stopping`);
  const actsAs = (event: TraceEvent): boolean => {
    switch (event.kind) {
      case 'Delivered': return event.to === pid;
      case 'Sent': return event.from === pid;
      case 'CallStarted': return event.client === pid;
      case 'ReplyReceived': return event.client === pid;
      case 'Executed': return event.server === pid;
      case 'Written': return event.pid === pid;
      default: return false;
    }
  };
  const after = index.events.find((e) => e.timeNs > exitedByNs && actsAs(e.event));
  if (after) missing(`${pid} still acted after its exit: ${after.event.kind} at ${after.timeNs} ns (history entry ${after.index})`);
}

export function checkLookupFindsRegistered(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const exits = index.opsOf('exit');
  const registeredEvents = index.eventsOf('Registered');
  for (const lookup of index.opsOf('lookup')) {
    const name = lookup.op.name;
    const where = { timeNs: lookup.completeNs ?? lookup.invokeNs, entries: [lookup.invokeIndex, ...(lookup.completeIndex !== undefined ? [lookup.completeIndex] : [])] };
    if (lookup.outcome?.kind === 'ok') {
      const pid = (lookup.outcome.value as { pid: string }).pid;
      const ever = registeredEvents.some((e) => e.event.name === name && e.event.pid === pid && e.timeNs <= lookup.completeNs!);
      if (!ever) violations.push({ property: 'LookupFindsRegistered', message: `lookup '${name}' returned ${pid}, which was never registered under that name`, ...where });
      // Messaging.tla NamesHeldByLive: "no name points at an exited process"; a crash exits every process on its node.
      const life = index.lifeOf(pid);
      if (life?.diedBy === 'crash' && life.diedNs! < lookup.invokeNs && index.knownStopped(pid, life, lookup.invokeIndex)) {
        const node = index.nodesDuring(life, life.diedNs!, life.diedNs!)[0];
        violations.push({ property: 'LookupFindsRegistered', message: `lookup '${name}' returned ${pid}, which was lost in the crash of ${node} at ${life.diedNs} ns, and ${node} restarted before the lookup began`, ...where });
      }
      const exit = exits.find((e) => e.op.pid === pid && e.outcome?.kind === 'ok' && e.completeNs! < lookup.invokeNs);
      if (exit) {
        violations.push({
          property: 'LookupFindsRegistered',
          message: `lookup '${name}' returned ${pid}, which exited (operation ${exit.opId}) before the lookup began`,
          ...where,
          entries: [exit.completeIndex!, ...where.entries],
        });
      }
    }
    // Messaging.tla: Lookup(n) answers the registry, and a binding leaves it only when its holder
    // exits (Exited; a crash exits every process on its node). So a registration completed before
    // the lookup began, of a holder live until the lookup ended with no exit asked, must be found.
    // An indefinite error (unavailable) claims nothing and is not judged.
    const holders = lookup.completeNs === undefined ? [] : index.registrationsHeldThroughout(name, lookup.invokeNs, lookup.completeNs);
    const holder = holders[0];
    if (holder === undefined) continue;
    const answered = lookup.outcome?.kind === 'ok' ? (lookup.outcome.value as { pid: string }).pid : undefined;
    const held = `${holder.op.pid} holds it since register (operation ${holder.opId}) completed at ${holder.completeNs} ns and lived throughout`;
    if (lookup.outcome?.kind === 'error' && lookup.outcome.code === 'not_found') {
      violations.push({ property: 'LookupFindsRegistered', message: `lookup '${name}' returned not_found, but ${held}`, ...where, entries: [holder.completeIndex!, ...where.entries] });
    } else if (answered !== undefined && !holders.some((h) => h.op.pid === answered)) {
      violations.push({ property: 'LookupFindsRegistered', message: `lookup '${name}' returned ${answered}, but ${held}`, ...where, entries: [holder.completeIndex!, ...where.entries] });
    }
  }
  return violations;
}

/**
 * Messaging.tla UniqueNames ("a name is held by at most one process") and NamesHeldByLive, through
 * the guard of Registered(n, p): p is live and Lookup(n) = {}. So register binds only a live
 * process, answers name_taken while another live process holds the name (PROTOCOL.md: "name_taken
 * if bound to another live process"), and only then: a holder that exited or was lost in a crash
 * released the name (Exited removes its bindings).
 */
export function checkNameBoundOnce(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [...wrongfulRegisterAnswers(index)];
  const exits = index.opsOf('exit');
  const registrations = index.opsOf('register').filter((r) => r.outcome?.kind === 'ok').sort((a, b) => a.completeNs! - b.completeNs!);
  const holder = new Map<string, (typeof registrations)[number]>();
  for (const r of registrations) {
    const previous = holder.get(r.op.name);
    holder.set(r.op.name, r);
    if (!previous || previous.op.pid === r.op.pid) continue;
    // Messaging.tla Exited removes the holder's bindings (a crash exits every process on its node):
    // the earlier holder may have died before this registration took effect.
    const previousLife = index.lifeOf(previous.op.pid);
    const previousDied =
      exits.some((e) => e.op.pid === previous.op.pid && e.invokeNs <= r.completeNs!) ||
      (previousLife?.diedNs !== undefined && previousLife.diedNs <= r.completeNs!);
    if (!previousDied) {
      violations.push({
        property: 'NameBoundOnce',
        message: `'${r.op.name}' was registered to ${previous.op.pid} (operation ${previous.opId}) and then to ${r.op.pid} (operation ${r.opId}) while ${previous.op.pid} was alive; the second register must answer name_taken`,
        timeNs: r.completeNs,
        entries: [previous.completeIndex!, r.invokeIndex, r.completeIndex!],
      });
    }
  }
  return violations;
}

function wrongfulRegisterAnswers(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const bindings = [
    ...index.eventsOf('Registered').map((e) => ({ name: e.event.name, pid: e.event.pid, boundNs: e.timeNs })),
    ...index.opsOf('register').flatMap((r) => (r.outcome?.kind === 'ok' ? [{ name: r.op.name, pid: r.op.pid, boundNs: r.completeNs! }] : [])),
  ];
  for (const r of index.opsOf('register')) {
    const { name, pid } = r.op;
    const where = { timeNs: r.completeNs, entries: [r.invokeIndex, ...(r.completeIndex !== undefined ? [r.completeIndex] : [])] };
    const life = index.lifeOf(pid);
    if (r.outcome?.kind === 'ok' && life?.diedNs !== undefined && life.diedNs < r.invokeNs) {
      violations.push({ property: 'NameBoundOnce', message: `register '${name}' for ${pid} (operation ${r.opId}) succeeded, but ${pid} had stopped (its ${life.diedBy} at ${life.diedNs} ns) before it was issued`, ...where });
    }
    if (r.outcome?.kind !== 'error' || r.outcome.code !== 'name_taken') continue;
    const holders = bindings.filter((b) => b.name === name && b.pid !== pid && b.boundNs <= r.completeNs!);
    const liveHolder = holders.some((b) => {
      const holderLife = index.lifeOf(b.pid);
      // A holder lost in a crash counts as alive until its node is back (HistoryIndex.knownStopped).
      return holderLife === undefined || holderLife.diedNs === undefined || holderLife.diedNs >= r.invokeNs || !index.knownStopped(b.pid, holderLife, r.invokeIndex);
    });
    if (!liveHolder) {
      const why = holders.length === 0 ? 'no other process had registered it' : `every process that held it had stopped before the register was issued (${[...new Set(holders.map((b) => b.pid))].join(', ')})`;
      violations.push({ property: 'NameBoundOnce', message: `register '${name}' for ${pid} (operation ${r.opId}) answered name_taken, but ${why}`, ...where });
    }
  }
  return violations;
}

/**
 * PROTOCOL.md, Errors: "definite: the operation certainly did not take effect". An operation that
 * failed with a definite error must leave no trace event showing its effect. A call ends once
 * (RPC.tla: ReplyReceived and CallFailed both end the current call), and it gives up with
 * `timeout` only when callTimeoutNs has passed, `forgotten` only for an at-most-once call its server
 * may have evicted (PROTOCOL.md, RPC semantics).
 */
export function checkErrorsAsPromised(index: HistoryIndex, context: CheckContext): Violation[] {
  const violations: Violation[] = [];
  const longestGapNs = longestRetransmissionGapNs(index);
  for (const op of index.ops.values()) {
    const outcome = op.outcome;
    if (outcome === undefined || outcome.kind === 'lost') continue;
    const wrong = (why: string, entries: number[] = []) =>
      violations.push({ property: 'ErrorsAsPromised', message: `${op.op.kind} (operation ${op.opId}) ${why}`, timeNs: op.completeNs, entries: [op.invokeIndex, ...entries, op.completeIndex!] });
    if (op.op.kind === 'call') {
      const callId = op.op.callId;
      const end = index.events.find((e) => (outcome.kind === 'ok' ? e.event.kind === 'CallFailed' : e.event.kind === 'ReplyReceived') && 'callId' in e.event && e.event.callId === callId);
      if (end) wrong(`${outcome.kind === 'ok' ? 'returned a result' : `failed with '${outcome.code}'`}, but its call '${callId}' also ended with ${end.event.kind} at ${end.timeNs} ns`, [end.index]);
    }
    if (outcome.kind !== 'error') continue;
    if (outcome.code === 'timeout' && op.op.kind === 'call') {
      const why = timeoutTooEarly(op, context.callTimeoutNs) ?? timeoutWithoutRetransmission(index, op, context, longestGapNs);
      if (why !== undefined) wrong(why);
    }
    if (outcome.code === 'forgotten' && op.op.kind === 'call') {
      const why = forgottenUnjustified(index, { ...op, op: op.op }, context.dedupCapacity);
      if (why !== undefined) wrong(why);
    }
    if (!outcome.definite) continue;
    const effect = effectOf(index, op);
    if (effect) wrong(`failed with the definite error '${outcome.code}', but it took effect: ${effect.event.kind} at ${effect.timeNs} ns`, [effect.index]);
  }
  return violations;
}

/**
 * Why a call that gave up with `timeout` broke PROTOCOL.md's "the client retransmits every
 * retryIntervalNs until a reply arrives or callTimeoutNs passes", if it did: it was accepted
 * (CallStarted) before a stretch that ends when it gave up, in which its client sent nothing for
 * it (no CallStarted, no CallRetried) and no fault stood (no dropped packet, node down, partition
 * or migration). The stretch is two retry intervals, or twice the longest gap between two
 * transmissions of one call that the run shows, if longer (a port whose timers fire late fires
 * them late all run long). Only the client's transmissions are judged, never how soon an answer
 * could have come: the server's step and its queue of other calls are the port's, unbounded by
 * the protocol, so a client that kept retransmitting may time out on a network that lost nothing.
 */
function timeoutWithoutRetransmission(index: HistoryIndex, call: IndexedOp, context: CheckContext, longestGapNs: number): string | undefined {
  const callId = (call.op as { callId: string }).callId;
  const started = index.callStarted(callId);
  const stretchNs = 2 * Math.max(context.retryIntervalNs, longestGapNs);
  const gaveUpNs = call.completeNs!;
  const fromNs = gaveUpNs - stretchNs;
  const lastSentNs = Math.max(...(index.transmissions.get(callId) ?? []).filter((t) => t <= gaveUpNs));
  if (started === undefined || started.timeNs > fromNs || lastSentNs > fromNs || index.faultBetween(fromNs, gaveUpNs)) return undefined;
  if (index.opsOf('migrate').some((m) => m.invokeNs <= gaveUpNs && (m.completeNs ?? Infinity) >= call.invokeNs)) return undefined;
  return `failed with 'timeout' at ${gaveUpNs} ns, but its client last sent it at ${lastSentNs} ns (CallStarted or CallRetried): nothing in the ${stretchNs} ns before it gave up (twice ${longestGapNs > context.retryIntervalNs ? `the run's longest gap between two transmissions of a call, ${longestGapNs} ns` : `the retry interval, ${context.retryIntervalNs} ns`}), though nothing was lost, no node was down and no partition held then (PROTOCOL.md: the client retransmits every retryIntervalNs until a reply arrives or callTimeoutNs passes)`;
}

/** The longest time between two consecutive transmissions (CallStarted, CallRetried) of one call in the run. */
function longestRetransmissionGapNs(index: HistoryIndex): number {
  let longest = 0;
  for (const times of index.transmissions.values()) for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

/**
 * The trace event that shows an operation took effect, if any. Only call, send, register and exit
 * leave one that names them: a spawn's pid is unknown without its answer, queries change nothing,
 * and the operations of migration, DSM and quotas are judged by their own checkers.
 */
function effectOf(index: HistoryIndex, op: IndexedOp): IndexedEvent | undefined {
  const o = op.op;
  const within = (e: IndexedEvent, other: IndexedOp) => e.timeNs >= other.invokeNs && e.timeNs <= (other.completeNs ?? Infinity);
  // An exit or register that ran at the same time for the same process and did not fail definitely
  // may have caused the event (two exits of one process: one succeeds, the other finds it gone).
  const causedByAnother = (e: IndexedEvent) =>
    [...index.ops.values()].some((other) => other !== op && other.op.kind === o.kind && JSON.stringify(other.op) === JSON.stringify(o) && !(other.outcome?.kind === 'error' && other.outcome.definite) && within(e, other));
  const during = (e: IndexedEvent) => within(e, op) && !causedByAnother(e);
  if (o.kind === 'call') return index.events.find((e) => e.event.kind === 'Executed' && e.event.callId === o.callId);
  if (o.kind === 'send') return index.events.find((e) => (e.event.kind === 'Sent' || e.event.kind === 'Delivered') && e.event.msgId === o.msgId);
  if (o.kind === 'register') return index.events.find((e) => e.event.kind === 'Registered' && e.event.name === o.name && e.event.pid === o.pid && during(e));
  if (o.kind === 'exit') return index.events.find((e) => e.event.kind === 'Exited' && e.event.pid === o.pid && during(e));
  return undefined;
}

export function checkPlacementHonoured(index: HistoryIndex, context: CheckContext): Violation[] {
  const violations: Violation[] = [];
  const nodeOfPid = new Map<string, string>();
  for (const spawn of index.opsOf('spawn')) {
    if (spawn.outcome?.kind !== 'ok') continue;
    const { pid, node } = spawn.outcome.value as { pid: string; node: string };
    const where = { timeNs: spawn.completeNs, entries: [spawn.invokeIndex, spawn.completeIndex!] };
    const wrong = (why: string) => violations.push({ property: 'PlacementHonoured', message: `spawn (operation ${spawn.opId}) placed ${pid} on ${node}: ${why}`, ...where });
    const placement = spawn.op.placement;
    switch (placement.kind) {
      case 'here':
        if (node !== spawn.node) wrong(`asked for the issuing node ${spawn.node}`);
        break;
      case 'node':
        if (node !== placement.node) wrong(`asked for node ${placement.node}`);
        break;
      case 'near':
        if (nodeOfPid.has(placement.pid) && nodeOfPid.get(placement.pid) !== node) wrong(`asked to be near ${placement.pid} on ${nodeOfPid.get(placement.pid)}`);
        break;
      case 'far':
        if (nodeOfPid.get(placement.pid) === node) wrong(`asked to be far from ${placement.pid}, which runs there`);
        break;
      case 'zone':
        if (context.zones[node] !== placement.zone) wrong(`asked for zone ${placement.zone}, but ${node} is in ${context.zones[node]}`);
        break;
      default: {
        const unreachable: never = placement;
        throw new Error(`unknown placement ${JSON.stringify(unreachable)}`);
      }
    }
    nodeOfPid.set(pid, node);
  }
  return violations;
}

/**
 * Messaging.tla LocatedIffLive ("exactly the live processes have a location") and the query
 * Locate(p) == location[p] (NoMachine: not_found). A query takes effect at some instant between
 * its issue and its answer, so an answer is right when it is right at one instant of that span.
 * The location is the node of Spawned, then of each Switched (migration).
 */
export function checkLocatedIffLive(index: HistoryIndex, context: CheckContext): Violation[] {
  const violations: Violation[] = [];
  for (const locate of index.opsOf('locate')) {
    const outcome = locate.outcome;
    if (outcome === undefined || outcome.kind === 'lost') continue;
    const pid = locate.op.pid;
    const life = index.lifeOf(pid);
    const where = { timeNs: locate.completeNs, entries: [locate.invokeIndex, locate.completeIndex!] };
    const wrong = (why: string) => violations.push({ property: 'LocatedIffLive', message: `locate ${pid} (operation ${locate.opId}) ${why}`, ...where });
    const liveAtSomeInstant = life !== undefined && life.bornNs <= locate.completeNs! && (life.diedNs === undefined || life.diedNs >= locate.invokeNs);
    if (outcome.kind === 'ok') {
      const { node, zone } = outcome.value as { node: string; zone: string };
      if (life === undefined) wrong(`answered ${node}, but no Spawned event reports ${pid}`);
      else if (!liveAtSomeInstant) wrong(`answered ${node}, but ${pid} was not live during the locate (${life.diedNs !== undefined ? `stopped by its ${life.diedBy} at ${life.diedNs} ns` : `spawned at ${life.bornNs} ns`})`);
      else if (!index.nodesDuring(life, locate.invokeNs, locate.completeNs!).includes(node)) wrong(`answered ${node}; ${pid} runs on ${index.nodesDuring(life, locate.invokeNs, locate.completeNs!).join(' then ')}`);
      else if (context.zones[node] !== zone) wrong(`answered zone ${zone}; ${node} is in ${context.zones[node]}`);
    } else if (outcome.code === 'not_found' && life !== undefined && life.bornNs < locate.invokeNs && (life.diedNs === undefined || life.diedNs > locate.completeNs!)) {
      wrong(`answered not_found, but ${pid} was live throughout (on ${index.nodesDuring(life, locate.invokeNs, locate.completeNs!).join(' then ')})`);
    }
  }
  return violations;
}
