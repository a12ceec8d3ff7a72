// Trace validation against spec/messaging/Messaging.tla on hand-written histories: in-order
// delivery is explained; an overtaking message, a duplicate and a second holder of a live name
// are not; a run with a crash is outside the spec.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';
import { validateMessagingTrace } from './messaging-trace.js';

const zones = { n1: 'z1', n2: 'z2' };
const a = 'pa@n1';
const b = 'pb@n2';

function history(events: TraceEvent[]): HistoryEntry[] {
  return [
    { kind: 'event', timeNs: 0, node: 'n1', event: { kind: 'Spawned', pid: a, node: 'n1' } },
    { kind: 'event', timeNs: 0, node: 'n2', event: { kind: 'Spawned', pid: b, node: 'n2' } },
    ...events.map((event, i): HistoryEntry => ({ kind: 'event', timeNs: (i + 1) * 1000, node: 'n1', event })),
  ];
}
const sent = (msgId: string): TraceEvent => ({ kind: 'Sent', msgId, from: a, to: b });
const delivered = (msgId: string): TraceEvent => ({ kind: 'Delivered', msgId, from: a, to: b, body: msgId });

t.test('in-order delivery is explained', async (t) => {
  t.match(await validateMessagingTrace(history([sent('m1'), sent('m2'), delivered('m1'), delivered('m2')]), { zones }), { kind: 'explained', events: 6 });
});

t.test('an overtaking message and a duplicate are unexplained', async (t) => {
  t.match(await validateMessagingTrace(history([sent('m1'), sent('m2'), delivered('m2')]), { zones }), { kind: 'unexplained', entry: 4, message: /Delivered of message 2 from p1 to p2/ });
  t.match(await validateMessagingTrace(history([sent('m1'), delivered('m1'), delivered('m1')]), { zones }), { kind: 'unexplained', entry: 4 });
});

t.test('a name registered to a second live process is unexplained; after an exit it is', async (t) => {
  const taken = [{ kind: 'Registered', name: 'svc', pid: a }, { kind: 'Registered', name: 'svc', pid: b }] as TraceEvent[];
  t.match(await validateMessagingTrace(history(taken), { zones }), { kind: 'unexplained', message: /Registered k1 to p2/ });
  const released = [{ kind: 'Registered', name: 'svc', pid: a }, { kind: 'Exited', pid: a }, { kind: 'Registered', name: 'svc', pid: b }] as TraceEvent[];
  t.match(await validateMessagingTrace(history(released), { zones }), { kind: 'explained' });
});

t.test('a run with a crash is outside the spec', async (t) => {
  const h = [...history([sent('m1')]), { kind: 'crash', timeNs: 9000, node: 'n2' } as HistoryEntry];
  t.match(await validateMessagingTrace(h, { zones }), { kind: 'not-applicable', reason: /no crashes/ });
});
