// Machine cost helpers against hand-computed values.
import t from 'tap';
import { MachineSchema } from '../models/machine.js';
import { accessLatencyNs, cyclesToNs, hardwareThreads, memoryTransferNs, operationNs } from './machine-costs.js';

const machine = MachineSchema.parse({
  cores: 8,
  threadsPerCore: 2,
  clockHz: 2e9,
  nic: 'x',
  operationCycles: { syscall: 200 },
  memory: { capacityBytes: 2 ** 34, bandwidthBytesPerSec: 10e9, latencyNs: 80 },
  caches: [
    { level: 2, sizeBytes: 256 * 1024, latencyCycles: 12 },
    { level: 1, sizeBytes: 32 * 1024, latencyCycles: 4 },
    { level: 3, sizeBytes: 20 * 2 ** 20, latencyCycles: 40, sharedByCores: 8 },
  ],
});

t.test('cycles and named operations', async (t) => {
  t.equal(cyclesToNs(machine, 2000), 1000);
  t.equal(cyclesToNs(machine, 1), 1, 'rounds up');
  t.equal(operationNs(machine, 'syscall', 3), 300);
  t.throws(() => operationNs(machine, 'epoll'), /unknown machine operation 'epoll'; operationCycles defines syscall/);
});

t.test('memory transfer', async (t) => {
  t.equal(memoryTransferNs(machine, 10_000), 80 + 1000);
});

t.test('working set picks the smallest cache that holds it', async (t) => {
  t.equal(accessLatencyNs(machine, 1024), 2, 'L1: 4 cycles');
  t.equal(accessLatencyNs(machine, 100 * 1024), 6, 'L2: 12 cycles');
  t.equal(accessLatencyNs(machine, 2 ** 20), 20, 'L3: 40 cycles');
  t.equal(accessLatencyNs(machine, 2 ** 30), 80, 'DRAM');
});

t.test('hardware threads', async (t) => {
  t.equal(hardwareThreads(machine), 16);
});
