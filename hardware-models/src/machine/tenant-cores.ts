// Tenants sharing one machine's cores and memory, task by task, under an allocator handed in (the
// hardware models import nothing of the kernel's: `cloudos hw reproduce drf-2011` hands in the
// reference kernel's DRF, reference/src/quotas/drf.ts). A task holds whole hardware threads and
// bytes of memory for a seeded duration; whenever one ends the allocator is asked again, as a Mesos
// master offers what was freed. What each tenant gets is measured, not booked: which thread ran
// whose task for how long, and the bytes each tenant held, integrated over simulated time, so an
// allocator that reaches an allocation only at moments does not match it.
import type { Component, SimEvent, Simulator } from '../engine/simulator.js';
import type { Machine } from '../models/machine.js';
import { hardwareThreads } from './machine-costs.js';

/** A tenant as the allocator sees it: per-task demand and holding, per resource ([threads, bytes]). */
export interface DrfCandidate {
  readonly name: string;
  readonly demand: readonly number[];
  readonly holding: readonly number[];
  /** Weighted DRF: the tenant's weight per resource (the allocator's default: 1 each). */
  readonly weights?: readonly number[];
}

/** Picks the tenant whose next task to launch, among those whose task fits (undefined: none). */
export type DrfAllocator = <T extends DrfCandidate>(capacity: readonly number[], used: readonly number[], candidates: readonly T[]) => T | undefined;

/** A backlogged tenant: it always wants one more task of this size. */
export interface CoreTenant {
  readonly name: string;
  /** Hardware threads one task runs on (a positive integer). */
  readonly threads: number;
  /** Bytes of memory one task holds. */
  readonly memoryBytes: number;
  readonly weights?: readonly number[];
}

export interface TenantCoresOptions {
  allocator: DrfAllocator;
  durationNs: number;
  /** Task durations, uniform in [min, max] ns, drawn from the simulator's seeded generator. */
  taskNs: readonly [number, number];
}

/** What a tenant got, time-averaged over the run. */
export interface TenantUsage {
  name: string;
  tasks: number;
  /** Hardware threads busy with its tasks (measured per thread). */
  threads: number;
  memoryBytes: number;
  /** threads / the machine's threads, memoryBytes / its capacity, and the larger: the dominant share. */
  cpuShare: number;
  memoryShare: number;
  dominantShare: number;
}

export interface TenantCoresResult {
  durationNs: number;
  threads: number;
  memoryBytes: number;
  tasksLaunched: number;
  usage: TenantUsage[];
  /** Simulated ns spent at each allocation, keyed by the tenants' task counts joined by ','. */
  timeAtNs: Record<string, number>;
}

interface TaskEnd {
  tenant: number;
  threads: number[];
}

/** Runs backlogged tenants on `machine` from time 0 to `durationNs` on `sim` (its clock must read 0). */
export function runTenantCores(sim: Simulator, machine: Machine, tenants: readonly CoreTenant[], options: TenantCoresOptions): TenantCoresResult {
  const threads = hardwareThreads(machine);
  const capacity = [threads, machine.memory.capacityBytes];
  tenants.forEach((t, i) => {
    if (!Number.isInteger(t.threads) || t.threads < 1 || t.threads > threads) throw new RangeError(`tenants[${i}].threads: ${t.threads} is not a whole number of the machine's 1..${threads} hardware threads`);
    if (!Number.isInteger(t.memoryBytes) || t.memoryBytes < 0 || t.memoryBytes > capacity[1]!) throw new RangeError(`tenants[${i}].memoryBytes: ${t.memoryBytes} is not within the machine's 0..${capacity[1]} bytes`);
  });
  const [minTaskNs, maxTaskNs] = options.taskNs;
  const state = tenants.map((t) => ({ name: t.name, demand: [t.threads, t.memoryBytes], holding: [0, 0], weights: t.weights, tasks: 0 }));
  const used = [0, 0];
  /** The tenant whose task runs on each hardware thread (-1: idle). */
  const runsOn = new Array<number>(threads).fill(-1);
  // Byte-ns overflow a double's exact integers within seconds of gigabytes: counted in bigint.
  const integral = tenants.map(() => ({ tasks: 0, threadNs: 0, byteNs: 0n }));
  const timeAtNs: Record<string, number> = {};
  let lastNs = 0;
  let launched = 0;
  const accumulate = (untilNs: number) => {
    const span = untilNs - lastNs;
    if (span === 0) return;
    for (const tenant of runsOn) if (tenant >= 0) integral[tenant]!.threadNs += span;
    state.forEach((s, i) => {
      integral[i]!.tasks += s.tasks * span;
      integral[i]!.byteNs += BigInt(s.holding[1]!) * BigInt(span);
    });
    const key = state.map((s) => s.tasks).join(',');
    timeAtNs[key] = (timeAtNs[key] ?? 0) + span;
    lastNs = untilNs;
  };
  const machineComponent: Component = {
    name: 'tenant-cores',
    handle(event: SimEvent, sim: Simulator) {
      const end = event.data as TaskEnd;
      accumulate(sim.nowNs);
      const s = state[end.tenant]!;
      for (const thread of end.threads) runsOn[thread] = -1;
      s.demand.forEach((amount, r) => ((s.holding[r]! -= amount), (used[r]! -= amount)));
      s.tasks--;
      launch(sim);
    },
  };
  const launch = (sim: Simulator) => {
    for (let next = options.allocator(capacity, used, state); next !== undefined; next = options.allocator(capacity, used, state)) {
      const tenant = state.indexOf(next);
      const onThreads: number[] = [];
      for (let thread = 0; onThreads.length < next.demand[0]!; thread++) if (runsOn[thread] === -1) onThreads.push(thread);
      for (const thread of onThreads) runsOn[thread] = tenant;
      next.demand.forEach((amount, r) => ((next.holding[r]! += amount), (used[r]! += amount)));
      next.tasks++;
      launched++;
      sim.schedule(sim.random.int(minTaskNs, maxTaskNs), machineComponent, 'task-end', { tenant, threads: onThreads } satisfies TaskEnd);
    }
  };
  launch(sim);
  sim.run({ untilNs: options.durationNs });
  accumulate(options.durationNs);
  const usage = tenants.map((t, i): TenantUsage => {
    const duration = BigInt(options.durationNs);
    const memoryBytes = Number(integral[i]!.byteNs / duration) + Number(integral[i]!.byteNs % duration) / options.durationNs;
    const avg = { tasks: integral[i]!.tasks / options.durationNs, threads: integral[i]!.threadNs / options.durationNs, memoryBytes };
    const cpuShare = avg.threads / threads;
    const memoryShare = avg.memoryBytes / capacity[1]!;
    return { name: t.name, ...avg, cpuShare, memoryShare, dominantShare: Math.max(cpuShare, memoryShare) };
  });
  return { durationNs: options.durationNs, threads, memoryBytes: capacity[1]!, tasksLaunched: launched, usage, timeAtNs };
}
