// NIC cost folding: interrupts cost their latency plus half the coalescing window; polling half
// the polling interval; bonded ports multiply the line rate.
import t from 'tap';
import { NicSchema, nicBandwidthBitsPerSec, nicCosts } from './nic.js';

t.test('interrupt and polling receive costs', async (t) => {
  const interrupt = NicSchema.parse({ lineRateBitsPerSec: 10e9, rxPerPacketNs: 100, txPerPacketNs: 50, txPerByteNs: 0.1, receive: { kind: 'interrupt', latencyNs: 2000, coalescingNs: 1000 } });
  t.same(nicCosts(interrupt), { txFixedNs: 50, txPerByteNs: 0.1, rxFixedNs: 100 + 2000 + 500, rxPerByteNs: 0 });
  const polling = NicSchema.parse({ lineRateBitsPerSec: 10e9, receive: { kind: 'polling', intervalNs: 400 } });
  t.equal(nicCosts(polling).rxFixedNs, 200);
  t.equal(nicCosts(NicSchema.parse({ lineRateBitsPerSec: 10e9 })).rxFixedNs, 0, 'default: busy polling');
});

t.test('bonded ports', async (t) => {
  t.equal(nicBandwidthBitsPerSec(NicSchema.parse({ lineRateBitsPerSec: 10e9, ports: 4 })), 40e9);
});

t.test('bad NIC data', async (t) => {
  t.notOk(NicSchema.safeParse({ lineRateBitsPerSec: 0 }).success, 'zero line rate');
  t.notOk(NicSchema.safeParse({ lineRateBitsPerSec: 10e9, ports: 0 }).success, 'zero ports');
  t.notOk(NicSchema.safeParse({ lineRateBitsPerSec: 10e9, receive: { kind: 'magic' } }).success, 'unknown receive mode');
});
