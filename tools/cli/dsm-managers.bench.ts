// Li and Hudak's three managers compared on the hardware models (issue 10, item 4): the workload of
// `cloudos hw reproduce ivy-managers` (ivy-managers.ts: four processes on two pages, two of them on
// the nodes of the first rack or datacenter, two on the nodes of the second) on a rack
// (pooled-nic-rack) and across two datacenters (multi-datacenter: Ashburn and Dublin, 41 ms apart);
// figures read from the trace: messages per fault and fault latency in simulated time.
import type { Benchmark, Sample } from '../bench/benchmark.js';
import { dsmManagers, type DsmManager } from '../../reference/src/index.js';
import { comparisonPlaces, comparisonWorkload, measureManager } from './ivy-managers.js';

async function measure(manager: DsmManager, hardware: string, spacingNs: number): Promise<Sample> {
  const { metrics: m, failure } = await measureManager(manager, comparisonWorkload(1, spacingNs), 1, hardware);
  if (failure !== undefined) throw new Error(failure);
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

export const benchmarks: Benchmark[] = comparisonPlaces.map(({ place, preset, spacingNs }) => ({
  name: `dsm/managers-${place === 'rack' ? 'rack' : 'two-datacenters'}`,
  description: `Li and Hudak's managers on ${place} (${preset}): 60 loads and stores by 4 processes on nodes n1, n2, n9, n10 of 16, one at a time; simulated figures, identical on every run`,
  compare: 'faultsPerSimSecond',
  baseline: 'centralized',
  variants: dsmManagers.map((manager) => ({ label: manager, run: () => measure(manager, preset, spacingNs) })),
}));
