// One scripted scenario per catalogued migration bug (migration-bugs.ts): the reference kernel on
// a ScriptedCluster, driven through migrate, read, write, send and call, with the network and
// crashes under the script's control. Each returns what went wrong, or undefined when right.
import type { JsonValue } from '../ids.js';
import type { MigrationMode } from '../../../conformance/protocol/index.js';
import type { MigrationPacket } from '../migration/migration-packets.js';
import type { MigrationBugId } from './catalogue.js';
import { answerText, call, holding, inOrder, later, loseFirst, send, type Scenario } from './scenarios.js';
import { is, perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

/** A bulk migration packet of kind `t` (a round, the final copy, pages, their acknowledgements). */
export const migrationPacket =
  (t: MigrationPacket['t'], matches: (packet: MigrationPacket) => boolean = () => true) =>
  (p: InFlight): boolean =>
    p.packet.kind === 'migration' && p.packet.packet.t === t && matches(p.packet.packet);

export const roundAck = (round: number) => migrationPacket('round-ack', (m) => m.t === 'round-ack' && m.round === round);
export const roundCopy = (round: number) => migrationPacket('round', (m) => m.t === 'round' && m.round === round);
export const pushedPages = migrationPacket('pages', (m) => m.t === 'pages' && m.cause === 'push');

export function spawnWithPages(c: ScriptedCluster, node: string, pages: number): string {
  const answer = c.opSettled(node, { kind: 'spawn', placement: { kind: 'here' }, memory: { pages, pageBytes: 4096, dirtyPagesPerSec: 0 } });
  if (answer?.kind !== 'reply') throw new Error(`spawn on ${node} was not answered: ${JSON.stringify(answer)}`);
  return String((answer.value as { pid: string }).pid);
}

export function migrate(c: ScriptedCluster, from: string, pid: string, to: string, mode: MigrationMode): number {
  return c.op(from, { kind: 'migrate', pid, to: { kind: 'node', node: to }, mode });
}

/** Migrates over a perfect network and insists it succeeded (the scenario's bug is elsewhere). */
export function migrated(c: ScriptedCluster, from: string, pid: string, to: string, mode: MigrationMode): void {
  const op = migrate(c, from, pid, to, mode);
  c.advance(c.nowNs + later, perfect);
  if (c.answer(op)?.kind !== 'reply') throw new Error(`migration of ${pid} from ${from} to ${to} failed: ${answerText(c, op)}`);
}

export function write(c: ScriptedCluster, node: string, pid: string, page: number, value: JsonValue): number {
  return c.op(node, { kind: 'write', pid, page, value });
}

/** Reads a page at `node` over a perfect network; the value, or the answer in words. */
export function readPage(c: ScriptedCluster, node: string, pid: string, page: number): JsonValue | string {
  const op = c.op(node, { kind: 'read', pid, page });
  c.advance(c.nowNs + later, perfect);
  const a = c.answer(op);
  return a?.kind === 'reply' ? (a.value as { value: JsonValue }).value : answerText(c, op);
}

export function expectPage(c: ScriptedCluster, node: string, pid: string, page: number, expected: JsonValue): string | undefined {
  const got = readPage(c, node, pid, page);
  return got === expected ? undefined : `a read of page ${page} after the switch returned ${JSON.stringify(got)}, the last value written was ${JSON.stringify(expected)}`;
}

export const migrationScenarios: Record<MigrationBugId, Scenario> = {
  'migration-stale-round-ack': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = spawnWithPages(c, 'n1', 64);
    migrate(c, 'n1', q, 'n2', 'pre-copy');
    c.settle(holding(roundAck(1)));
    // More pages dirtied during round 1 than the freeze threshold: round 2 copies them.
    for (let page = 0; page < 60; page++) write(c, 'n1', q, page, 'v1');
    c.inFlight.push({ ...c.inFlight.find(roundAck(1))! }); // the network duplicates round 1's ack
    // Round 2 is slow: anything sent after it overtakes it.
    const roundTwoSlow: Network = (p) => (roundCopy(2)(p) && c.inFlight.some(migrationPacket('final')) ? 'hold' : 'deliver');
    c.settle(roundTwoSlow);
    c.advance(c.nowNs + later, perfect);
    return expectPage(c, 'n2', q, 5, 'v1');
  },
  'migration-mailbox-state-not-moved': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    c.settle(perfect);
    migrated(c, 'n2', q, 'n3', 'stop-and-copy');
    c.op('n1', send(p, q, 'm2'));
    c.advance(c.nowNs + later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'migration-send-seq-not-moved': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, r] = [c.spawn('n1'), c.spawn('n3')];
    migrated(c, 'n3', r, 'n2', 'stop-and-copy'); // from now on r takes each sender's messages by sequence number
    c.op('n1', send(p, r, 'm1'));
    c.settle(perfect);
    migrated(c, 'n1', p, 'n3', 'stop-and-copy');
    c.op('n3', send(p, r, 'm2'));
    c.advance(c.nowNs + later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'migration-home-not-told': (flag) => {
    const c = new ScriptedCluster(flag);
    const [sender, p] = [c.spawn('n1'), c.spawn('n1')];
    migrated(c, 'n1', p, 'n2', 'stop-and-copy');
    migrated(c, 'n2', p, 'n3', 'stop-and-copy');
    c.crash('n2'); // and stays down: a restarted n2 is told again where p runs (ceca556)
    c.settle(perfect);
    c.op('n1', send(sender, p, 'm1'));
    c.advance(c.nowNs + later, perfect);
    return inOrder(c, ['m1']);
  },
  'migration-push-overwrites-newer-page': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n1');
    write(c, 'n1', q, 0, 'a');
    migrate(c, 'n1', q, 'n2', 'post-copy');
    c.settle(holding(pushedPages)); // switched; the background push of pages 0..7 is slow
    const w = write(c, 'n2', q, 0, 'b'); // faults page 0 in, then writes it
    c.settle(holding(pushedPages));
    if (c.answer(w)?.kind !== 'reply') return `the write after the switch answered ${answerText(c, w)}`;
    c.advance(c.nowNs + later, perfect);
    return expectPage(c, 'n2', q, 0, 'b');
  },
  'migration-delivered-while-frozen': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    c.settle(perfect);
    migrate(c, 'n2', q, 'n3', 'stop-and-copy');
    const finalSlow = holding(migrationPacket('final'));
    c.settle(finalSlow); // q is frozen at n2
    c.op('n1', send(p, q, 'm2'));
    c.settle(finalSlow);
    c.advance(c.nowNs + later, perfect);
    c.op('n1', send(p, q, 'm3'));
    c.advance(c.nowNs + later, perfect);
    return inOrder(c, ['m1', 'm2', 'm3']);
  },
  'migration-abort-leaves-frozen': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n1');
    c.crash('n2');
    const m = migrate(c, 'n1', q, 'n2', 'stop-and-copy');
    c.advance(c.nowNs + later, perfect);
    if (answerText(c, m) !== 'error migration_aborted') return `the migration to a crashed node answered ${answerText(c, m)}`;
    const w = write(c, 'n1', q, 0, 'after');
    c.advance(c.nowNs + later, perfect);
    return c.answer(w)?.kind === 'reply' ? undefined : `after the abort, a write at the source answered ${answerText(c, w)}`;
  },
  'migration-dedup-not-moved': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', call(client, q, 'c1', 'at-most-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('c1')));
    migrated(c, 'n2', q, 'n3', 'stop-and-copy');
    return c.executions('c1') === 1 ? undefined : `the at-most-once call c1 executed ${c.executions('c1')} times`;
  },
};
