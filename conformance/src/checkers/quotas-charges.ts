// A spawn charged to an account uses one unit of its processes quota on the node where the process
// runs, until it exits (PROTOCOL.md spawn): when the process migrates, its charge moves with it.
// Checked at the end of a run, when nothing is in flight: each node's units in use by its events
// must be the charged processes that run there by the operations, and a process whose lease ran
// out must have stopped.
import type { HistoryIndex } from './history-index.js';
import type { Violation } from './properties.js';

const definite = (o: { outcome?: { kind: string; definite?: boolean } }) => o.outcome?.kind === 'error' && o.outcome.definite === true;

/**
 * At the end of the run, for every account whose processes quota only spawns use (no acquire or
 * release of processes) and whose spawns, migrations and exits all ended with a known outcome:
 * each node's processes in use for the account by its events (Admitted less Released, none after
 * the node's lease ran out there or the node crashed) equal the account's charged processes that
 * run there by the operations (spawned there, or migrated there by a migrate answered ok; not
 * exited; not stopped by that node's lease running out or its crash). A process that left a node
 * leaves no unit behind there, and one that arrived is charged where it arrived. And a process
 * stopped by its node's lease running out (LeaseExpired from the holder) is reported Exited, unless
 * it was frozen for a move that then switched (it runs where it arrived, charged there) or the
 * node crashed: none runs on uncharged.
 */
export function checkChargesFollowProcesses(index: HistoryIndex): Violation[] {
  // Charged processes, by pid: account and node; accounts the check cannot judge.
  const charged = new Map<string, { account: string; node: string }>();
  const unjudged = new Set<string>();
  for (const o of index.opsOf('acquire')) if (o.op.resource === 'processes') unjudged.add(o.op.capability.object);
  for (const o of index.opsOf('release')) if (o.op.resource === 'processes') unjudged.add(o.op.capability.object);
  const accountOf = new Map<string, string>(); // pid → account, for the migrates and exits below
  for (const o of index.opsOf('spawn')) {
    if (o.op.capability === undefined) continue;
    if (o.outcome?.kind === 'ok') accountOf.set((o.outcome.value as { pid: string }).pid, o.op.capability.object);
    else if (!definite(o)) unjudged.add(o.op.capability.object);
  }
  // Operations in history order of their effect: spawn and migrate at their reply, exit when asked (it may stop the process at once).
  const changes: { at: number; apply: () => void }[] = [];
  for (const o of index.opsOf('spawn')) {
    if (o.outcome?.kind !== 'ok' || o.op.capability === undefined) continue;
    const { pid, node } = o.outcome.value as { pid: string; node: string };
    const account = o.op.capability.object;
    changes.push({ at: o.completeIndex!, apply: () => void charged.set(pid, { account, node }) });
  }
  // Charged processes a node's processes lease stopped (LeaseExpired there): pid → that node and entry.
  const expired = new Map<string, { node: string; index: number }>();
  const gone = new Set<string>(); // reported Exited
  const switchedFrom = (pid: string, node: string, to: string) => index.eventsOf('Switched').some((e) => e.event.pid === pid && e.event.from === node && e.event.to === to);
  for (const o of index.opsOf('migrate')) {
    const account = accountOf.get(o.op.pid);
    if (account === undefined) continue;
    if (o.outcome?.kind === 'ok') {
      const { node } = o.outcome.value as { node: string };
      const pid = o.op.pid;
      const apply = () => {
        if (gone.has(pid)) return;
        // A process frozen for this move when its lease ran out at the source runs on where it arrived, charged there.
        const stopped = expired.get(pid);
        if (stopped !== undefined && switchedFrom(pid, stopped.node, node)) expired.delete(pid);
        else if (!charged.has(pid)) return;
        charged.set(pid, { account, node });
      };
      changes.push({ at: o.completeIndex!, apply });
    } else if (!definite(o)) unjudged.add(account);
  }
  for (const o of index.opsOf('exit')) {
    const account = accountOf.get(o.op.pid);
    if (account === undefined) continue;
    if (o.outcome?.kind === 'ok') changes.push({ at: o.invokeIndex, apply: () => void charged.delete(o.op.pid) });
    else if (!definite(o)) unjudged.add(account);
  }
  const byEntry = new Map<number, (() => void)[]>();
  for (const c of changes) byEntry.set(c.at, [...(byEntry.get(c.at) ?? []), c.apply]);

  // Units in use by the events, per account and node.
  const inUse = new Map<string, number>();
  const key = (account: string, node: string) => JSON.stringify([account, node]);
  const stop = (node: string, account?: string, at?: number) => {
    for (const k of inUse.keys()) if (JSON.parse(k)[1] === node && (account === undefined || JSON.parse(k)[0] === account)) inUse.set(k, 0);
    for (const [pid, c] of charged) {
      if (c.node !== node || (account !== undefined && c.account !== account)) continue;
      charged.delete(pid);
      if (at !== undefined) expired.set(pid, { node, index: at });
    }
    // A crash takes what its lease stopped with it.
    if (account === undefined) for (const [pid, s] of expired) if (s.node === node) expired.delete(pid);
  };
  index.history.forEach((entry, i) => {
    for (const apply of byEntry.get(i) ?? []) apply();
    if (entry.kind === 'crash') return stop(entry.node);
    if (entry.kind !== 'event') return;
    const e = entry.event;
    if (e.kind === 'Exited') {
      gone.add(e.pid);
      charged.delete(e.pid);
      return void expired.delete(e.pid);
    }
    if ((e.kind !== 'Admitted' && e.kind !== 'Released' && e.kind !== 'LeaseExpired') || e.resource !== 'processes') return;
    if (e.kind === 'LeaseExpired') {
      if (e.side === 'holder') stop(e.node, e.account, i);
      return;
    }
    const k = key(e.account, e.node);
    inUse.set(k, Math.max(0, (inUse.get(k) ?? 0) + (e.kind === 'Admitted' ? e.amount : -e.amount)));
  });

  const violations: Violation[] = [];
  for (const [pid, s] of expired) {
    const account = accountOf.get(pid)!;
    if (unjudged.has(account)) continue;
    violations.push({
      property: 'ChargesFollowProcesses',
      message: `${pid}, charged to '${account}' on ${s.node}, lost its charge when the processes lease ran out there, but was never reported stopped (Exited) nor moved away: it runs uncharged (a process frozen for a move then must stop if the move aborts)`,
      timeNs: index.history[s.index]!.timeNs,
      entries: [s.index],
    });
  }
  const endNs = index.history.length > 0 ? index.history[index.history.length - 1]!.timeNs : 0;
  const running = new Map<string, string[]>();
  for (const [pid, c] of charged) running.set(key(c.account, c.node), [...(running.get(key(c.account, c.node)) ?? []), pid]);
  for (const k of new Set([...inUse.keys(), ...running.keys()])) {
    const [account, node] = JSON.parse(k) as [string, string];
    const units = inUse.get(k) ?? 0;
    const pids = running.get(k) ?? [];
    if (unjudged.has(account) || units === pids.length) continue;
    violations.push({
      property: 'ChargesFollowProcesses',
      message: `at the end of the run ${node} had ${units} processes of '${account}' in use by its events (Admitted less Released), but ${pids.length} of the account's charged processes run there by the operations${pids.length > 0 ? ` (${pids.join(', ')})` : ''}: a process's unit is charged where it runs, and moves with it when it migrates`,
      timeNs: endNs,
      entries: [],
    });
  }
  return violations;
}
