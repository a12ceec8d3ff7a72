// MigrationsCommitUndisturbed on hand-written histories: migrations that gave up with and without a fault near them.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { Operation } from '../../protocol/index.js';
import { HistoryIndex } from './history-index.js';
import { checkMigrationsCommitUndisturbed } from './migration-progress.js';

const timeout = 1000;
const migrate = (opId: number, atNs: number, endNs: number | undefined, outcome: 'ok' | 'migration_aborted' | 'bad_request' = 'ok', pid = 'p@n1'): HistoryEntry[] => {
  const op: Operation = { kind: 'migrate', pid, to: { kind: 'node', node: 'n2' }, mode: 'stop-and-copy' };
  const invoke: HistoryEntry = { kind: 'invoke', timeNs: atNs, node: 'n1', opId, op };
  if (endNs === undefined) return [invoke];
  const complete: HistoryEntry = outcome === 'ok'
    ? { kind: 'complete', timeNs: endNs, node: 'n1', opId, outcome: { kind: 'ok', value: { node: 'n2' } } }
    : { kind: 'complete', timeNs: endNs, node: 'n1', opId, outcome: { kind: 'error', code: outcome, definite: true, text: '' } };
  return [invoke, complete];
};
const judge = (entries: HistoryEntry[], messageFaultFree = true) =>
  checkMigrationsCommitUndisturbed(new HistoryIndex([...entries].sort((a, b) => a.timeNs - b.timeNs)), { messageFaultFree, callTimeoutNs: timeout });
const partition = (atNs: number, healNs: number): HistoryEntry[] => [
  { kind: 'partition', timeNs: atNs, groups: [['n1'], ['n2']] },
  { kind: 'heal', timeNs: healNs },
];

t.test('MigrationsCommitUndisturbed accepts switches, and aborts a fault or a rival migration explains', async (t) => {
  t.same(judge(migrate(0, 5000, 6000)), [], 'switched');
  t.same(judge([...partition(4000, 4500), ...migrate(0, 5000, 6000, 'migration_aborted')]), [], 'a partition healed less than two call timeouts before');
  t.same(judge([...migrate(0, 5000, 7000, 'migration_aborted'), { kind: 'crash', timeNs: 6000, node: 'n2' }]), [], 'the destination crashed during it');
  t.same(judge([...migrate(0, 5000, 7000, 'migration_aborted'), { kind: 'packet-dropped', timeNs: 5500, from: 'n1', to: 'n2', packetId: 1, reason: 'loss' }]), [], 'a packet dropped during it');
  t.same(judge([...migrate(0, 5000, 7000, 'migration_aborted'), ...migrate(1, 5500, 6500)]), [], 'another migration of the process at the same time');
  t.same(judge(migrate(0, 5000, 7000, 'migration_aborted'), false), [], 'message faults configured: not judged');
  t.same(judge(migrate(0, 5000, 5001, 'bad_request')), [], 'a refusal, not a give-up');
});

t.test('MigrationsCommitUndisturbed rejects an abort with nothing to explain it', async (t) => {
  const rejected = [{ property: 'MigrationsCommitUndisturbed', message: /operation 0 \(migrate p@n1 stop-and-copy to .*\) answered migration_aborted at 7000 ns, though .* from 3000 ns \(2 call timeouts before it was issued\)/ }];
  t.match(judge(migrate(0, 5000, 7000, 'migration_aborted')), rejected);
  t.match(judge([...partition(1000, 2500), ...migrate(0, 5000, 7000, 'migration_aborted')]), rejected, 'the partition healed more than two call timeouts before');
  t.match(judge([...migrate(0, 5000, 7000, 'migration_aborted'), ...migrate(1, 5000, 5500, 'ok', 'q@n1')]), rejected, 'a migration of another process does not excuse it');
});
