// Trace validation against spec/migration/Migration.tla on hand-written histories: migrations in
// each mode that the spec explains (pre-copy rounds the port's own work made necessary, a process
// moving twice by two modes, messages forwarded across a move, a post-copy source crash the
// destination has not heard of), and histories it cannot explain (a read of a stale page after the
// switch, a read before a post-copy page arrived, a second migration while one runs, an abort
// after the switch, a page served after the source crashed, messages out of order or twice).
import t from 'tap';
import type { TraceEvent } from '../../protocol/index.js';
import { handWrittenHistory, spawnedAt, type HistoryItem } from './hand-written-history.js';
import { validateMigrationTrace } from './migration-trace.js';

const pid = 'pa@n1';
const sender = 'ps@n3';

type Item = HistoryItem;

/** The migrating process pa is spawned on n1, pb on n2, a sender ps on n3; the items follow. */
const history = (body: Item[]) => handWrittenHistory(spawnedAt([pid, 'pb@n2', sender]), body);

const on = (node: string, event: TraceEvent): Item => ({ on: node, event });
const written = (node: string, page: number, value: string) => on(node, { kind: 'Written', pid, page, value });
const read = (node: string, page: number, value: string | null) => on(node, { kind: 'Read', pid, page, value });
const started = (from: string, to: string, mode: 'stop-and-copy' | 'pre-copy' | 'post-copy') => on(from, { kind: 'MigrationStarted', pid, from, to, mode });
const frozen = (node: string) => on(node, { kind: 'Frozen', pid, node, dirtyPages: 1 });
const switched = (from: string, to: string) => on(to, { kind: 'Switched', pid, from, to, pagesCopied: 1 });
const round = (node: string, n: number) => on(node, { kind: 'RoundCopied', pid, round: n, pages: 64 });
const fetched = (node: string, page: number) => on(node, { kind: 'PageFetched', pid, page, cause: 'fault' });
const sent = (msgId: string) => on('n3', { kind: 'Sent', msgId, from: sender, to: pid });
const delivered = (node: string, msgId: string) => on(node, { kind: 'Delivered', msgId, from: sender, to: pid, body: null });

/** A stop-and-copy move n1 → n2 carrying page 7 (value "a"), as the reference kernel orders it. */
const stopAndCopy: Item[] = [written('n1', 7, 'a'), started('n1', 'n2', 'stop-and-copy'), frozen('n1'), { send: 1, from: 'n1', to: 'n2' }, { deliver: 1 }, switched('n1', 'n2')];

t.test('a stop-and-copy move is explained; a read after it of the page as it was before the write is not', async (t) => {
  t.match(await validateMigrationTrace(history([...stopAndCopy, read('n2', 7, 'a')])), { kind: 'explained', events: 5 });
  t.match(await validateMigrationTrace(history([...stopAndCopy, read('n2', 7, null)])), { kind: 'unexplained', entry: 9, message: /Read \{.*"page":7,"value":null\} at n2 \(history entry 9/ });
  t.match(await validateMigrationTrace(history([...stopAndCopy, read('n1', 7, 'a')])), { kind: 'unexplained', message: /Read .* at n1/ }, 'not at the source it left');
});

t.test('pre-copy: rounds the port chose (its own work dirtied pages) are explained; a write after the freeze is not', async (t) => {
  const rounds: Item[] = [started('n1', 'n2', 'pre-copy'), round('n1', 1), written('n1', 7, 'a'), round('n1', 2), round('n1', 3), frozen('n1'), switched('n1', 'n2'), read('n2', 7, 'a')];
  t.match(await validateMigrationTrace(history(rounds)), { kind: 'explained', events: 8 });
  t.match(await validateMigrationTrace(history([started('n1', 'n2', 'pre-copy'), frozen('n1')])), { kind: 'unexplained', message: /Frozen/ }, 'at least one round before the freeze');
  const writeWhileFrozen: Item[] = [started('n1', 'n2', 'pre-copy'), round('n1', 1), frozen('n1'), written('n1', 7, 'a')];
  t.match(await validateMigrationTrace(history(writeWhileFrozen)), { kind: 'unexplained', message: /Written/ });
});

t.test('post-copy: a page is read at the destination only once it arrived', async (t) => {
  const move: Item[] = [written('n1', 7, 'a'), started('n1', 'n2', 'post-copy'), frozen('n1'), switched('n1', 'n2')];
  t.match(await validateMigrationTrace(history([...move, fetched('n2', 7), read('n2', 7, 'a')])), { kind: 'explained' });
  t.match(await validateMigrationTrace(history([...move, read('n2', 7, 'a')])), { kind: 'unexplained', message: /Read/ });
});

t.test('post-copy source crash: the destination may act before it hears, never on a page served after the crash', async (t) => {
  const move: Item[] = [written('n1', 7, 'a'), written('n1', 8, 'b'), started('n1', 'n2', 'post-copy'), frozen('n1'), switched('n1', 'n2'), fetched('n2', 7)];
  // n2 heard nothing from n1 after the crash: its read may come before the crash in the spec's order.
  t.match(await validateMigrationTrace(history([...move, { crash: 'n1' }, read('n2', 7, 'a')])), { kind: 'explained' });
  // The restarted n1 (a new node for the spec) talks to n2 first: page 8 can no longer exist anywhere.
  const served: Item[] = [...move, { crash: 'n1' }, { restart: 'n1' }, { send: 1, from: 'n1', to: 'n2' }, { deliver: 1 }, fetched('n2', 8)];
  t.match(await validateMigrationTrace(history(served)), { kind: 'unexplained', message: /PageFetched .*"page":8/ });
});

t.test('one migration at a time, and no abort after the switch', async (t) => {
  t.match(await validateMigrationTrace(history([started('n1', 'n2', 'pre-copy'), started('n1', 'n3', 'stop-and-copy')])), { kind: 'unexplained', entry: 4, message: /MigrationStarted .*"to":"n3"/ });
  // The destination tells the source it runs the process before the source aborts.
  const abortAfterSwitch: Item[] = [...stopAndCopy, { send: 2, from: 'n2', to: 'n1' }, { deliver: 2 }, on('n1', { kind: 'MigrationAborted', pid, reason: 'timeout' })];
  t.match(await validateMigrationTrace(history(abortAfterSwitch)), { kind: 'unexplained', message: /MigrationAborted/ });
  const abortBefore: Item[] = [written('n1', 7, 'a'), started('n1', 'n2', 'stop-and-copy'), frozen('n1'), on('n1', { kind: 'MigrationAborted', pid, reason: 'timeout' }), read('n1', 7, 'a')];
  t.match(await validateMigrationTrace(history(abortBefore)), { kind: 'explained' }, 'an abort before the switch leaves the source running');
});

t.test('a post-copy migration ends at its last page, read or not; the next may start only then', async (t) => {
  // Pages the run never reads or writes are the model's too: else the model's migration never ends.
  const postCopy: Item[] = [started('n1', 'n2', 'post-copy'), frozen('n1'), switched('n1', 'n2'), fetched('n2', 0), fetched('n2', 1)];
  const next: Item[] = [started('n2', 'n3', 'stop-and-copy'), frozen('n2'), switched('n2', 'n3')];
  t.match(await validateMigrationTrace(history([...postCopy, ...next])), { kind: 'explained', events: 8 });
  const early: Item[] = [...postCopy.slice(0, 4), ...next, fetched('n2', 1)];
  t.match(await validateMigrationTrace(history(early)), { kind: 'unexplained', message: /MigrationStarted .*"to":"n3"/ }, 'not before its last page arrived');
});

t.test('two moves by two modes are explained', async (t) => {
  const twice: Item[] = [...stopAndCopy, started('n2', 'n3', 'post-copy'), frozen('n2'), switched('n2', 'n3'), fetched('n3', 7), read('n3', 7, 'a')];
  t.match(await validateMigrationTrace(history(twice)), { kind: 'explained', events: 9 });
});

t.test('messages across a move: delivered where the process runs, once each, in the sender\'s order', async (t) => {
  const stream: Item[] = [sent('m1'), ...stopAndCopy, sent('m2')];
  t.match(await validateMigrationTrace(history([...stream, delivered('n2', 'm1'), delivered('n2', 'm2')])), { kind: 'explained' });
  t.match(await validateMigrationTrace(history([...stream, delivered('n2', 'm2'), delivered('n2', 'm1')])), { kind: 'unexplained', message: /Delivered .*"msgId":"m2"/ });
  t.match(await validateMigrationTrace(history([...stream, delivered('n2', 'm1'), delivered('n2', 'm1')])), { kind: 'unexplained', message: /Delivered .*"msgId":"m1"/ });
  t.match(await validateMigrationTrace(history([...stream, delivered('n1', 'm1')])), { kind: 'unexplained' }, 'not at the node the process left');
});

t.test('runs outside the spec are not applicable, the search bound gives unknown', async (t) => {
  t.match(await validateMigrationTrace(history([sent('m1')])), { kind: 'not-applicable', reason: 'no migration or memory events' });
  t.match(await validateMigrationTrace(history([...stopAndCopy, on('n2', { kind: 'Exited', pid })])), { kind: 'not-applicable', reason: /exited/ });
  t.match(await validateMigrationTrace(history([...stopAndCopy, read('n2', 7, 'a')]), { maxStates: 3 }), { kind: 'unknown', reason: /more than 3/ });
});
