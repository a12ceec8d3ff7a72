// One liveness check on two threads: the searching thread finds the strongly connected components
// (Tarjan) into shared memory and publishes them as it closes them; every thread (it too, once
// Tarjan is done) claims blocks of published components and tests their fairness, until none is
// left or one thread finds a fair one. Whether some component is fair does not depend on who tested
// what, so a check that holds is decided in parallel; a fair component (or an evaluation error) sends
// the searching thread back to the serial test over the same components, in one thread's order.

/** The components, in shared memory: component c is members[ends[c - 1] .. ends[c]) (ends[-1] = 0). */
export interface SharedComponents {
  members: Int32Array;
  ends: Int32Array;
  /** [components published, Tarjan done (1), next component to claim, some thread found a fair one or failed (1)]. */
  control: Int32Array;
}

import { readProcStat } from '../../../conventions/index.js';
import type { Steps } from './check-result.js';

const PUBLISHED = 0;
const DONE = 1;
const CLAIMED = 2;
const FOUND = 3;

/** Components claimed at once: few atomics for the singletons of a large graph, and still blocks enough to share ~1,000 large components. */
const BLOCK = 32;

/**
 * For tests: `searcherTests` false leaves every component's test to the helping thread (on a small
 * graph the searching thread would otherwise test them all before the helper has started).
 */
export const splitForTests = { searcherTests: true };

/** Room for the components of a subgraph of at most `nodes` nodes. */
export function sharedComponents(nodes: number): SharedComponents {
  const ints = (n: number) => new Int32Array(new SharedArrayBuffer(4 * Math.max(n, 1)));
  return { members: ints(nodes), ends: ints(nodes), control: ints(4) };
}

/** The first `count` components are written: other threads may test them. */
export function publishComponents(shared: SharedComponents, count: number): void {
  Atomics.store(shared.control, PUBLISHED, count);
  Atomics.notify(shared.control, PUBLISHED);
}

/** No component will be published after those published (also when the search did not use the split at all). */
export function finishComponents(shared: SharedComponents): void {
  Atomics.store(shared.control, DONE, 1);
  Atomics.notify(shared.control, PUBLISHED);
}

/** This thread failed: the searching thread judges the check alone (and meets the failure again, in its order). */
export function markFound(shared: SharedComponents): void {
  Atomics.store(shared.control, FOUND, 1);
}

/** Whether some thread found a fair component, or failed testing one. */
export function anyFound(shared: SharedComponents): boolean {
  return Atomics.load(shared.control, FOUND) === 1;
}

/**
 * Claims blocks of components as they are published and runs `fair(start, end)` on each
 * (members[start .. end)), until every published component is claimed after the search is done, or
 * some thread found one fair; an error in `fair` counts as found (the serial test, which meets it
 * again in one thread's order, reports it). Returns
 * `anyFound`. Waits (blocking) for components still to come: call it on the searching thread only
 * once it is done.
 */
export function claimComponents(shared: SharedComponents, fair: (start: number, end: number) => boolean): boolean {
  const { control, ends } = shared;
  try {
    for (;;) {
      const first = Atomics.add(control, CLAIMED, BLOCK);
      for (let c = first; c < first + BLOCK; c++) {
        if (Atomics.load(control, FOUND) === 1) return true;
        for (let published = Atomics.load(control, PUBLISHED); published <= c; published = Atomics.load(control, PUBLISHED)) {
          if (Atomics.load(control, DONE) === 1 && Atomics.load(control, PUBLISHED) <= c) return anyFound(shared);
          Atomics.wait(control, PUBLISHED, published, 20);
        }
        if (fair(c === 0 ? 0 : ends[c - 1]!, ends[c]!)) {
          Atomics.store(control, FOUND, 1);
          return true;
        }
      }
    }
  } catch {
    markFound(shared);
    return true;
  }
}

/** This thread's CPU time in ms (user + system), or null where /proc does not tell it (not Linux). */
export function threadCpuMs(): number | null {
  try {
    return readProcStat('/proc/thread-self/stat').cpuMs;
  } catch {
    return null;
  }
}

/** Wall and CPU time (`threadCpuMs`) of this thread's steps, in ms, by name (a step met again adds up). */
export interface StepTimer {
  /** Ends the step `name`, begun when the previous one ended (or the timer was made). */
  step(name: string): void;
  readonly steps: Steps;
}

export function stepTimer(): StepTimer {
  let wall = performance.now();
  let cpu = threadCpuMs();
  const steps: Steps = {};
  return {
    steps,
    step(name) {
      const [nowWall, nowCpu] = [performance.now(), threadCpuMs()];
      const before = steps[name] ?? { ms: 0, cpuMs: 0 };
      steps[name] = { ms: before.ms + nowWall - wall, cpuMs: cpu === null || nowCpu === null || before.cpuMs === null ? null : before.cpuMs + nowCpu - cpu };
      [wall, cpu] = [nowWall, nowCpu];
    },
  };
}

/** One thread's side of a split check: the searching thread finds the components, a helping one only tests them. */
export interface ComponentSplit {
  shared: SharedComponents;
  role: 'search' | 'help';
  /** Set when the searching thread tested every component itself (some thread found one fair): its outcome is one thread's. */
  exact: boolean;
}
