// Checkers for messaging: no creation, no duplication, per-pair FIFO, no loss without a crash.
import type { HistoryIndex } from './history-index.js';
import { jsonEqual } from './history-index.js';
import type { Violation } from './properties.js';

interface SentMessage {
  msgId: string;
  from: string;
  to: string;
  body: unknown;
  /** Position in its sender→receiver pair's send order. */
  order: number;
  sentNs: number;
  entry: number;
  senderNode: string;
}

function sentMessages(index: HistoryIndex): Map<string, SentMessage> {
  const bodies = new Map(index.opsOf('send').map((o) => [o.op.msgId, o.op.body]));
  const perPair = new Map<string, number>();
  const sent = new Map<string, SentMessage>();
  for (const e of index.eventsOf('Sent')) {
    const pair = `${e.event.from}\u0000${e.event.to}`;
    const order = perPair.get(pair) ?? 0;
    perPair.set(pair, order + 1);
    sent.set(e.event.msgId, {
      ...e.event,
      body: bodies.get(e.event.msgId),
      order,
      sentNs: e.timeNs,
      entry: e.index,
      senderNode: e.node,
    });
  }
  return sent;
}

export function checkNoCreation(index: HistoryIndex): Violation[] {
  const sent = sentMessages(index);
  const violations: Violation[] = [];
  for (const d of index.eventsOf('Delivered')) {
    const s = sent.get(d.event.msgId);
    const at = { timeNs: d.timeNs, entries: [d.index] };
    if (!s) violations.push({ property: 'NoCreation', message: `${d.event.to} received message '${d.event.msgId}', which nobody sent`, ...at });
    else if (s.from !== d.event.from || s.to !== d.event.to) {
      violations.push({ property: 'NoCreation', message: `message '${d.event.msgId}' was sent ${s.from} → ${s.to} but delivered ${d.event.from} → ${d.event.to}`, ...at, entries: [s.entry, d.index] });
    } else if (!jsonEqual(s.body, d.event.body)) {
      violations.push({ property: 'NoCreation', message: `message '${d.event.msgId}' arrived with body ${JSON.stringify(d.event.body)}; it was sent with ${JSON.stringify(s.body)}`, ...at, entries: [s.entry, d.index] });
    }
  }
  return violations;
}

export function checkNoDuplication(index: HistoryIndex): Violation[] {
  const first = new Map<string, number>();
  const violations: Violation[] = [];
  for (const d of index.eventsOf('Delivered')) {
    const earlier = first.get(d.event.msgId);
    if (earlier !== undefined) {
      violations.push({ property: 'NoDuplication', message: `message '${d.event.msgId}' was delivered to ${d.event.to} twice`, timeNs: d.timeNs, entries: [earlier, d.index] });
    } else first.set(d.event.msgId, d.index);
  }
  return violations;
}

export function checkPerPairFIFO(index: HistoryIndex): Violation[] {
  const sent = sentMessages(index);
  const lastDelivered = new Map<string, SentMessage & { deliveredEntry: number }>();
  const violations: Violation[] = [];
  for (const d of index.eventsOf('Delivered')) {
    const s = sent.get(d.event.msgId);
    if (!s) continue; // NoCreation reports it
    const pair = `${s.from}\u0000${s.to}`;
    const last = lastDelivered.get(pair);
    if (last && last.order > s.order) {
      violations.push({
        property: 'PerPairFIFO',
        message: `${s.from} sent '${s.msgId}' before '${last.msgId}' to ${s.to}, but '${last.msgId}' was delivered first`,
        timeNs: d.timeNs,
        entries: [s.entry, last.entry, last.deliveredEntry, d.index],
      });
    }
    if (!last || s.order > last.order) lastDelivered.set(pair, { ...s, deliveredEntry: d.index });
  }
  return violations;
}

/**
 * A message not delivered is lost, unless its receiver stopped (spec/messaging `Discarded`: "the
 * receiver has exited"; a crash stops it too) or a crash of either node took it with it (the
 * implementation's form of the fault `Lost`) while it could still be in transit. Messaging.tla's
 * `EventuallyDrained` promises delivery only "eventually"; the suite reads that as within
 * callTimeoutNs of a fault-free network after the send (PROTOCOL.md's bound for an answer), so a
 * stop or crash after that window excuses nothing.
 */
export function checkNoLossWithoutCrash(index: HistoryIndex, context: { callTimeoutNs: number }): Violation[] {
  const delivered = new Set(index.eventsOf('Delivered').map((d) => d.event.msgId));
  const nodeOfPid = new Map(index.eventsOf('Spawned').map((e) => [e.event.pid, e.node]));
  const exitedNs = new Map(index.eventsOf('Exited').map((e) => [e.event.pid, e.timeNs]));
  const violations: Violation[] = [];
  for (const s of sentMessages(index).values()) {
    if (delivered.has(s.msgId)) continue;
    const receiverNode = nodeOfPid.get(s.to);
    const windowEndNs = index.deliveryDeadline(s.sentNs, context.callTimeoutNs);
    const exitNs = exitedNs.get(s.to);
    const excused =
      receiverNode === undefined ||
      (exitNs !== undefined && exitNs <= windowEndNs) ||
      index.crashedBetween(s.senderNode, s.sentNs, windowEndNs) ||
      index.crashedBetween(receiverNode, s.sentNs, windowEndNs);
    if (!excused) {
      violations.push({
        property: 'NoLossWithoutCrash',
        message: `message '${s.msgId}' from ${s.from} to ${s.to} (sent at ${s.sentNs} ns) was never delivered, though no crash or exit stopped it by ${windowEndNs} ns (${context.callTimeoutNs} ns of fault-free network after the send)`,
        timeNs: s.sentNs,
        entries: [s.entry],
      });
    }
  }
  return violations;
}
