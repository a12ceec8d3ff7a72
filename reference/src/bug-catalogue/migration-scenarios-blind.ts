// One scripted scenario per bug of the second blind migration batch (migration-bugs-blind.ts), on
// the same scripted cluster and helpers as migration-scenarios.ts. Each returns what went wrong,
// or undefined when right.
import type { MigrationBlindBugId } from './catalogue.js';
import { answerText, holding, inOrder, later, loseFirst, send, type Scenario } from './scenarios.js';
import { expectPage, migrate, migrated, migrationPacket, pushedPages, readPage, roundAck, roundCopy, spawnWithPages, write } from './migration-scenarios.js';
import { perfect, ScriptedCluster, type InFlight } from '../testing/scripted-cluster.js';

/** A `moved` location notice of move number `epoch` on its way to `to`. */
const movedNotice = (epoch: number, to: string) => (p: InFlight) =>
  p.to === to && p.packet.kind === 'link-data' && p.packet.body.kind === 'migration' && p.packet.body.control.t === 'moved' && p.packet.body.control.epoch === epoch;

/** Pre-copy of a 64-page process from n1 to n2 whose page 5 holds `before`; `duringRound1` runs while round 1's ack is held. */
function preCopyWithWriteInRound1(flag: Parameters<Scenario>[0], before: string | undefined, duringRound1: (c: ScriptedCluster, q: string) => void): { c: ScriptedCluster; q: string } {
  const c = new ScriptedCluster(flag);
  const q = spawnWithPages(c, 'n1', 64);
  if (before !== undefined) write(c, 'n1', q, 5, before);
  migrate(c, 'n1', q, 'n2', 'pre-copy');
  c.settle(holding(roundAck(1)));
  duringRound1(c, q);
  c.advance(c.nowNs + later, perfect);
  return { c, q };
}

export const migrationBlindScenarios: Record<MigrationBlindBugId, Scenario> = {
  'migration-dirty-cleared-at-ack': (flag) => {
    const { c, q } = preCopyWithWriteInRound1(flag, undefined, (c, q) => write(c, 'n1', q, 5, 'v'));
    return expectPage(c, 'n2', q, 5, 'v');
  },
  'migration-late-round-overwrites': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = spawnWithPages(c, 'n1', 64);
    write(c, 'n1', q, 5, 'v0');
    migrate(c, 'n1', q, 'n2', 'pre-copy');
    const duplicate = { ...c.inFlight.find(roundCopy(1))! }; // the network duplicates round 1
    c.inFlight.push(duplicate);
    c.settle((p) => (p === duplicate || roundAck(1)(p) ? 'hold' : 'deliver'));
    // More pages dirtied during round 1 than the freeze threshold: round 2 copies them.
    for (let page = 0; page < 60; page++) write(c, 'n1', q, page, 'v1');
    c.settle((p) => (p === duplicate || roundAck(2)(p) ? 'hold' : 'deliver')); // round 2 merged
    c.settle(holding(roundAck(2))); // then the late copy of round 1
    c.advance(c.nowNs + later, perfect);
    return expectPage(c, 'n2', q, 5, 'v1');
  },
  'migration-abort-drops-held': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    c.settle(perfect);
    const m = migrate(c, 'n2', q, 'n3', 'stop-and-copy'); // frozen at once
    const finalLost = (x: InFlight) => (migrationPacket('final')(x) ? 'drop' : 'deliver');
    c.settle(finalLost);
    c.op('n1', send(p, q, 'm2')); // reaches n2 while q is frozen: held
    c.advance(c.nowNs + later, finalLost);
    if (answerText(c, m) !== 'error migration_aborted') return `the migration to a silent node answered ${answerText(c, m)}`;
    return inOrder(c, ['m1', 'm2']);
  },
  'migration-destination-keeps-aborted': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n1');
    const first = migrate(c, 'n1', q, 'n2', 'stop-and-copy');
    c.advance(c.nowNs + later, (x) => (migrationPacket('prepared')(x) ? 'drop' : 'deliver'));
    if (answerText(c, first) !== 'error migration_aborted') return `the migration whose prepared answers were lost answered ${answerText(c, first)}`;
    const second = migrate(c, 'n1', q, 'n2', 'stop-and-copy');
    c.advance(c.nowNs + later, perfect);
    return c.answer(second)?.kind === 'reply' ? undefined : `a second migration to n2 over a perfect network answered ${answerText(c, second)}`;
  },
  'migration-fetch-not-resent': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n1');
    write(c, 'n1', q, 3, 'x');
    migrate(c, 'n1', q, 'n2', 'post-copy');
    c.settle(holding(pushedPages)); // switched; the background push is slow
    const fetchLost = loseFirst(1, migrationPacket('fetch'));
    const read = c.op('n2', { kind: 'read', pid: q, page: 3 });
    c.advance(c.nowNs + later, (x) => (pushedPages(x) ? 'hold' : fetchLost(x)));
    const a = c.answer(read);
    const got = a?.kind === 'reply' ? (a.value as { value: unknown }).value : undefined;
    return got === 'x' ? undefined : `a read of page 3 after one lost fetch answered ${answerText(c, read)}`;
  },
  'migration-cleared-page-not-dirty': (flag) => {
    const { c, q } = preCopyWithWriteInRound1(flag, 'v0', (c, q) => write(c, 'n1', q, 5, null));
    return expectPage(c, 'n2', q, 5, null);
  },
  'migration-moved-epoch-ignored': (flag) => {
    const c = new ScriptedCluster(flag);
    const [sender, p] = [c.spawn('n1'), c.spawn('n1')];
    migrated(c, 'n1', p, 'n2', 'stop-and-copy');
    // The notice of the second move (n2 → n3) to n1 is slow: it arrives after that of the third.
    const m2 = migrate(c, 'n2', p, 'n3', 'stop-and-copy');
    c.advance(c.nowNs + later, holding(movedNotice(2, 'n1')));
    const m3 = migrate(c, 'n3', p, 'n2', 'stop-and-copy');
    c.advance(c.nowNs + later, holding(movedNotice(2, 'n1')));
    if (c.answer(m2)?.kind !== 'reply' || c.answer(m3)?.kind !== 'reply') return `the moves answered ${answerText(c, m2)} and ${answerText(c, m3)}`;
    c.settle(perfect);
    c.crash('n3'); // and stays down: a restarted n3 is told again where p runs, and would forward
    c.settle(perfect);
    c.op('n1', send(sender, p, 'm1'));
    c.advance(c.nowNs + later, perfect);
    const lost = inOrder(c, ['m1']);
    return lost === undefined ? undefined : `${lost} (p runs at n2: ${JSON.stringify(readPage(c, 'n2', p, 0))})`;
  },
};
