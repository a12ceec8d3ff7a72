// Workloads on presets: RPC latency is what the topology implies, incast overflows a buffer,
// runs are deterministic, and golden NDJSON traces of small scenarios do not drift.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkNoOrphanGoldens, formatIssues, fromRepoRoot, matchGolden } from '../../../conventions/index.js';
import { MemoryTraceSink } from '../engine/trace.js';
import { parseHardwareModel } from '../models/hardware-model.js';
import { loadPreset } from '../presets/presets.js';
import { findWorkload } from '../workloads/workloads.js';
import { checkWorkloadParams, runWorkload, type RunRequest } from './run-workload.js';

function request(preset: string, workload: string, params: Record<string, unknown>, durationNs: number, seed = 1): RunRequest {
  const { model, built } = loadPreset(preset);
  return { model, built, workload: findWorkload(workload)!, params, seed, durationNs };
}

t.test('closed-loop RPC in one rack: latency = two one-way trips', async (t) => {
  const report = runWorkload(request('nvm-machine', 'rpc-all-to-all', { outstanding: 1 }, 1_000_000));
  const oneWayNs = 1492; // measured by hardware-model.test.ts for the same preset
  t.equal(report.outcome.kind, 'time-limit');
  t.ok(report.figures.callsCompleted! > 4 * 300, `about 4 × 1 ms / 3 µs calls, got ${report.figures.callsCompleted}`);
  t.ok(Math.abs(report.figures.latencyP50Ns! - 2 * oneWayNs) / (2 * oneWayNs) < 0.05, `p50 ≈ ${2 * oneWayNs} ns, got ${report.figures.latencyP50Ns}`);
  t.equal(report.network.messagesDropped, 0);
});

t.test('open-loop RPC issues about rate × time calls', async (t) => {
  const report = runWorkload(request('datacenter-100gbe', 'rpc-all-to-all', { ratePerMachine: 10_000 }, 2_000_000));
  const expected = 512 * 10_000 * 0.002;
  t.ok(Math.abs(report.figures.callsIssued! - expected) / expected < 0.1, `≈ ${expected} calls, got ${report.figures.callsIssued}`);
});

t.test('incast on a shallow buffer overflows; on a deep one it does not', async (t) => {
  const shallow = runWorkload(request('ix-2014-10gbe', 'incast', { messagesPerSender: 32 }, 10_000_000));
  t.ok(shallow.figures.bufferOverflows! > 0, `drops with 24 × 32 × 9000 B into 192 KB, got ${shallow.figures.bufferOverflows}`);
  t.equal(shallow.figures.bytesDelivered! + shallow.network.bytesDropped, shallow.figures.bytesOffered);
  const small = runWorkload(request('ix-2014-10gbe', 'incast', { messagesPerSender: 1, messageBytes: 1000 }, 10_000_000));
  t.equal(small.figures.bufferOverflows, 0);
  t.ok(small.figures.goodputBitsPerSec! < 10e9, 'never above the receiver line rate');
});

t.test('workload parameters are validated by name', async (t) => {
  const rack = loadPreset('nvm-machine');
  const bad = checkWorkloadParams(findWorkload('rpc-all-to-all')!, { outstanding: '0', colour: 'red' }, rack.built);
  t.equal(bad.kind, 'invalid');
  const text = bad.kind === 'invalid' ? formatIssues(bad.issues, { separator: '\n' }) : '';
  t.match(text, /Unrecognized key: "colour"/);
  t.match(text, /outstanding: Too small/);
  t.throws(() => runWorkload(request('nvm-machine', 'incast', { messageBytes: -1 }, 1000)), /invalid incast parameters/);
  const noSuchReceiver = checkWorkloadParams(findWorkload('incast')!, { receiver: 'zz' }, rack.built);
  t.same(noSuchReceiver, { kind: 'invalid', issues: [{ path: ['receiver'], message: "unknown machine 'zz' (known: m0, m1, m2, m3)" }] }, 'a parameter naming a machine is checked against the model');
  t.same(checkWorkloadParams(findWorkload('incast')!, { receiver: 'm2' }, rack.built).kind, 'ok');
});

// Golden traces: small scenarios whose NDJSON is committed. Regenerate after an intended change
// with UPDATE_GOLDENS=1 node dist/hardware-models/src/run/run-workload.test.js
const goldenDirectory = fromRepoRoot('hardware-models/src/run/golden');

function goldenScenarios(): Record<string, RunRequest> {
  const lossy = loadPreset('nvm-machine');
  const faulty = parseHardwareModel({
    ...lossy.model,
    faults: {
      messages: { lossProbability: 0.1, duplicationProbability: 0.1, reorderProbability: 0.2, reorderMaxDelayNs: 5000 },
      schedule: [
        { kind: 'crash', atNs: 20_000, node: 'm1' },
        { kind: 'partition', atNs: 30_000, groups: [['m0'], ['m2', 'm3']], direction: 'one-way' },
        { kind: 'restart', atNs: 40_000, node: 'm1' },
        { kind: 'heal', atNs: 50_000 },
      ],
    },
  });
  if (faulty.kind !== 'ok') throw new Error('golden model invalid');
  return {
    'rpc-rack': request('nvm-machine', 'rpc-all-to-all', { outstanding: 1 }, 20_000, 7),
    'rpc-rack-faults': { model: faulty.model, built: faulty.built, workload: findWorkload('rpc-all-to-all')!, params: { outstanding: 2, timeoutNs: 8000 }, seed: 11, durationNs: 60_000 },
    'incast-pooled-nic': request('pooled-nic-rack', 'incast', { senders: 3, messagesPerSender: 2, messageBytes: 4000 }, 100_000, 3),
  };
}

t.test('golden NDJSON traces', async (t) => {
  for (const [name, scenario] of Object.entries(goldenScenarios())) {
    const trace = new MemoryTraceSink();
    runWorkload({ ...scenario, trace });
    matchGolden(t, join(goldenDirectory, `${name}.ndjson`), trace.text());
    const again = new MemoryTraceSink();
    runWorkload({ ...scenario, trace: again });
    t.equal(again.text(), trace.text(), `${name}: replays byte for byte`);
  }
  const expected = Object.keys(goldenScenarios()).map((name) => join(goldenDirectory, `${name}.ndjson`));
  checkNoOrphanGoldens(t, readdirSync(goldenDirectory).map((f) => join(goldenDirectory, f)), expected);
});
