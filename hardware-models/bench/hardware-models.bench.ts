// The hardware models' benchmarks for the shared harness (tools/bench): the engine against the
// bare event queue, and a 10,000-machine datacenter against a 1,000-machine one (50 simulated ms;
// datacenter-bench.js runs the full simulated second). The shapes match tools/bench/benchmark.ts;
// they are declared here because hardware-models imports nothing else of the project.
import { measureDatacenter } from './datacenter-measure.js';
import { measureBareQueue, measureEngine } from './engine-measure.js';

interface Sample { figures: Record<string, { value: number; unit: string }> }

let seed = 0;
const events = 2_000_000;

function datacenterVariant(racks: number) {
  return {
    label: `${(racks * 40).toLocaleString('en-US')} machines`,
    async run(): Promise<Sample> {
      const m = measureDatacenter({ racks, ratePerMachine: 500, simulatedNs: 50_000_000, seed: ++seed });
      return {
        figures: {
          'events per CPU second': { value: m.events / m.cpuSeconds, unit: 'events/s' },
          'CPU time': { value: m.cpuSeconds, unit: 's' },
          'peak heap': { value: m.heapMiB, unit: 'MiB' },
        },
      };
    },
  };
}

export const benchmarks = [
  {
    name: 'hw/engine',
    description: `discrete-event engine, ${events.toLocaleString('en-US')} events, 1,000 pending (goal ≥ 2 M events/s on one core)`,
    compare: 'events per CPU second',
    baseline: 'bare event queue',
    variants: [
      { label: 'bare event queue', run: async (): Promise<Sample> => ({ figures: { 'events per CPU second': { value: measureBareQueue(++seed, events).perCpuSecond, unit: 'events/s' } } }) },
      { label: 'engine', run: async (): Promise<Sample> => ({ figures: { 'events per CPU second': { value: measureEngine(++seed, events).perCpuSecond, unit: 'events/s' } } }) },
    ],
  },
  {
    name: 'hw/datacenter',
    description: 'rpc-all-to-all at 500 calls/s per machine for 50 simulated ms (datacenter-bench.js runs 1 s)',
    compare: 'events per CPU second',
    baseline: '1,000 machines',
    variants: [datacenterVariant(25), datacenterVariant(250)],
  },
];
