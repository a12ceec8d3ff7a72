// The event queue pops in (time, seq) order whatever the push order.
import t from 'tap';
import fc from 'fast-check';
import { EventQueue, type QueuedEvent } from './event-queue.js';

t.test('pops in (timeNs, seq) order for any push order', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
      const queue = new EventQueue<QueuedEvent>();
      const events = times.map((timeNs, seq) => ({ timeNs, seq, cancelled: false }));
      for (const e of [...events].reverse()) queue.push(e);
      const popped: QueuedEvent[] = [];
      for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push(e);
      const expected = [...events].sort((a, b) => a.timeNs - b.timeNs || a.seq - b.seq);
      return popped.length === expected.length && popped.every((e, i) => e === expected[i]);
    }),
    { seed: 1 },
  );
  t.pass('heap order matches a sort on (timeNs, seq)');
});

t.test('empty queue', async (t) => {
  const queue = new EventQueue<QueuedEvent>();
  t.equal(queue.pop(), undefined);
  t.equal(queue.peek(), undefined);
  t.equal(queue.size, 0);
});
