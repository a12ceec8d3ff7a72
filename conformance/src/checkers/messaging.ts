// Checkers for messaging: no creation, delivery to the addressee, no duplication, per-pair FIFO,
// no loss without a crash.
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
    else if (s.from !== d.event.from) {
      violations.push({ property: 'NoCreation', message: `message '${d.event.msgId}' was sent by ${s.from} but delivered as from ${d.event.from}`, ...at, entries: [s.entry, d.index] });
    } else if (!jsonEqual(s.body, d.event.body)) {
      violations.push({ property: 'NoCreation', message: `message '${d.event.msgId}' arrived with body ${JSON.stringify(d.event.body)}; it was sent with ${JSON.stringify(s.body)}`, ...at, entries: [s.entry, d.index] });
    }
  }
  return violations;
}

/**
 * Messaging.tla DeliveredToAddressee ("a received message went to its addressee"), with the guard
 * of Delivered (status[d] = "live": a message to a stopped process is Discarded, never delivered)
 * and SentToName's resolution (the message goes to the process in Lookup(n) when the send takes
 * effect, some instant between the send's issue and its answer).
 */
export function checkDeliveredToAddressee(index: HistoryIndex): Violation[] {
  const sent = sentMessages(index);
  const violations: Violation[] = [];
  for (const d of index.eventsOf('Delivered')) {
    const s = sent.get(d.event.msgId);
    if (!s) continue; // NoCreation reports it
    const at = { timeNs: d.timeNs, entries: [s.entry, d.index] };
    if (s.to !== d.event.to) violations.push({ property: 'DeliveredToAddressee', message: `message '${d.event.msgId}' was sent to ${s.to} but delivered to ${d.event.to}`, ...at });
    const life = index.lifeOf(d.event.to);
    if (life?.diedNs !== undefined && life.diedNs < d.timeNs) {
      violations.push({ property: 'DeliveredToAddressee', message: `message '${d.event.msgId}' was delivered to ${d.event.to} at ${d.timeNs} ns, after ${d.event.to} stopped (its ${life.diedBy} at ${life.diedNs} ns)`, ...at });
    }
  }
  const registered = index.eventsOf('Registered');
  for (const op of index.opsOf('send')) {
    const to = op.op.to;
    const s = sent.get(op.op.msgId);
    if (to.kind !== 'name' || op.outcome?.kind !== 'ok' || !s) continue; // TraceAgreesWithReplies reports a missing Sent
    const where = { timeNs: op.completeNs, entries: [op.invokeIndex, s.entry, op.completeIndex!] };
    const life = index.lifeOf(s.to);
    if (!registered.some((r) => r.event.name === to.name && r.event.pid === s.to && r.timeNs <= op.completeNs!)) {
      violations.push({ property: 'DeliveredToAddressee', message: `the send of '${s.msgId}' to the name '${to.name}' went to ${s.to}, which had not registered that name`, ...where });
    } else if (life?.diedNs !== undefined && life.diedNs < op.invokeNs && index.knownStopped(s.to, life, op.invokeIndex)) {
      violations.push({ property: 'DeliveredToAddressee', message: `the send of '${s.msgId}' to the name '${to.name}' went to ${s.to}, which had stopped (its ${life.diedBy} at ${life.diedNs} ns) and was known to have stopped (its exit answered, or its node back) before the send was issued`, ...where });
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

/**
 * Messaging.tla PerPairFIFO: messages from one sender are received in send order. A process is
 * sequential, so its send order is the order in which its sends were issued (PROTOCOL.md, send:
 * "a process's sends take effect in the order they are issued"), taken from the operations the
 * suite issued, whatever the implementation's Sent events say: a send to a name waiting for its
 * lookup holds back the same process's later sends. Only a Sent event without its operation is
 * placed by its Sent event.
 */
export function checkPerPairFIFO(index: HistoryIndex): Violation[] {
  const sent = sentMessages(index);
  const sendOps = new Map(index.opsOf('send').map((o) => [o.op.msgId, o]));
  const deliveredAt = new Map<string, number>();
  const violations: Violation[] = [];
  for (const d of index.eventsOf('Delivered')) {
    const s = sent.get(d.event.msgId);
    if (!s || deliveredAt.has(s.msgId)) continue; // NoCreation or NoDuplication reports it
    deliveredAt.set(s.msgId, d.index);
  }
  for (const d of index.eventsOf('Delivered')) {
    const later = sent.get(d.event.msgId);
    if (!later || deliveredAt.get(later.msgId) !== d.index) continue;
    const laterOp = sendOps.get(later.msgId);
    for (const earlier of sent.values()) {
      if (earlier.from !== later.from || earlier.to !== later.to || earlier.msgId === later.msgId) continue;
      const earlierOp = sendOps.get(earlier.msgId);
      const byIssue = earlierOp !== undefined && laterOp !== undefined;
      if (byIssue ? earlierOp.invokeIndex > laterOp.invokeIndex : earlier.order > later.order) continue;
      const earlierDelivered = deliveredAt.get(earlier.msgId);
      if (earlierDelivered === undefined || earlierDelivered < d.index) continue;
      const why = byIssue ? `its send was issued first, at ${index.history[earlierOp.invokeIndex]!.timeNs} ns` : 'its Sent event came first';
      violations.push({
        property: 'PerPairFIFO',
        message: `${later.from} sent '${earlier.msgId}' before '${later.msgId}' to ${later.to} (${why}), but '${later.msgId}' was delivered first`,
        timeNs: index.history[earlierDelivered]!.timeNs,
        entries: [earlierOp?.invokeIndex ?? earlier.entry, laterOp?.invokeIndex ?? later.entry, d.index, earlierDelivered],
      });
    }
  }
  return violations;
}

/**
 * A message not delivered (nor refused as forbidden) is lost, unless its receiver stopped (spec/messaging `Discarded`: "the
 * receiver has exited"; a crash stops it too) or a crash of either node took it with it (the
 * implementation's form of the fault `Lost`) while it could still be in transit. Messaging.tla's
 * `EventuallyDrained` promises delivery only "eventually"; the suite reads that as within
 * callTimeoutNs of a fault-free network after the send (PROTOCOL.md's bound for an answer), so a
 * stop or crash after that window excuses nothing.
 */
export function checkNoLossWithoutCrash(index: HistoryIndex, context: { callTimeoutNs: number }): Violation[] {
  const delivered = new Set(index.eventsOf('Delivered').map((d) => d.event.msgId));
  // Refused by the receiver's kernel for tenant isolation: TenantsIsolated judges those.
  for (const d of index.eventsOf('Dropped')) if (d.event.reason.startsWith('forbidden')) delivered.add(d.event.msgId);
  const nodeOfPid = new Map(index.eventsOf('Spawned').map((e) => [e.event.pid, e.node]));
  // A migrated receiver ran on each node it switched to; a crash of any of them may take it.
  const movedTo = new Map<string, string[]>();
  for (const e of index.eventsOf('Switched')) movedTo.set(e.event.pid, [...(movedTo.get(e.event.pid) ?? []), e.event.to]);
  const exitedNs = new Map(index.eventsOf('Exited').map((e) => [e.event.pid, e.timeNs]));
  const violations: Violation[] = [];
  for (const s of sentMessages(index).values()) {
    if (delivered.has(s.msgId)) continue;
    const receiverNode = nodeOfPid.get(s.to);
    const windowEndNs = index.deliveryDeadline(s.sentNs, context.callTimeoutNs);
    const exitNs = exitedNs.get(s.to);
    const receiverDiedNs = index.lifeOf(s.to)?.diedNs;
    const excused =
      receiverNode === undefined ||
      (exitNs !== undefined && exitNs <= windowEndNs) ||
      // Sent to a process already lost in a crash (its node not yet back): Messaging.tla Discarded.
      (receiverDiedNs !== undefined && receiverDiedNs <= s.sentNs) ||
      index.crashedBetween(s.senderNode, s.sentNs, windowEndNs) ||
      [receiverNode, ...(movedTo.get(s.to) ?? [])].some((node) => index.crashedBetween(node, s.sentNs, windowEndNs));
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
