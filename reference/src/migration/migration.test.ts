// Migration on the reference kernel under scripted networks: orders of packets the conformance
// suite's generator reaches rarely, checked on the kernel's own events.
import t from 'tap';
import type { MigrationMode, Operation } from '../../../conformance/protocol/index.js';
import { perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

const later = 5 * new ScriptedCluster().params.callTimeoutNs;

function migrated(c: ScriptedCluster, from: string, pid: string, to: string, mode: MigrationMode, network: Network): void {
  const opId = c.op(from, { kind: 'migrate', pid, to: { kind: 'node', node: to }, mode });
  c.advance(c.nowNs + later, network);
  const answer = c.answer(opId);
  if (answer?.kind !== 'reply') throw new Error(`migration of ${pid} from ${from} to ${to} was not answered with a reply: ${JSON.stringify(answer)}`);
}

/** The location notice telling the home node that the process runs at `at` (every retransmission of it). */
const movedNotice = (at: string) => (p: InFlight) =>
  p.packet.kind === 'link-data' && p.packet.body.kind === 'migration' && p.packet.body.control.t === 'moved' && p.packet.body.control.to === at;

/** The nodes where the message `msgId` was delivered. */
const deliveredAt = (c: ScriptedCluster, msgId: string) => c.events.flatMap(({ node, event }) => (event.kind === 'Delivered' && event.msgId === msgId ? [node] : []));

/** A migration bulk packet of type `t` (outside the link), or a migration control of type `t` on the link. */
const bulk = (type: string) => (p: InFlight) => p.packet.kind === 'migration' && p.packet.packet.t === type;
const control = (type: string) => (p: InFlight) => p.packet.kind === 'link-data' && p.packet.body.kind === 'migration' && p.packet.body.control.t === type;
const holding = (...held: ((p: InFlight) => boolean)[]): Network => (p) => (held.some((h) => h(p)) ? 'hold' : 'deliver');

const send = (from: string, to: string, msgId: string): Operation => ({ kind: 'send', from, to: { kind: 'pid', pid: to }, msgId, body: msgId });

t.test('a late location notice does not overwrite a newer one at the home node (no message lost to a later crash)', async (t) => {
  for (const mode of ['stop-and-copy', 'pre-copy', 'post-copy'] as const) {
    const c = new ScriptedCluster();
    const [p, sender] = [c.spawn('n1'), c.spawn('n1')]; // p's home is n1
    migrated(c, 'n1', p, 'n2', mode, perfect);
    // "p is at n3" is slow on the link n2 → n1 ...
    const slowNotice: Network = (packet) => (movedNotice('n3')(packet) ? 'hold' : 'deliver');
    migrated(c, 'n2', p, 'n3', mode, slowNotice);
    t.ok(c.inFlight.some(movedNotice('n3')), `${mode}: the notice "at n3" is still in flight`);
    // ... and is overtaken by "p is at n2" on the link n3 → n1.
    migrated(c, 'n3', p, 'n2', mode, slowNotice);
    c.advance(c.nowNs + later, perfect);
    // n3, which p left, crashes: by Migration.tla's NoLoss that loses no message of p's.
    c.crash('n3');
    c.restart('n3');
    c.advance(c.nowNs + later, perfect);
    c.op('n1', send(sender, p, 'after-crash'));
    c.advance(c.nowNs + later, perfect);
    t.same(deliveredAt(c, 'after-crash'), ['n2'], `${mode}: the message sent from p's home after n3 restarted reaches p at n2`);
  }
});

t.test('post-copy: the destination refuses a second migrate until the last page arrived, then accepts it before the first is answered', async (t) => {
  const c = new ScriptedCluster();
  const p = c.spawn('n1');
  const migrate = (to: string, mode: MigrationMode): Operation => ({ kind: 'migrate', pid: p, to: { kind: 'node', node: to }, mode });
  const first = c.op('n1', migrate('n2', 'post-copy'));
  c.settle(holding(bulk('pages')));
  t.ok(c.events.some(({ event }) => event.kind === 'Switched'), 'switched to n2, pages still at n1');
  t.match(c.answer(c.op('n2', migrate('n3', 'stop-and-copy'))), { kind: 'error', code: 'migration_in_progress' }, 'refused while pages are missing (spec: mstate = "pulling")');
  // Every page arrives; n1 does not hear so yet (the migration ended at n2, spec PageFetched).
  c.settle(holding(control('complete')));
  t.equal(c.answer(first), undefined, 'the first migrate is not answered yet');
  const second = c.op('n2', migrate('n3', 'stop-and-copy'));
  c.settle(holding(control('complete')));
  t.match(c.answer(second), { kind: 'reply', value: { node: 'n3' } }, 'the second migration ran to its end');
  c.settle(perfect);
  t.match(c.answer(first), { kind: 'reply', value: { node: 'n2' } }, 'the first migrate answers where its migration ended');
  t.match(c.opSettled('n1', { kind: 'locate', pid: p }), { kind: 'reply', value: { node: 'n3' } }, 'locate follows the later migration');
});

t.test('the home node crashes after a move: a message sent then from another node still reaches the process', async (t) => {
  const c = new ScriptedCluster();
  const [p, sender] = [c.spawn('n1'), c.spawn('n3')]; // p's home is n1
  migrated(c, 'n1', p, 'n2', 'stop-and-copy', perfect);
  c.crash('n1'); // and stays down
  c.op('n3', send(sender, p, 'after-crash'));
  c.advance(c.nowNs + later, perfect);
  t.same(deliveredAt(c, 'after-crash'), ['n2'], 'delivered at n2, not queued for the crashed home node');
  t.match(c.opSettled('n3', { kind: 'locate', pid: p }), { kind: 'reply', value: { node: 'n2' } }, 'locate answers without the home node');
});

t.test('a call that overtakes the commit to the destination waits for the server there (no not_found while it lives)', async (t) => {
  const c = new ScriptedCluster();
  const [server, client] = [c.spawn('n1'), c.spawn('n2')];
  const moving = c.op('n1', { kind: 'migrate', pid: server, to: { kind: 'node', node: 'n2' }, mode: 'stop-and-copy' });
  c.settle(holding(control('commit'))); // n2 holds the whole image; the commit that would start it is slow
  const call = c.op('n2', { kind: 'call', from: client, to: { kind: 'pid', pid: server }, callId: 'c1', semantics: 'exactly-once', args: [] });
  c.settle(holding(control('commit'))); // the request reaches n2 through n1's pointer, before the commit
  t.equal(c.answer(call), undefined, 'not answered (not_found) while the server is on its way');
  c.advance(c.nowNs + later, perfect);
  t.match(c.answer(moving), { kind: 'reply', value: { node: 'n2' } });
  t.match(c.answer(call), { kind: 'reply' }, 'the retried request reaches the server once it runs');
  t.equal(c.executions('c1'), 1);
});

/** p moves n1 → n2; n1 crashes and restarts; at once, before any packet arrives, n1 asks about p and sends to it. */
function restartedHomeAsksAtOnce(flag?: 'migration-restart-answers-unannounced') {
  const c = new ScriptedCluster(flag);
  const p = c.spawn('n1'); // p's home is n1
  c.op('n1', { kind: 'write', pid: p, page: 3, value: 'v' });
  migrated(c, 'n1', p, 'n2', 'stop-and-copy', perfect);
  c.crash('n1');
  c.restart('n1');
  const spawned = c.answer(c.op('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  if (spawned?.kind !== 'reply') throw new Error(`spawn on n1 was not answered: ${JSON.stringify(spawned)}`);
  const sender = String((spawned.value as { pid: string }).pid);
  const [locate, read] = [c.op('n1', { kind: 'locate', pid: p }), c.op('n1', { kind: 'read', pid: p, page: 3 })];
  c.op('n1', send(sender, p, 'just-after-restart'));
  c.op('n1', send(sender, p, 'next'));
  const before = { locate: c.answer(locate), read: c.answer(read) };
  c.settle(perfect); // n2's re-announcement arrives
  return { before, after: { locate: c.answer(locate), read: c.answer(read) }, delivered: [deliveredAt(c, 'just-after-restart'), deliveredAt(c, 'next')] };
}

t.test('the home node restarts after a move: until its peers re-announced, it holds what concerns the moved pid instead of answering for it', async (t) => {
  const { before, after, delivered } = restartedHomeAsksAtOnce();
  t.same(before, { locate: undefined, read: undefined }, 'locate and read wait for the re-announcement');
  t.match(after, { locate: { kind: 'reply', value: { node: 'n2' } }, read: { kind: 'reply', value: { value: 'v' } } });
  t.same(delivered, [['n2'], ['n2']], 'both messages are delivered at n2');
  // The flag is the kernel before the fix: the home resolved the pid to itself.
  const flagged = restartedHomeAsksAtOnce('migration-restart-answers-unannounced');
  t.match(flagged.before, { locate: { kind: 'error', code: 'not_found' }, read: { kind: 'error', code: 'not_found' } }, 'flagged: not_found, definite, for a live process');
  t.same(flagged.delivered, [[], []], 'flagged: the first message is dropped at n1 and the next waits behind it for ever');
});

t.test('a restarted home node waits for no silent peer longer than a kernel request: its own dead processes are then absent', async (t) => {
  const c = new ScriptedCluster();
  const [p, dead] = [c.spawn('n1'), c.spawn('n1')];
  migrated(c, 'n1', p, 'n2', 'stop-and-copy', perfect);
  c.crash('n3'); // and stays down: it never re-announces
  c.crash('n1');
  c.restart('n1');
  const locateMoved = c.op('n1', { kind: 'locate', pid: p });
  const locateDead = c.op('n1', { kind: 'locate', pid: dead });
  c.settle(perfect);
  t.match(c.answer(locateMoved), { kind: 'reply', value: { node: 'n2' } }, 'the moved process is answered as soon as its node re-announced it');
  t.equal(c.answer(locateDead), undefined, 'a process n1 knows nothing of waits for the silent n3');
  c.advance(c.nowNs + c.params.callTimeoutNs, perfect);
  t.match(c.answer(locateDead), { kind: 'error', code: 'not_found' }, 'after the request to n3 timed out, absent (it died in the crash)');
});
