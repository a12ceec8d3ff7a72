// The migration checkers on hand-written histories: each property accepts a history of a correct
// migration and rejects one that breaks it (the bugs of spec/migration's known-bad variants and of
// the reference kernel's migration mutants).
import t from 'tap';
import type { HistoryEntry, Outcome } from '../history.js';
import type { Operation, TraceEvent } from '../../protocol/index.js';
import { checkHistory, type CheckContext } from './check-history.js';
import type { PropertyName } from './properties.js';

const context: CheckContext = { zones: { n1: 'z1', n2: 'z2', n3: 'z3' }, faultFree: true, callTimeoutNs: 1000, retryIntervalNs: 100, dedupCapacity: 2 };
const p = 'p1@n1';

/** One history step: an event at a node, an operation (with the events reported while it ran), or a crash. */
type Step =
  | { node: string; event: TraceEvent }
  | { node: string; op: Operation; outcome: Outcome; during: Step[] }
  | { crash: string };

function history(...steps: Step[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let timeNs = 0;
  let opId = 0;
  const add = (step: Step): void => {
    timeNs += 10;
    if ('crash' in step) entries.push({ kind: 'crash', timeNs, node: step.crash });
    else if ('event' in step) entries.push({ kind: 'event', timeNs, node: step.node, event: step.event });
    else {
      const id = opId++;
      entries.push({ kind: 'invoke', timeNs, node: step.node, opId: id, op: step.op });
      step.during.forEach(add);
      entries.push({ kind: 'complete', timeNs: (timeNs += 10), node: step.node, opId: id, outcome: step.outcome });
    }
  };
  steps.forEach(add);
  return entries;
}

const at = (node: string, event: TraceEvent): Step => ({ node, event });
const op = (node: string, operation: Operation, outcome: Outcome, ...during: Step[]): Step => ({ node, op: operation, outcome, during });
const violated = (entries: HistoryEntry[], property: PropertyName) => checkHistory(entries, [property], context).map((v) => v.message);

const spawned = at('n1', { kind: 'Spawned', pid: p, node: 'n1' });
const started = (to = 'n2') => at('n1', { kind: 'MigrationStarted', pid: p, from: 'n1', to, mode: 'stop-and-copy' });
const frozen = at('n1', { kind: 'Frozen', pid: p, node: 'n1', dirtyPages: 4 });
const switched = (from = 'n1', to = 'n2') => at(to, { kind: 'Switched', pid: p, from, to, pagesCopied: 4 });
const written = (node: string, page: number, value: unknown) => at(node, { kind: 'Written', pid: p, page, value });
const read = (node: string, page: number, value: unknown) => at(node, { kind: 'Read', pid: p, page, value });
const ok = (value: unknown): Outcome => ({ kind: 'ok', value });
const migrateOp: Operation = { kind: 'migrate', pid: p, to: { kind: 'node', node: 'n2' }, mode: 'stop-and-copy' };
const migrated = (node = 'n2') => ok({ node, rounds: 0, bytesMoved: 16384, downtimeNs: 100, totalNs: 100 });

t.test('OneActiveCopy', async (t) => {
  t.same(violated(history(spawned, written('n1', 0, 'a'), started(), frozen, switched(), written('n2', 0, 'b')), 'OneActiveCopy'), [], 'a stop-and-copy migration: acts at n1, then at n2');
  const aborted = history(spawned, started(), frozen, at('n1', { kind: 'MigrationAborted', pid: p, reason: 'destination down' }), written('n1', 0, 'a'));
  t.same(violated(aborted, 'OneActiveCopy'), [], 'an abort before the switch: the source runs on');
  t.match(violated(history(spawned, started(), frozen, written('n1', 0, 'a')), 'OneActiveCopy'), [/while frozen/], 'a write while frozen');
  t.match(violated(history(spawned, started(), frozen, switched(), written('n1', 0, 'a')), 'OneActiveCopy'), [/acted on n1 .* while it runs on n2: two active copies/], 'the source acts after the switch');
  t.match(violated(history(spawned, started(), switched()), 'OneActiveCopy'), [/while still running on n1/], 'a switch without a freeze');
  const lateAbort = history(spawned, started(), frozen, switched(), at('n1', { kind: 'MigrationAborted', pid: p, reason: 'no word' }));
  t.match(violated(lateAbort, 'OneActiveCopy'), [/aborted after the switch/], 'an abort racing the commit (spec MigrationAbortRace)');
  const delivered = at('n1', { kind: 'Delivered', msgId: 'm1', from: 'p9@n3', to: p, body: 1 });
  t.match(violated(history(spawned, started(), frozen, switched(), delivered), 'OneActiveCopy'), [/Delivered/], 'a delivery at the old node after the switch');
});

t.test('MemoryPreserved', async (t) => {
  const good = history(spawned, written('n1', 3, 'a'), started(), frozen, switched(), read('n2', 3, 'a'), read('n2', 4, null), written('n2', 3, 'b'), read('n2', 3, 'b'));
  t.same(violated(good, 'MemoryPreserved'), [], 'reads after the switch see the last writes; an unwritten page reads null');
  t.match(violated(history(spawned, written('n1', 3, 'a'), written('n1', 3, 'b'), started(), frozen, switched(), read('n2', 3, 'a')), 'MemoryPreserved'), [/read "a" from page 3 on n2; the last value written there was "b"/], 'a stale page (spec MigrationEarlySwitch)');
  t.match(violated(history(spawned, written('n1', 3, 'a'), started(), frozen, switched(), read('n2', 3, null)), 'MemoryPreserved'), [/read null/], 'a page served as never written (spec MigrationStalePage)');
  const readOp: Operation = { kind: 'read', pid: p, page: 3 };
  const replyDisagrees = history(spawned, written('n1', 3, 'a'), op('n1', readOp, ok({ value: 'z' }), read('n1', 3, 'a')));
  t.match(violated(replyDisagrees, 'MemoryPreserved'), [/answered "z"/], 'a reply that disagrees with its Read event');
});

t.test('OneMigrationAtATime', async (t) => {
  t.same(violated(history(spawned, started(), frozen, switched(), at('n2', { kind: 'MigrationStarted', pid: p, from: 'n2', to: 'n3', mode: 'pre-copy' })), 'OneMigrationAtATime'), [], 'one after the other');
  t.same(violated(history(spawned, started(), { crash: 'n2' }, started('n3')), 'OneMigrationAtATime'), [], 'a crash of the destination ends the first');
  t.match(violated(history(spawned, started(), started('n3')), 'OneMigrationAtATime'), [/second migration .* started while its migration to n2/], 'two at once');
});

t.test('AbortLeavesSourceRunning', async (t) => {
  const abortedOp = (): Outcome => ({ kind: 'error', code: 'migration_aborted', definite: true, text: 'aborted' });
  const abort = at('n1', { kind: 'MigrationAborted', pid: p, reason: 'destination down' });
  const locateOp: Operation = { kind: 'locate', pid: p };
  const good = history(spawned, op('n1', migrateOp, abortedOp(), started(), abort), op('n1', locateOp, ok({ node: 'n1', zone: 'z1' })));
  t.same(violated(good, 'AbortLeavesSourceRunning'), [], 'aborted, reported, still at the source');
  t.match(violated(history(spawned, op('n1', migrateOp, abortedOp())), 'AbortLeavesSourceRunning'), [/no MigrationAborted event/], 'an abort never reported');
  t.match(violated(history(spawned, op('n1', migrateOp, abortedOp(), started(), frozen, switched()), op('n1', locateOp, ok({ node: 'n2', zone: 'z2' }))), 'AbortLeavesSourceRunning'), [/no MigrationAborted/, /yet it switched to n2/, /locate answered n2/], 'aborted, yet moved');
});

t.test('IdentityPreserved', async (t) => {
  const register = op('n1', { kind: 'register', pid: p, name: 'svc' }, ok({}));
  const lookup = (pid: string) => op('n3', { kind: 'lookup', name: 'svc' }, ok({ pid }));
  const locate = (node: string) => op('n3', { kind: 'locate', pid: p }, ok({ node, zone: context.zones[node]! }));
  const migrate = op('n1', migrateOp, migrated());
  t.same(violated(history(spawned, register, started(), frozen, switched(), migrate, lookup(p), locate('n2')), 'IdentityPreserved'), [], 'same pid, new node');
  t.match(violated(history(spawned, register, started(), frozen, switched(), migrate, lookup('p7@n2')), 'IdentityPreserved'), [/registered to p1@n1 before it migrated; a lookup after the move answered pid p7@n2/], 'a new pid after the move');
  t.match(violated(history(spawned, started(), frozen, switched(), migrate, locate('n1')), 'IdentityPreserved'), [/migrated to n2 .* locate answered n1/], 'locate stuck at the old node');
  // Post-copy: the second migrate starts at n2 once the last page arrived, before the first one's answer.
  const first = op('n1', migrateOp, migrated('n2'), started(), frozen, switched(), op('n2', { ...migrateOp, to: { kind: 'node', node: 'n3' } }, migrated('n3'), at('n2', { kind: 'MigrationStarted', pid: p, from: 'n2', to: 'n3', mode: 'stop-and-copy' })));
  t.same(violated(history(spawned, first, locate('n3')), 'IdentityPreserved'), [], 'overlapping migrates: the later one decides');
  t.match(violated(history(spawned, first, locate('n2')), 'IdentityPreserved'), [/migrated to n3 .* locate answered n2/], 'overlapping migrates: locate stuck at the first one\'s node');
});

t.test('PostCopyLossOnlyInPostCopy', async (t) => {
  const postCopy = at('n1', { kind: 'MigrationStarted', pid: p, from: 'n1', to: 'n2', mode: 'post-copy' });
  const fetched = (page: number) => at('n2', { kind: 'PageFetched', pid: p, page, cause: 'fault' });
  const lost: Outcome = { kind: 'error', code: 'crashed', definite: true, text: 'lost with its post-copy source' };
  const access = (kind: 'read' | 'write', page: number, outcome: Outcome, ...during: Step[]) =>
    op('n2', kind === 'read' ? { kind, pid: p, page } : { kind, pid: p, page, value: 'x' }, outcome, ...during);
  const cutShort = [spawned, written('n1', 0, 'a'), postCopy, frozen, switched(), fetched(0), { crash: 'n1' }];
  const accepted = history(...cutShort, access('read', 0, ok({ value: 'a' }), read('n2', 0, 'a')), access('read', 5, lost));
  t.same(violated(accepted, 'PostCopyLossOnlyInPostCopy'), [], 'a page it holds is read; a page left at the source fails, the process lost');
  t.same(violated(accepted, 'MemoryPreserved'), [], 'and memory is preserved');
  const zeroFilled = history(...cutShort, access('read', 5, ok({ value: null }), read('n2', 5, null)));
  t.match(violated(zeroFilled, 'PostCopyLossOnlyInPostCopy'), [/page 5 never reached n2 before its post-copy source n1 crashed; it exists nowhere, yet a read returned null/, /read of page 5 .* answered ok/], 'a page that exists nowhere served as never written (spec MigrationStalePage)');
  t.same(violated(zeroFilled, 'MemoryPreserved'), [], 'which MemoryPreserved cannot tell from a page never written');
  const writtenAnyway = history(...cutShort, access('write', 6, ok({}), written('n2', 6, 'x')));
  t.match(violated(writtenAnyway, 'PostCopyLossOnlyInPostCopy'), [/page 6 .* it was written on n2/, /write of page 6/]);
  const conjured = history(...cutShort, fetched(5), access('read', 5, ok({ value: null }), read('n2', 5, null)));
  t.match(violated(conjured, 'PostCopyLossOnlyInPostCopy'), [/page 5 arrived at n2 after its post-copy source n1 crashed, in no packet/, /page 5 never reached n2/, /read of page 5/], 'a page served after the source crashed');
  const undead = history(...cutShort, access('read', 5, lost), read('n2', 0, 'a'));
  t.match(violated(undead, 'PostCopyLossOnlyInPostCopy'), [/declared lost .* yet it acted again on n2 \(Read\)/], 'lost, then running again');
  // Stop-and-copy leaves nothing at the source: its crash after the switch loses nothing.
  const stopAndCopy = history(spawned, written('n1', 0, 'a'), started(), frozen, switched(), { crash: 'n1' }, access('read', 0, lost));
  t.match(violated(stopAndCopy, 'PostCopyLossOnlyInPostCopy'), [/answered crashed \(the process lost\), but the node it ran on did not crash/]);
  const afterTheLastPage = history(spawned, op('n1', { ...migrateOp, mode: 'post-copy' }, migrated(), postCopy, frozen, switched(), fetched(0)), { crash: 'n1' }, access('read', 0, lost));
  t.match(violated(afterTheLastPage, 'PostCopyLossOnlyInPostCopy'), [/no post-copy source of it crashed before the last page/], 'the migrate returned: every page had arrived');
});

t.test('PagesCopiedAsRounds', async (t) => {
  const spawn = (memory: Extract<Operation, { kind: 'spawn' }>['memory']) => op('n1', { kind: 'spawn', placement: { kind: 'node', node: 'n1' }, ...(memory === undefined ? {} : { memory }) }, ok({ pid: p, node: 'n1' }), spawned);
  const quiet = spawn({ pages: 8, pageBytes: 4096, dirtyPagesPerSec: 0 });
  const busy = spawn({ pages: 8, pageBytes: 4096, dirtyPagesPerSec: 100 });
  const preCopy = at('n1', { kind: 'MigrationStarted', pid: p, from: 'n1', to: 'n2', mode: 'pre-copy' });
  const round = (n: number, pages: number) => at('n1', { kind: 'RoundCopied', pid: p, round: n, pages });
  const freeze = (dirtyPages: number) => at('n1', { kind: 'Frozen', pid: p, node: 'n1', dirtyPages });
  const switchWith = (pagesCopied: number) => at('n2', { kind: 'Switched', pid: p, from: 'n1', to: 'n2', pagesCopied });
  // Pages 1 and 2 written during round 1 (copied by round 2), page 3 twice during round 2 (frozen dirty).
  const rounds = (r2: number, dirty: number, copied = dirty) => [preCopy, written('n1', 1, 'a'), written('n1', 2, 'b'), round(1, 8), written('n1', 3, 'c'), written('n1', 3, 'd'), round(2, r2), freeze(dirty), switchWith(copied)];
  t.same(violated(history(quiet, ...rounds(2, 1)), 'PagesCopiedAsRounds'), [], 'pre-copy: every page, then the two written during round 1, then the one written during round 2');
  t.same(violated(history(busy, ...rounds(5, 4)), 'PagesCopiedAsRounds'), [], 'a process whose work dirties pages: more pages than it wrote');
  t.same(violated(history(spawn(undefined), ...rounds(5, 4)), 'PagesCopiedAsRounds'), [], 'a spawn without memory: the port chose it, so counts are only bounded below');
  t.match(violated(history(quiet, ...rounds(1, 1)), 'PagesCopiedAsRounds'), [/round 2 of p1@n1 counts 1 pages; 2 distinct pages were written in the round before \(1, 2\) and its work dirties none/], 'a round that copies fewer pages than were dirtied');
  t.match(violated(history(busy, ...rounds(1, 1)), 'PagesCopiedAsRounds'), [/round 2 .* counts 1 pages; 2 distinct/], 'fewer than the writes even when the work dirties pages');
  t.match(violated(history(quiet, ...rounds(2, 0)), 'PagesCopiedAsRounds'), [/the freeze of p1@n1 counts 0 pages; 1 distinct pages were written in the round before \(3\)/], 'a freeze that leaves out the last dirty page');
  t.match(violated(history(quiet, ...rounds(2, 1, 0)), 'PagesCopiedAsRounds'), [/the switch of p1@n1 copies 0 pages; the freeze left 1 dirty/], 'a switch that skips the last dirty pages (spec MigrationEarlySwitch)');
  t.match(violated(history(busy, ...rounds(9, 4)), 'PagesCopiedAsRounds'), [/round 2 of p1@n1 counts 9 pages; it has 8/], 'more pages than the memory');
  t.match(violated(history(quiet, preCopy, round(1, 7)), 'PagesCopiedAsRounds'), [/round 1 .* copies 7 pages; the first round copies every page \(8\)/], 'a first round that is not the whole memory');
  t.match(violated(history(quiet, preCopy, round(1, 8), round(3, 0)), 'PagesCopiedAsRounds'), [/round 3 .* after round 1/], 'a round skipped');
  const stopAndCopy = (dirty: number, copied: number) => [at('n1', { kind: 'MigrationStarted', pid: p, from: 'n1', to: 'n2', mode: 'stop-and-copy' }), freeze(dirty), switchWith(copied)];
  t.same(violated(history(quiet, ...stopAndCopy(8, 8)), 'PagesCopiedAsRounds'), [], 'stop-and-copy: every page at the switch');
  t.match(violated(history(quiet, ...stopAndCopy(3, 3)), 'PagesCopiedAsRounds'), [/stop-and-copy freeze of p1@n1 reports 3 dirty pages; nothing was copied before it, so all 8 are/], 'stop-and-copy that copies part of the memory');
  const postCopy = (copied: number) => [at('n1', { kind: 'MigrationStarted', pid: p, from: 'n1', to: 'n2', mode: 'post-copy' }), freeze(8), switchWith(copied)];
  t.same(violated(history(quiet, ...postCopy(0)), 'PagesCopiedAsRounds'), [], 'post-copy: no page at the switch');
  t.match(violated(history(quiet, ...postCopy(8)), 'PagesCopiedAsRounds'), [/post-copy moves none at the switch/], 'post-copy that copies pages at the switch');
  const aborted = [preCopy, written('n1', 1, 'a'), at('n1', { kind: 'MigrationAborted', pid: p, reason: 'destination down' }), preCopy, round(1, 8), round(2, 0), freeze(0), switchWith(0)];
  t.same(violated(history(quiet, ...aborted), 'PagesCopiedAsRounds'), [], 'a new migration after an abort starts its rounds afresh');
  const cutShort = (...crash: { crash: string }[]) => history(quiet, preCopy, round(1, 8), freeze(0), ...crash, switchWith(3));
  t.same(violated(cutShort({ crash: 'n2' }), 'PagesCopiedAsRounds'), [], 'a crash of the destination ends the migration: a later switch is not its');
  t.match(violated(cutShort(), 'PagesCopiedAsRounds'), [/the switch of p1@n1 copies 3 pages; the freeze left 0 dirty/], 'the same switch without the crash');
});

t.test('NoResidualDependency', async (t) => {
  const register = op('n1', { kind: 'register', pid: p, name: 'svc' }, ok({}));
  const migrate = op('n1', migrateOp, migrated());
  const failed = (code: 'timeout' | 'not_found'): Outcome => ({ kind: 'error', code, definite: code === 'not_found', text: 'no answer' });
  const call = (outcome: Outcome, to: Extract<Operation, { kind: 'call' }>['to'] = { kind: 'pid', pid: p }) => op('n3', { kind: 'call', from: 'c@n3', to, callId: 'c1', semantics: 'exactly-once', args: 1 }, outcome);
  const lookup = (outcome: Outcome) => op('n3', { kind: 'lookup', name: 'svc' }, outcome);
  const moved = [spawned, register, started(), frozen, switched(), migrate];
  t.same(violated(history(...moved, { crash: 'n1' }, call(ok({ result: 1 })), lookup(ok({ pid: p }))), 'NoResidualDependency'), [], 'the home crashed; the call and the lookup succeed');
  t.same(violated(history(...moved, { crash: 'n2' }, call(failed('timeout'))), 'NoResidualDependency'), [], 'the node it runs on crashed: a failure is allowed');
  t.same(violated(history(...moved, { crash: 'n3' }, call(failed('timeout'))), 'NoResidualDependency'), [], 'the issuing node crashed meanwhile');
  t.same(violated(history(...moved, { crash: 'n1' }, lookup(failed('not_found'))), 'NoResidualDependency'), [], 'names are left to IdentityPreserved (their directory may be down)');
  t.same(violated(history(spawned, register, { crash: 'n1' }, call(failed('timeout'))), 'NoResidualDependency'), [], 'no move: the home is where it runs');
  t.match(violated(history(...moved, { crash: 'n1' }, call(failed('timeout'))), 'NoResidualDependency'), [/call issued on n3 after p1@n1 moved to n2 failed with timeout/], 'a call that waited for the crashed home');
  t.match(violated(history(...moved, { crash: 'n1' }, op('n3', { kind: 'locate', pid: p }, failed('not_found'))), 'NoResidualDependency'), [/locate issued on n3 .* answered not_found .* live throughout/], 'a locate answered by nobody but the crashed home');
  const readAt = (node: string, outcome: Outcome) => op(node, { kind: 'read', pid: p, page: 0 }, outcome);
  t.same(violated(history(...moved, { crash: 'n3' }, readAt('n3', failed('timeout'))), 'NoResidualDependency'), [], 'the issuing node restarted: a read may fail');
  t.same(violated(history(...moved, { crash: 'n2' }, readAt('n3', failed('not_found'))), 'NoResidualDependency'), [], 'the process died with its node: not_found is true');
  t.match(violated(history(...moved, { crash: 'n3' }, readAt('n3', failed('not_found'))), 'NoResidualDependency'), [/read issued on n3 .* answered not_found .* but p1@n1 was live throughout/], 'a restarted node not told where the process runs answers for it (the excuse covers failures, not absence)');
});
