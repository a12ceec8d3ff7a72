// The worked example of Dominant Resource Fairness (Ghodsi et al., NSDI 2011) run on the engine as
// a cluster over time: two backlogged users launch tasks on the pool whenever an allocator lets
// them; tasks run for seeded random durations and free what they held, and the allocator is asked
// again at every such event (as a Mesos master offers freed resources). The allocator is an input:
// the hardware models import nothing of the kernel's, so `cloudos hw reproduce drf-2011` hands in
// the reference kernel's DRF (reference/src/quotas/drf.ts). What is measured is time-averaged, so
// an allocator that reaches the paper's allocation only at moments does not match it.
import { EventQueue, type QueuedEvent } from '../engine/event-queue.js';
import { SeededRandom } from '../engine/seeded-random.js';
import { drf2011Example, drf2011Points, type Drf2011Point } from './drf-2011-data.js';

/** A user as the allocator sees it: its per-task demand and what it holds, per resource. */
export interface DrfCandidate {
  readonly name: string;
  readonly demand: readonly number[];
  readonly holding: readonly number[];
}

/** Picks the user whose next task to launch, among those whose task fits (undefined: none). */
export type DrfAllocator = <T extends DrfCandidate>(capacity: readonly number[], used: readonly number[], candidates: readonly T[]) => T | undefined;

export interface Drf2011Options {
  allocator: DrfAllocator;
  seed: number;
  /** Simulated time (default one hour). */
  durationNs?: number;
  /** Task durations are uniform in [min, max] (default 1 to 10 s). */
  taskNs?: readonly [number, number];
}

export interface Drf2011ResultPoint extends Drf2011Point {
  model: number;
  /** (model - paper) / paper. */
  error: number;
}

export interface Drf2011Result {
  seed: number;
  durationNs: number;
  tasksLaunched: number;
  /** The share of the time the allocation was exactly the paper's (A 3 tasks, B 2). */
  timeAtPaperAllocation: number;
  points: Drf2011ResultPoint[];
  errorGoal: number;
}

/** Every point must be within 1 %: the example is exact, only the instants between a task's end and its replacement may differ. */
export const drf2011ErrorGoal = 0.01;

interface TaskEnd extends QueuedEvent {
  user: number;
}

export function reproduceDrf2011(options: Drf2011Options): Drf2011Result {
  const durationNs = options.durationNs ?? 3_600_000_000_000;
  const [minTaskNs, maxTaskNs] = options.taskNs ?? [1_000_000_000, 10_000_000_000];
  const random = new SeededRandom(options.seed);
  const capacity = drf2011Example.capacity;
  const users = drf2011Example.users.map((u) => ({ name: u.name, demand: u.demand as readonly number[], holding: capacity.map(() => 0), tasks: 0 }));
  const used = capacity.map(() => 0);
  const queue = new EventQueue<TaskEnd>();
  let seq = 0;
  let launched = 0;
  const launch = (nowNs: number) => {
    for (let user = options.allocator(capacity, used, users); user !== undefined; user = options.allocator(capacity, used, users)) {
      user.demand.forEach((amount, r) => ((user!.holding[r]! += amount), (used[r]! += amount)));
      user.tasks++;
      launched++;
      queue.push({ timeNs: nowNs + random.int(minTaskNs, maxTaskNs), seq: seq++, cancelled: false, user: users.indexOf(user) });
    }
  };
  // Time integrals of what each user holds, from one event to the next.
  const integral = users.map(() => ({ tasks: 0, dominantShare: 0, resources: capacity.map(() => 0) }));
  let atPaperNs = 0;
  let lastNs = 0;
  const accumulate = (untilNs: number) => {
    const spanNs = untilNs - lastNs;
    users.forEach((u, i) => {
      integral[i]!.tasks += u.tasks * spanNs;
      integral[i]!.dominantShare += Math.max(...u.holding.map((h, r) => h / capacity[r]!)) * spanNs;
      u.holding.forEach((h, r) => (integral[i]!.resources[r]! += h * spanNs));
    });
    if (users[0]!.tasks === 3 && users[1]!.tasks === 2) atPaperNs += spanNs;
    lastNs = untilNs;
  };
  launch(0);
  for (let end = queue.pop(); end !== undefined && end.timeNs <= durationNs; end = queue.pop()) {
    accumulate(end.timeNs);
    const user = users[end.user]!;
    user.demand.forEach((amount, r) => ((user.holding[r]! -= amount), (used[r]! -= amount)));
    user.tasks--;
    launch(end.timeNs);
  }
  accumulate(durationNs);
  const averages = users.map((u, i) => ({
    name: u.name,
    tasks: integral[i]!.tasks / durationNs,
    dominantShare: integral[i]!.dominantShare / durationNs,
    cpus: integral[i]!.resources[0]! / durationNs,
    memoryGB: integral[i]!.resources[1]! / durationNs,
  }));
  const points = drf2011Points.map((p) => {
    const model = averages.find((a) => a.name === p.user)![p.quantity];
    return { ...p, model, error: (model - p.value) / p.value };
  });
  return { seed: options.seed, durationNs, tasksLaunched: launched, timeAtPaperAllocation: atPaperNs / durationNs, points, errorGoal: drf2011ErrorGoal };
}

const digits = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));

export function formatDrf2011Text(result: Drf2011Result): string {
  const rows = result.points.map(
    (p) => `${p.user.padEnd(5)}${p.quantity.padEnd(15)}${digits(p.value).padStart(8)}${digits(p.model).padStart(10)}${`${(Math.abs(p.error) < 5e-5 ? 0 : p.error * 100).toFixed(2)}%`.padStart(9)}   ${p.source}`,
  );
  const outside = result.points.filter((p) => Math.abs(p.error) > result.errorGoal).length;
  return [
    'DRF worked example (Ghodsi et al., NSDI 2011, section 4): 9 CPUs, 18 GB; A <1 CPU, 4 GB> per task, B <3 CPUs, 1 GB>',
    `simulated ${(result.durationNs / 1e9).toFixed(0)} s of two backlogged users, tasks of 1 to 10 s (seed ${result.seed}), ${result.tasksLaunched} tasks launched; time-averaged:`,
    '',
    `user quantity          paper     model    error   source`,
    ...rows,
    '',
    `${(result.timeAtPaperAllocation * 100).toFixed(2)}% of the time at the paper's allocation (A 3 tasks, B 2)`,
    `${result.points.length - outside}/${result.points.length} points within ${result.errorGoal * 100}% of the paper`,
    "not reproduced: the paper's own experiments (section 7: two jobs on a 48-node Mesos cluster, DRF against slots on a Facebook trace); their numbers are in figures no stored copy of which was found (drf-2011-data.ts)",
    '',
  ].join('\n');
}

export function formatDrf2011Json(result: Drf2011Result): string {
  return JSON.stringify({ figure: 'drf-2011', ...result }, null, 2) + '\n';
}
