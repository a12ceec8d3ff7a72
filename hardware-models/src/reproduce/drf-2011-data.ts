// What Ghodsi, Zaharia, Hindman, Konwinski, Shenker and Stoica, "Dominant Resource Fairness: Fair
// Allocation of Multiple Resource Types" (NSDI 2011), states about its worked example, with where
// each number comes from.
//
// Provenance, honestly: the paper's own experiments (section 7: two jobs on a 48-node Mesos
// cluster whose dominant shares are plotted over time, and the comparison with slot-based fair
// sharing on a Facebook trace) give their numbers in figures; no stored copy of the paper's text or
// of its figure data could be found from this repository's session, so none of those numbers is
// here: reading them from memory would be inventing them. What is here is the worked example of
// section 4, as issue 11 quotes it ("9 CPUs and 18 GB; tenant A's tasks need 1 CPU and 4 GB, tenant
// B's 3 CPUs and 1 GB: A gets 3 tasks, B 2, equal dominant shares of 2/3"), and what follows from
// it by arithmetic (marked `derived`). Compare with the PDF:
// https://www.usenix.org/legacy/event/nsdi11/tech/full_papers/Ghodsi.pdf
import { MachineSchema, type Machine } from '../models/machine.js';

/** The paper's GB, as bytes. */
export const GB = 1_000_000_000;

/** The pool and the two users' per-task demands, in the paper's units: [CPUs, GB of memory]. */
export const drf2011Example = {
  capacity: [9, 18],
  users: [
    { name: 'A', demand: [1, 4] },
    { name: 'B', demand: [3, 1] },
  ],
  source: 'section 4 (the worked example), as quoted by issue 11',
} as const;

/**
 * The pool as one machine model: 9 cores (one hardware thread each) and 18 GB. Clock, NIC and
 * memory speed play no part in the example (tasks hold cores and bytes for their duration).
 */
export const drf2011Machine: Machine = MachineSchema.parse({
  cores: drf2011Example.capacity[0],
  clockHz: 2_000_000_000,
  nic: 'none',
  memory: { capacityBytes: drf2011Example.capacity[1] * GB, bandwidthBytesPerSec: 10_000_000_000, latencyNs: 100 },
});

export type Drf2011Quantity = 'tasks' | 'dominantShare' | 'cpus' | 'memoryGB';

export interface Drf2011Point {
  user: 'A' | 'B';
  quantity: Drf2011Quantity;
  value: number;
  source: string;
  /** Stated by the paper (as quoted), or computed from what it states. */
  derived: boolean;
}

const stated = 'section 4, the worked example (as quoted by issue 11)';
const fromTasks = 'derived: tasks × the per-task demand';

export const drf2011Points: readonly Drf2011Point[] = [
  { user: 'A', quantity: 'tasks', value: 3, source: stated, derived: false },
  { user: 'B', quantity: 'tasks', value: 2, source: stated, derived: false },
  { user: 'A', quantity: 'dominantShare', value: 2 / 3, source: stated, derived: false },
  { user: 'B', quantity: 'dominantShare', value: 2 / 3, source: stated, derived: false },
  { user: 'A', quantity: 'cpus', value: 3, source: fromTasks, derived: true },
  { user: 'A', quantity: 'memoryGB', value: 12, source: fromTasks, derived: true },
  { user: 'B', quantity: 'cpus', value: 6, source: fromTasks, derived: true },
  { user: 'B', quantity: 'memoryGB', value: 2, source: fromTasks, derived: true },
];
