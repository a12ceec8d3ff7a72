// Li and Hudak's three managers compared on the hardware models (issue 10, item 4): the same
// workload of loads and stores (four processes on two pages, two of them on the nodes of the first
// rack or datacenter, two on the nodes of the second) on a rack (pooled-nic-rack) and across two
// datacenters (multi-datacenter: Ashburn and Dublin, 41 ms apart); figures read from the trace:
// messages per fault and fault latency in simulated time.
import type { Benchmark, Sample } from '../bench/benchmark.js';
import { dsmFaultMetrics, parseTestCase, runTest, type TestCase } from '../../conformance/src/index.js';
import { dsmManagers, ReferenceImplementation, type DsmManager } from '../../reference/src/index.js';
import { SeededRandom } from '../../hardware-models/src/index.js';

const NODES = 16;
/** Machines 1-8 are the first rack half / datacenter, 9-16 the second (node i runs on machine i). */
const PROCESS_NODES = ['n1', 'n2', 'n9', 'n10'];
const OPERATIONS = 60;
const topologies = { rack: 'pooled-nic-rack', 'two datacenters': 'multi-datacenter' } as const;

/** Accesses one at a time, spaced well beyond a wide-area round trip, 60 % loads. */
function workload(seed: number, spacingNs: number): TestCase {
  const random = new SeededRandom(seed);
  const steps = [
    ...PROCESS_NODES.map((node, i) => ({ atNs: 0, op: { kind: 'spawn', as: `p${i}`, placement: { kind: 'node', node } } })),
    ...PROCESS_NODES.map((_, i) => ({ atNs: spacingNs / 2, op: { kind: 'attach', process: `p${i}`, segment: 's', pages: 2 } })),
    ...Array.from({ length: OPERATIONS }, (_, k) => {
      const process = `p${random.int(0, PROCESS_NODES.length - 1)}`;
      const page = random.int(1, 2);
      return { atNs: spacingNs * (k + 1), op: random.float() < 0.6 ? { kind: 'load', process, segment: 's', page } : { kind: 'store', process, segment: 's', page } };
    }),
  ];
  const test = { id: 'dsm/managers', abstraction: 'dsm', description: 'manager comparison', features: ['messaging', 'dsm'], properties: ['PageLinearizable', 'EveryFaultServed'], nodes: NODES, callTimeoutNs: 2_000_000_000, workload: { kind: 'script', steps } };
  return parseTestCase(JSON.stringify(test), 'tools/cli/dsm-managers.bench.ts');
}

async function measure(manager: DsmManager, hardware: string, spacingNs: number): Promise<Sample> {
  const result = await runTest(workload(1, spacingNs), () => new ReferenceImplementation({ dsmManager: manager }), { seed: 1, hardware });
  if (result.verdict !== 'pass') throw new Error(`${manager} on ${hardware}: ${result.verdict} ${result.violations.map((v) => v.message).join('; ')}`);
  const m = dsmFaultMetrics(result.history);
  const sorted = [...m.latenciesNs].sort((a, b) => a - b);
  const meanNs = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    figures: {
      faultsPerSimSecond: { value: 1e9 / meanNs, unit: 'faults per simulated s, one at a time' },
      messagesPerFault: { value: m.messages / m.faults, unit: 'messages/fault' },
      meanFaultLatencyUs: { value: meanNs / 1000, unit: 'µs' },
      medianFaultLatencyUs: { value: sorted[Math.floor(sorted.length / 2)]! / 1000, unit: 'µs' },
      faults: { value: m.faults, unit: 'faults' },
    },
  };
}

export const benchmarks: Benchmark[] = Object.entries(topologies).map(([place, hardware]) => ({
  name: `dsm/managers-${place === 'rack' ? 'rack' : 'two-datacenters'}`,
  description: `Li and Hudak's managers on ${place} (${hardware}): ${OPERATIONS} loads and stores by 4 processes on nodes ${PROCESS_NODES.join(', ')} of ${NODES}, one at a time; simulated figures, identical on every run`,
  compare: 'faultsPerSimSecond',
  baseline: 'centralized',
  variants: dsmManagers.map((manager) => ({ label: manager, run: () => measure(manager, hardware, place === 'rack' ? 1_000_000 : 500_000_000) })),
}));
