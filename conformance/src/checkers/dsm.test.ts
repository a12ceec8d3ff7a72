// The DSM properties on run histories: loads and stores as the suite records them, with failed and
// unanswered operations treated as PROTOCOL.md says (a definite error never happened, an unanswered
// store may have); each property accepts a history that keeps it and rejects one that breaks it.
import t from 'tap';
import type { HistoryEntry, Outcome } from '../history.js';
import { checkDsmHistory } from './dsm.js';

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
