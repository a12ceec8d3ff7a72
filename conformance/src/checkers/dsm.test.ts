// The DSM properties on run histories: loads and stores as the suite records them, with failed and
// unanswered operations treated as PROTOCOL.md says (a definite error never happened, an unanswered
// store may have); each property accepts a history that keeps it and rejects one that breaks it.
import t from 'tap';
import type { HistoryEntry, Outcome } from '../history.js';
import { checkDsmHistory } from './dsm.js';
import { checkHistory } from './check-history.js';

class H {
  readonly entries: HistoryEntry[] = [];
  private time = 0;
  private opId = 0;
  /** A load or store by `pid` on node `node`, page 1 of segment s, with its outcome. */
  op(node: string, pid: string, kind: 'load' | 'store', value: number, outcome: Outcome | 'none'): this {
    const opId = this.opId++;
    const op = kind === 'load' ? { kind, pid, segment: 's', page: 1 } : { kind, pid, segment: 's', page: 1, value };
    this.entries.push({ kind: 'invoke', timeNs: (this.time += 10), node, opId, op });
    if (outcome !== 'none') this.entries.push({ kind: 'complete', timeNs: (this.time += 10), node, opId, outcome });
    return this;
  }
  /** The next operation is invoked after `timeNs`. */
  after(timeNs: number): this {
    this.time = timeNs;
    return this;
  }
  store(pid: string, value: number, version: number): this {
    return this.op('n1', pid, 'store', value, { kind: 'ok', value: { version } });
  }
  load(pid: string, value: number, version: number): this {
    return this.op('n2', pid, 'load', value, { kind: 'ok', value: { value, version } });
  }
}
const both = ['PageLinearizable', 'SequentiallyConsistent'] as const;
const violated = (h: H) => checkDsmHistory(h.entries, both).violations.map((v) => v.property);

t.test('accepts', async (t) => {
  t.same(violated(new H().store('a', 7, 1).load('b', 7, 1)), []);
  t.same(violated(new H().load('b', 0, 0).store('a', 7, 1).store('a', 8, 2).load('b', 8, 2)), []);
  t.same(violated(new H().op('n1', 'a', 'store', 7, { kind: 'error', code: 'page_lost', definite: true, text: '' }).load('b', 0, 0)), [], 'a store that failed definitely never happened');
  t.same(violated(new H().op('n1', 'a', 'store', 7, { kind: 'lost' }).load('b', 7, 1)), [], 'an unanswered store may have happened');
  t.same(violated(new H().op('n1', 'a', 'store', 7, 'none').load('b', 0, 0)), [], '… or not');
  t.same(violated(new H().op('n2', 'b', 'load', 0, { kind: 'error', code: 'unavailable', definite: false, text: '' }).store('a', 1, 1)), [], 'a failed load returned nothing');
  t.same(checkDsmHistory(new H().store('a', 7, 1).load('b', 9, 1).entries, ['OperationsAnswered']).violations, [], 'nothing checked unless asserted');
});

t.test('rejects', async (t) => {
  const stale = checkDsmHistory(new H().store('a', 7, 1).store('a', 8, 2).load('b', 7, 1).entries, both);
  t.same(stale.violations.map((v) => v.property), ['PageLinearizable'], 'a stale load after the next store completed: not linearizable (though sequentially consistent: b may be behind)');
  t.match(stale.violations[0]!.message, /page s\/1 behaves as no single register: #2 load by b on n2 \(7, version 1\)/);
  t.same(stale.violations[0]!.entries.length > 0, true, 'names history entries');
  t.same(violated(new H().store('a', 7, 1).load('b', 8, 2).load('b', 7, 1)), ['PageLinearizable', 'SequentiallyConsistent'], 'a value nobody stored');
  t.same(violated(new H().store('a', 7, 1).store('a', 8, 2).load('a', 7, 1)), ['PageLinearizable', 'SequentiallyConsistent'], 'a process reads behind its own store');
  t.same(violated(new H().op('n1', 'a', 'store', 7, { kind: 'error', code: 'page_lost', definite: true, text: '' }).load('b', 7, 1)), ['PageLinearizable', 'SequentiallyConsistent'], 'a load sees a store that failed definitely');
});

t.test('a search past its budget is unknown, and only when nothing is violated', async (t) => {
  const h = new H();
  for (let i = 1; i <= 8; i++) h.op('n1', `w${i}`, 'store', i, 'none');
  h.load('b', 8, 8);
  const v = checkDsmHistory(h.entries, ['PageLinearizable'], 5);
  t.same(v.violations, []);
  t.match(v.unknown, /page s\/1: the search .* reached its budget of 5 steps/);
  t.equal(checkDsmHistory(h.entries, ['PageLinearizable']).unknown, undefined, 'decided with the default budget');
});

t.test('EveryFaultServed once every crashed node restarted: accepts what the page survived or lost excuses, rejects an unavailable after the restart', async (t) => {
  const unavailable: Outcome = { kind: 'error', code: 'unavailable', definite: false, text: 'no owner' };
  const context = { zones: {}, faultFree: false, callTimeoutNs: 1000, retryIntervalNs: 100, dedupCapacity: 2, recovered: { atNs: 25, firstNode: 'n1' } };
  const served = (h: H) => checkHistory(h.entries, ['EveryFaultServed'], context).map((v) => v.message);
  const restartOf = (node: string, atNs: number): HistoryEntry[] => [
    { kind: 'crash', timeNs: atNs - 5, node },
    { kind: 'restart', timeNs: atNs, node, incarnation: 1 },
  ];
  const transfer: HistoryEntry = { kind: 'event', timeNs: 5, node: 'n1', event: { kind: 'OwnershipTransferred', segment: 's', page: 1, to: 'n3', copyset: [] } };
  const attach: HistoryEntry = { kind: 'invoke', timeNs: 1, node: 'n2', opId: 99, op: { kind: 'attach', pid: 'b', segment: 's', pages: 1 } };

  // n1 gave the page to n3, then crashed and restarted: the page lives on at n3.
  const survived = new H();
  survived.entries.push(attach, transfer, ...restartOf('n1', 25));
  survived.after(30).op('n2', 'b', 'load', 0, unavailable);
  t.match(served(survived), [/#0 load of page 1 of segment 's' by b failed with unavailable: no owner although it was issued after every node ran again and no message was slow any more \(25 ns\) and its page survived/]);
  const answered = new H();
  answered.entries.push(attach, transfer, ...restartOf('n1', 25));
  t.same(served(answered.after(30).load('b', 0, 0)), [], 'served after the restart');

  // n1 crashed still owning the page: it was lost, and giving up is allowed.
  const lost = new H();
  lost.entries.push(attach, ...restartOf('n1', 25));
  t.same(served(lost.after(30).op('n2', 'b', 'load', 0, unavailable)), [], 'the page was lost with the first node');
  const lostWithNewOwner = new H();
  lostWithNewOwner.entries.push(attach, transfer, ...restartOf('n3', 25));
  t.same(served(lostWithNewOwner.after(30).op('n2', 'b', 'load', 0, unavailable)), [], 'the page was lost with n3, which it travelled to');
  const before = new H();
  before.entries.push(attach, transfer);
  before.op('n2', 'b', 'load', 0, unavailable).entries.push(...restartOf('n1', 45));
  t.same(checkHistory(before.entries, ['EveryFaultServed'], { ...context, recovered: { atNs: 45, firstNode: 'n1' } }), [], 'issued before the last restart');
  t.same(checkHistory(survived.entries, ['EveryFaultServed'], { ...context, recovered: undefined }), [], 'other faults (a partition, a node left down): nothing is promised');
});
