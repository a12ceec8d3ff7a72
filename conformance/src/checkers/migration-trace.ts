// Trace validation of migration histories against spec/migration/Migration.tla, through
// MigrationTrace.tla, which labels each of its steps with the trace event a port reports. The
// module has one process, so a run is split into parts, one per process that migrates or whose
// memory is read or written; a part's observed steps are that process's Written, Read and
// migration events, the Sent and Delivered events of messages to it, and every crash. Names map
// to model values: nodes (a restarted node is a new one: nodes crash and stay down in the spec),
// senders, pages (those the run reads, writes or fetches: a post-copy migration ends at the port's
// last PageFetched, so every fetched page must be one of the model's), and
// values (the k-th Written of the process writes k; a Read answers the number of the write whose
// value it returns, 0 for the initial null). trace-search.ts orders the steps by causality and searches.
import type { History } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';
import { explainTrace, specModel, type Observation, type TraceValidation } from './trace-search.js';
import { jsonEqual } from './history-index.js';

const SPEC = 'spec/migration/MigrationTrace.tla';

/** A label of MigrationTrace.tla: the event's name, then its arguments as model values and numbers. */
type Label = (string | number)[];

/** A labelled step, with the event it stands for as the history reports it (for messages). */
type Observed = Observation & { label: Label; reported: string };

interface Projection {
  observed: number;
  event: Label;
}

/** One process: an instance of the spec. */
interface Part {
  pid: string;
  home: string;
  pages: Map<number, number>;
  senders: Map<string, string>;
  sentBy: Map<string, number>;
  writes: number;
  rounds: number;
  migrations: number;
}

export interface MigrationTraceOptions {
  /** Bound on spec states (per model) and on cuts of the run explored; beyond it the result is unknown. */
  maxStates?: number;
}

export async function validateMigrationTrace(history: History, options: MigrationTraceOptions = {}): Promise<TraceValidation> {
  const scoped = scope(history);
  if (scoped.kind !== 'in-scope') return scoped;
  const { parts, observed, nodes, crashes } = scoped;
  const models = await Promise.all(
    parts.map((part) =>
      specModel(SPEC, {
        Nodes: `{${nodes.join(', ')}}`,
        Home: part.home,
        NoNode: 'NoNode',
        Senders: `{${[...part.senders.values()].join(', ')}}`,
        NumPages: Math.max(1, part.pages.size),
        MaxWrites: part.writes,
        MaxMessages: Math.max(0, ...part.sentBy.values()),
        MaxRounds: Math.max(1, part.rounds),
        // With this threshold the freeze is the port's choice (MigrationTrace.tla, WorkDirtied).
        DirtyThreshold: Math.max(1, part.pages.size),
        MaxMigrations: part.migrations,
        MaxCrashes: crashes,
      }),
    ),
  );
  const what = parts.length === 1 ? `(${parts[0]!.pid})` : `(${parts.length} processes)`;
  return explainTrace(history, models, observed, { spec: `spec/migration/Migration.tla ${what}`, project, expectedAfter, describe }, options.maxStates ?? 100_000);
}

type Scoped = { kind: 'in-scope'; parts: Part[]; observed: Observed[]; nodes: string[]; crashes: number } | { kind: 'not-applicable'; reason: string };

/** The pid a migration or memory event is about. */
function subject(event: TraceEvent): string | undefined {
  switch (event.kind) {
    case 'Written':
    case 'Read':
    case 'MigrationStarted':
    case 'RoundCopied':
    case 'Frozen':
    case 'Switched':
    case 'PageFetched':
    case 'MigrationAborted':
    case 'ForwardingRetired':
      return event.pid;
    default:
      return undefined;
  }
}

function scope(history: History): Scoped {
  // First pass: the parts, their pages, senders, bounds, and the model's nodes.
  const parts = new Map<string, Part>();
  const homeOf = new Map<string, string>();
  const incarnation = new Map<string, number>();
  const modelNode = (node: string) => (incarnation.get(node) ? `${node}r${incarnation.get(node)}` : node);
  const nodes = new Set<string>();
  let crashes = 0;
  for (const e of history) {
    if (e.kind === 'restart') incarnation.set(e.node, e.incarnation);
    if (e.kind === 'crash') crashes++;
    if ('node' in e) nodes.add(modelNode(e.node));
    if (e.kind === 'packet-sent' || e.kind === 'packet-delivered') [e.from, e.to].forEach((n) => nodes.add(modelNode(n)));
    if (e.kind !== 'event') continue;
    const event = e.event;
    if (event.kind === 'Spawned') homeOf.set(event.pid, modelNode(event.node));
    if (event.kind === 'Exited' && parts.has(event.pid)) return { kind: 'not-applicable', reason: `${event.pid} exited; the spec's process never exits` };
    const pid = subject(event);
    if (pid === undefined) continue;
    let part = parts.get(pid);
    if (part === undefined) {
      const home = homeOf.get(pid);
      if (home === undefined) return { kind: 'not-applicable', reason: `${event.kind} of ${pid}, a process the run never spawned` };
      parts.set(pid, (part = { pid, home, pages: new Map(), senders: new Map(), sentBy: new Map(), writes: 0, rounds: 0, migrations: 0 }));
    }
    if (event.kind === 'Written' || event.kind === 'Read' || event.kind === 'PageFetched') if (!part.pages.has(event.page)) part.pages.set(event.page, part.pages.size + 1);
    if (event.kind === 'Written') part.writes++;
    if (event.kind === 'RoundCopied') part.rounds = Math.max(part.rounds, event.round);
    if (event.kind === 'MigrationStarted') part.migrations++;
  }
  if (parts.size === 0) return { kind: 'not-applicable', reason: 'no migration or memory events' };
  for (const e of history) {
    if (e.kind !== 'event' || e.event.kind !== 'Sent') continue;
    const part = parts.get(e.event.to);
    if (part === undefined) continue;
    if (!part.senders.has(e.event.from)) part.senders.set(e.event.from, `s${part.senders.size + 1}`);
    part.sentBy.set(e.event.from, (part.sentBy.get(e.event.from) ?? 0) + 1);
  }

  // Second pass: the labelled steps, in history order.
  incarnation.clear();
  const indexOf = new Map([...parts.keys()].map((pid, i) => [pid, i]));
  const observed: Observed[] = [];
  const msgSeq = new Map<string, number>();
  const sentCount = new Map<string, number>();
  const writes = new Map<string, { page: number; value: unknown; k: number }[]>();
  for (const [entry, e] of history.entries()) {
    if (e.kind === 'restart') incarnation.set(e.node, e.incarnation);
    if (e.kind === 'crash') {
      for (const p of indexOf.values()) observed.push({ entry, node: e.node, part: p, label: ['Crashed', modelNode(e.node)], reported: `the crash of ${e.node}` });
      continue;
    }
    if (e.kind !== 'event') continue;
    const event = e.event;
    const at = (pid: string) => ({ entry, node: e.node, part: indexOf.get(pid)!, reported: `${event.kind} ${JSON.stringify({ ...event, kind: undefined })} at ${e.node}` });
    const here = modelNode(e.node);
    if (event.kind === 'Sent' || event.kind === 'Delivered' || event.kind === 'Dropped') {
      if (event.kind === 'Sent') {
        const part = parts.get(event.to);
        if (part === undefined) continue;
        const key = `${event.to}\u0000${event.from}`;
        const seq = (sentCount.get(key) ?? 0) + 1;
        sentCount.set(key, seq);
        msgSeq.set(event.msgId, seq);
        observed.push({ ...at(event.to), label: ['Sent', part.senders.get(event.from)!, seq] });
      } else if (event.kind === 'Delivered') {
        const part = parts.get(event.to);
        if (part === undefined) continue;
        observed.push({ ...at(event.to), label: ['Delivered', here, part.senders.get(event.from) ?? '?', msgSeq.get(event.msgId) ?? 0] });
      }
      continue;
    }
    const pid = subject(event);
    if (pid === undefined) continue;
    const part = parts.get(pid)!;
    let label: Label | undefined;
    switch (event.kind) {
      case 'Written': {
        const list = writes.get(pid) ?? [];
        writes.set(pid, list);
        list.push({ page: event.page, value: event.value, k: list.length + 1 });
        label = ['Written', here, part.pages.get(event.page)!, list.length];
        break;
      }
      case 'Read': {
        const written = (writes.get(pid) ?? []).filter((w) => w.page === event.page && jsonEqual(w.value as never, event.value));
        label = ['Read', here, part.pages.get(event.page)!, written.at(-1)?.k ?? (event.value === null ? 0 : -1)];
        break;
      }
      case 'MigrationStarted':
        label = ['MigrationStarted', modelNode(event.from), modelNode(event.to), event.mode];
        break;
      case 'RoundCopied':
        label = ['RoundCopied', here, event.round];
        break;
      case 'Frozen':
        label = ['Frozen', modelNode(event.node)];
        break;
      case 'Switched':
        label = ['Switched', modelNode(event.from), modelNode(event.to)];
        break;
      case 'PageFetched':
        label = ['PageFetched', here, part.pages.get(event.page)!];
        break;
      case 'MigrationAborted':
        label = ['MigrationAborted', here];
        break;
      case 'ForwardingRetired':
        label = ['ForwardingRetired', modelNode(event.node)];
        break;
      default:
        break;
    }
    if (label !== undefined) observed.push({ ...at(pid), label });
  }
  return { kind: 'in-scope', parts: [...parts.values()], observed, nodes: [...nodes], crashes };
}

function project(v: Record<string, unknown>): Projection {
  return { observed: v.observed as number, event: v.event as Label };
}

function expectedAfter(before: Projection, step: Observed): Projection {
  return { observed: before.observed + 1, event: step.label };
}

/** The event as reported, and the labelled step it must be: MigrationTrace.tla's names (pages and values are numbers there). */
function describe(step: Observed): string {
  const [kind, ...args] = step.label;
  return `${step.reported} (history entry ${step.entry}; the step ${kind}(${args.join(', ')}) of MigrationTrace.tla)`;
}
