// The discrete-event engine: integer simulated time in nanoseconds, one event queue ordered by
// (time, scheduling sequence number), one seeded generator, and an optional NDJSON trace.
import { EventQueue } from './event-queue.js';
import { SeededRandom } from './seeded-random.js';
import { traceLine, type TraceFields, type TraceSink } from './trace.js';

/** Something that reacts to events; it may schedule new ones through the simulator it is given. */
export interface Component {
  readonly name: string;
  handle(event: SimEvent, sim: Simulator): void;
}

export interface SimEvent {
  readonly timeNs: number;
  /** Assigned when scheduled, strictly increasing: the tie-break between same-time events. */
  readonly seq: number;
  readonly target: Component;
  readonly kind: string;
  readonly data: unknown;
  cancelled: boolean;
}

export interface SimulatorOptions {
  seed: number;
  trace?: TraceSink;
}

export interface RunLimits {
  /** Stop before the first event later than this time; the clock then reads untilNs. */
  untilNs?: number;
  /** Stop after this many events have been handled (a bound, so a run always ends). */
  maxEvents?: number;
  /** Checked every 4096 events; an aborted run stops with kind 'interrupted'. */
  signal?: AbortSignal;
  /** Called every `progressEvery` events (default 1,000,000) with the events handled so far. */
  onProgress?: (eventsHandled: number, nowNs: number) => void;
  progressEvery?: number;
}

/** Why a run stopped. */
export type RunOutcome =
  | { kind: 'idle'; nowNs: number; events: number }
  | { kind: 'time-limit'; nowNs: number; events: number }
  | { kind: 'event-limit'; nowNs: number; events: number }
  | { kind: 'interrupted'; nowNs: number; events: number };

export class Simulator {
  readonly random: SeededRandom;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly traceSink: TraceSink | undefined;
  private clockNs = 0;
  private nextSeq = 0;
  private handled = 0;

  constructor(options: SimulatorOptions) {
    this.random = new SeededRandom(options.seed);
    this.traceSink = options.trace;
  }

  get nowNs(): number {
    return this.clockNs;
  }

  /** Events handled since the simulator was created. */
  get eventsHandled(): number {
    return this.handled;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  get tracing(): boolean {
    return this.traceSink !== undefined;
  }

  /** Schedules `kind` for `target` after `delayNs` (a non-negative integer; 0 means "now, after
   * everything already scheduled for now"). */
  schedule(delayNs: number, target: Component, kind: string, data?: unknown): SimEvent {
    if (!Number.isSafeInteger(delayNs) || delayNs < 0) {
      throw new RangeError(`${target.name}: cannot schedule '${kind}' after ${delayNs} ns; delays are non-negative integer nanoseconds`);
    }
    return this.enqueue(this.clockNs + delayNs, target, kind, data);
  }

  /** Schedules at an absolute time, which must not be in the past. */
  scheduleAt(timeNs: number, target: Component, kind: string, data?: unknown): SimEvent {
    if (!Number.isSafeInteger(timeNs) || timeNs < this.clockNs) {
      throw new RangeError(`${target.name}: cannot schedule '${kind}' at ${timeNs} ns; the clock reads ${this.clockNs} ns`);
    }
    return this.enqueue(timeNs, target, kind, data);
  }

  /** Cancelled events stay in the heap and are skipped when they reach the top. */
  cancel(event: SimEvent): void {
    event.cancelled = true;
  }

  /** Appends one line to the trace, stamped with the current time. */
  record(event: string, fields: TraceFields): void {
    this.traceSink?.write(traceLine(this.clockNs, event, fields));
  }

  run(limits: RunLimits = {}): RunOutcome {
    const untilNs = limits.untilNs ?? Number.MAX_SAFE_INTEGER;
    const maxEvents = limits.maxEvents ?? Number.POSITIVE_INFINITY;
    const progressEvery = limits.progressEvery ?? 1_000_000;
    let events = 0;
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined) {
        // Time passes even when nothing happens: a run "until T" leaves the clock at T.
        if (limits.untilNs !== undefined && limits.untilNs > this.clockNs) this.clockNs = limits.untilNs;
        return { kind: 'idle', nowNs: this.clockNs, events };
      }
      if (next.timeNs > untilNs) {
        this.clockNs = untilNs;
        return { kind: 'time-limit', nowNs: this.clockNs, events };
      }
      if (events >= maxEvents) return { kind: 'event-limit', nowNs: this.clockNs, events };
      if ((events & 4095) === 0 && limits.signal?.aborted) return { kind: 'interrupted', nowNs: this.clockNs, events };
      this.queue.pop();
      if (next.cancelled) continue;
      this.clockNs = next.timeNs;
      events++;
      this.handled++;
      next.target.handle(next, this);
      if (limits.onProgress !== undefined && events % progressEvery === 0) limits.onProgress(events, this.clockNs);
    }
  }

  private enqueue(timeNs: number, target: Component, kind: string, data: unknown): SimEvent {
    const event: SimEvent = { timeNs, seq: this.nextSeq++, target, kind, data, cancelled: false };
    this.queue.push(event);
    return event;
  }
}
