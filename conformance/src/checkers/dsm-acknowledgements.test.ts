// CrashedReadersNotAwaited on hand-written histories: an owner's `unavailable` is rejected only when
// every reader it invalidated acknowledged, or restarted after the invalidation and was heard from.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';
import { checkCrashedReadersNotAwaited } from './dsm-acknowledgements.js';

const page = { segment: 's', page: 1 } as const;
const unavailable = { kind: 'error', code: 'unavailable', definite: false, text: 'no answer' } as const;

class H {
  readonly entries: HistoryEntry[] = [];
  private time = 0;
  private packetId = 0;
  private next(): number {
    return (this.time += 1000);
  }
  event(node: string, event: TraceEvent): this {
    this.entries.push({ kind: 'event', timeNs: this.next(), node, event });
    return this;
  }
  store(node: string, opId: number): this {
    this.entries.push({ kind: 'invoke', timeNs: this.next(), node, opId, op: { kind: 'store', pid: `p@${node}`, ...page, value: opId } });
    return this;
  }
  gaveUp(node: string, opId: number): this {
    this.entries.push({ kind: 'complete', timeNs: this.next(), node, opId, outcome: unavailable });
    return this;
  }
  crash(node: string): this {
    this.entries.push({ kind: 'crash', timeNs: this.next(), node });
    return this;
  }
  restart(node: string): this {
    this.entries.push({ kind: 'restart', timeNs: this.next(), node, incarnation: 1 });
    return this;
  }
  /** A packet sent now from `from`, delivered to `to` later. */
  packet(from: string, to: string): this {
    const sentNs = this.next();
    const packetId = this.packetId++;
    this.entries.push({ kind: 'packet-sent', timeNs: sentNs, from, to, packetId });
    this.entries.push({ kind: 'packet-delivered', timeNs: this.next(), from, to, packetId, sentNs });
    return this;
  }
}

/** n1 owns the page from boot and grants n3 a copy; n2 takes the ownership with n3 in its copy set and stores. */
const transfer = () =>
  new H()
    .event('n1', { kind: 'CopyGranted', ...page, to: 'n3' })
    .store('n2', 1)
    .event('n2', { kind: 'Fault', ...page, access: 'write', to: 'n1' })
    .event('n1', { kind: 'OwnershipTransferred', ...page, to: 'n2', copyset: ['n3'] })
    .event('n2', { kind: 'OwnershipReceived', ...page, from: 'n1', invalidating: ['n3'] });
/** n1 owns the page from boot, grants n3 a copy, then stores: it upgrades in place, invalidating n3. */
const upgrade = () => new H().event('n1', { kind: 'CopyGranted', ...page, to: 'n3' }).store('n1', 1).event('n1', { kind: 'Fault', ...page, access: 'write', to: 'n1' });
const violations = (h: H) => checkCrashedReadersNotAwaited(h.entries).map((v) => v.message);

t.test('accepts an unavailable while a reader may still owe its acknowledgement', async (t) => {
  t.same(violations(transfer().gaveUp('n2', 1)), [], 'the reader never answered (cut off, or down)');
  t.same(violations(transfer().crash('n3').gaveUp('n2', 1)), [], 'the reader crashed and is still down');
  t.same(violations(transfer().crash('n3').restart('n3').gaveUp('n2', 1)), [], 'the reader restarted, but the owner has not heard from it (no failure detector)');
  t.same(violations(transfer().crash('n3').restart('n3').packet('n3', 'n1').gaveUp('n2', 1)), [], 'another node heard from it, not the owner');
  t.same(violations(new H().event('n1', { kind: 'CopyGranted', ...page, to: 'n3' }).crash('n3').restart('n3').packet('n3', 'n2').store('n2', 1).event('n2', { kind: 'Fault', ...page, access: 'write', to: 'n1' }).event('n2', { kind: 'OwnershipReceived', ...page, from: 'n1', invalidating: ['n3'] }).gaveUp('n2', 1)), [], "restarted before the invalidation: the new incarnation must acknowledge it");
  t.same(violations(upgrade().gaveUp('n1', 1)), [], 'an upgrade in place waits the same way');
  t.same(violations(new H().store('n2', 1).event('n2', { kind: 'Fault', ...page, access: 'write', to: 'n1' }).gaveUp('n2', 1)), [], 'a fault whose request found no owner (the node does not own the page)');
  t.same(violations(new H().store('n1', 1).event('n1', { kind: 'Fault', ...page, access: 'write', to: 'n1' }).gaveUp('n1', 1)), [], 'a fault sent to the node itself as manager (or by a restarted node): not an owner known to the history');
  t.same(violations(transfer().crash('n2').restart('n2').store('n2', 2).event('n2', { kind: 'Fault', ...page, access: 'write', to: 'n1' }).gaveUp('n2', 2)), [], 'an owner that crashed owns nothing');
});

t.test('rejects an unavailable once no acknowledgement is owed', async (t) => {
  const heard = violations(transfer().crash('n3').restart('n3').packet('n3', 'n2').gaveUp('n2', 1));
  t.equal(heard.length, 1, 'the reader crashed after the invalidation, restarted, and the owner heard from its new incarnation');
  t.match(heard[0], /#1 store of page s\/1 on n2 failed with unavailable while n2 owned the page and owed no acknowledgement: n3 restarted after n2 invalidated it/);
  t.equal(violations(upgrade().crash('n3').restart('n3').packet('n3', 'n1').gaveUp('n1', 1)).length, 1, 'the same for an upgrade in place');
  t.equal(violations(transfer().event('n2', { kind: 'InvalidationAcked', ...page, from: 'n3' }).gaveUp('n2', 1)).length, 1, 'every acknowledgement arrived');
  const entries = checkCrashedReadersNotAwaited(transfer().crash('n3').restart('n3').packet('n3', 'n2').gaveUp('n2', 1).entries)[0]!.entries;
  t.same(entries, [1, 9], 'names the store and its answer');
});
