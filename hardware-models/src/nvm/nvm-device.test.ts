// The persistence domain: store → flush → fence persists; a crash loses the rest, except lines
// evicted early with the stated probability; costs follow the model's numbers.
import t from 'tap';
import { SeededRandom } from '../engine/seeded-random.js';
import { NvmSchema } from '../models/nvm.js';
import { NvmDevice } from './nvm-device.js';

const spec = NvmSchema.parse({
  capacityBytes: 64 * 1024,
  readLatencyNs: 300,
  writeLatencyNs: 100,
  readBandwidthBytesPerSec: 6.4e9,
  writeBandwidthBytesPerSec: 1.28e9,
  flushNs: 20,
  fenceNs: 10,
});

t.test('only flushed and fenced stores survive a crash', async (t) => {
  const nvm = new NvmDevice(spec, new SeededRandom(1));
  nvm.write(0, 'persisted');
  nvm.flush(0);
  nvm.fence();
  nvm.write(1, 'flushed, not fenced');
  nvm.flush(1);
  nvm.write(2, 'only stored');
  nvm.write(0, 'overwritten after persist');
  t.equal(nvm.read(0).value, 'overwritten after persist', 'reads see the volatile value');
  const report = nvm.crash();
  t.same(report, { lostLines: [0, 1, 2], evictedLines: [] });
  t.equal(nvm.read(0).value, 'persisted');
  t.equal(nvm.read(1).value, undefined);
  t.equal(nvm.read(2).value, undefined);
});

t.test('flush captures the value at flush time', async (t) => {
  const nvm = new NvmDevice(spec, new SeededRandom(1));
  nvm.write(3, 'v1');
  nvm.flush(3);
  nvm.write(3, 'v2');
  nvm.fence();
  t.equal(nvm.persistedValue(3), 'v1');
  t.equal(nvm.read(3).value, 'v2');
});

t.test('spontaneous eviction persists about the stated fraction, reproducibly', async (t) => {
  const evicting = NvmSchema.parse({ ...spec, spontaneousEvictionProbability: 0.25 });
  const crashOnce = (seed: number) => {
    const nvm = new NvmDevice(evicting, new SeededRandom(seed));
    for (let line = 0; line < 1000; line++) nvm.write(line, line);
    return nvm.crash();
  };
  const report = crashOnce(3);
  t.ok(report.evictedLines.length > 200 && report.evictedLines.length < 300, `~250 of 1000 evicted, got ${report.evictedLines.length}`);
  t.equal(report.evictedLines.length + report.lostLines.length, 1000);
  t.same(crashOnce(3), report, 'same seed, same lines');
  const always = new NvmDevice(NvmSchema.parse({ ...spec, spontaneousEvictionProbability: 1 }), new SeededRandom(1));
  always.write(5, 'kept');
  always.crash();
  t.equal(always.persistedValue(5), 'kept');
});

t.test('costs', async (t) => {
  const nvm = new NvmDevice(spec, new SeededRandom(1));
  t.equal(nvm.write(0, 1), 50, '64 B at 1.28 GB/s');
  t.equal(nvm.read(0).costNs, 310, '300 ns latency + 64 B at 6.4 GB/s');
  t.equal(nvm.flush(0), 20);
  t.equal(nvm.fence(), 10 + 100 + 50, 'fence waits for one line write-back');
  t.equal(nvm.fence(), 10, 'nothing pending');
});

t.test('addresses outside the device are rejected', async (t) => {
  const nvm = new NvmDevice(spec, new SeededRandom(1));
  t.equal(nvm.lineCount, 1024);
  t.throws(() => nvm.write(1024, 0), /NVM line 1024 is outside the device \(lines 0..1023 of 64 B\)/);
  t.throws(() => nvm.read(-1), /outside the device/);
});
