// A hand transcription of spec/migration/Migration.tla (and the variants of MigrationBad.tla)
// into a plain TypeScript transition system, so that the spec's verdicts, counts and shortest
// counterexamples can be established without the TLA+ toolchain (see spec-counts.test.ts).
// Nodes and senders are indices (node 0 is Home); -1 stands for NoNode and for an absent page.
import type { TransitionSystem } from './state-graph.js';

export type MigrationMode = 'stop-and-copy' | 'pre-copy' | 'post-copy';
export type MigrationVariant = 'correct' | 'early-switch' | 'forwarding-dropped' | 'abort-race' | 'stale-page';

export interface MigrationParameters {
  mode: MigrationMode;
  nodes: number;
  senders: number;
  numPages: number;
  maxWrites: number;
  maxMessages: number;
  maxRounds: number;
  dirtyThreshold: number;
  maxMigrations: number;
  maxCrashes: number;
}

type Copy = 'none' | 'active' | 'frozen' | 'incoming' | 'serving';
type MState = 'idle' | 'copying' | 'frozen' | 'pulling';
interface Message {
  from: number;
  seq: number;
  to: number;
}
export interface MigrationState {
  copy: Copy[];
  mem: number[][]; // mem[node][page - 1]
  up: boolean[];
  fwd: number[];
  loc: number;
  fate: 'running' | 'lost' | 'lost-post-copy';
  mstate: MState;
  src: number;
  dst: number;
  round: number;
  dirty: number[]; // sorted page numbers
  lastWritten: number[];
  writes: number;
  sent: number[];
  received: number[];
  cache: number[];
  net: Message[]; // sorted by key, no duplicates
  migrations: number;
  crashes: number;
}

const NONE = -1;
const ABSENT = -1;
const messageKey = (m: Message): string => `${m.from}/${m.seq}/${m.to}`;
const asSet = (messages: Message[]): Message[] => {
  const byKey = new Map(messages.map((m) => [messageKey(m), m]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
};
const without = (messages: Message[], gone: Message): Message[] => messages.filter((m) => messageKey(m) !== messageKey(gone));
const setAt = <T>(array: readonly T[], index: number, value: T): T[] => array.map((old, i) => (i === index ? value : old));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

type Action = (s: MigrationState) => MigrationState[];

export function migrationSystem(params: MigrationParameters, variant: MigrationVariant = 'correct'): TransitionSystem<MigrationState> & {
  needsProgress: (s: MigrationState) => boolean;
  fairEnabled: (s: MigrationState) => boolean;
  violated: (s: MigrationState) => string | undefined;
} {
  const { mode, numPages, maxWrites, maxMessages, maxRounds, dirtyThreshold, maxMigrations, maxCrashes } = params;
  const nodes = range(params.nodes);
  const senders = range(params.senders);
  const pages = range(numPages).map((i) => i + 1);
  const noPages = pages.map(() => ABSENT);
  const copiedFromSource = (s: MigrationState, copied: number[]): number[] => pages.map((p) => (copied.includes(p) ? s.mem[s.src]![p - 1]! : s.mem[s.dst]![p - 1]!));

  const written: Action = (s) => {
    if (s.writes >= maxWrites) return [];
    const next: MigrationState[] = [];
    for (const p of pages) {
      for (const n of nodes) {
        if (s.copy[n] !== 'active' || s.mem[n]![p - 1] === ABSENT) continue;
        next.push({
          ...s,
          mem: setAt(s.mem, n, setAt(s.mem[n]!, p - 1, s.writes + 1)),
          lastWritten: setAt(s.lastWritten, p - 1, s.writes + 1),
          writes: s.writes + 1,
          dirty: s.mstate === 'copying' ? [...new Set([...s.dirty, p])].sort((a, b) => a - b) : s.dirty,
        });
      }
    }
    return next;
  };

  const started: Action = (s) => {
    if (s.mstate !== 'idle' || s.fate !== 'running' || s.migrations >= maxMigrations) return [];
    return nodes
      .filter((d) => d !== s.loc && s.up[d])
      .map((d) => ({ ...s, copy: setAt(s.copy, d, 'incoming'), mstate: 'copying', src: s.loc, dst: d, round: 0, dirty: [...pages], migrations: s.migrations + 1 }));
  };

  const roundCopied: Action = (s) => {
    if (mode !== 'pre-copy' || s.mstate !== 'copying' || !s.up[s.src] || !s.up[s.dst] || s.round >= maxRounds) return [];
    if (s.round !== 0 && s.dirty.length <= dirtyThreshold) return [];
    return [{ ...s, mem: setAt(s.mem, s.dst, copiedFromSource(s, s.dirty)), dirty: [], round: s.round + 1 }];
  };

  const frozen: Action = (s) => {
    if (s.mstate !== 'copying' || !s.up[s.src]) return [];
    if (mode === 'pre-copy' && !(s.round >= 1 && (s.dirty.length <= dirtyThreshold || s.round === maxRounds))) return [];
    return [{ ...s, copy: setAt(s.copy, s.src, 'frozen'), mstate: 'frozen' }];
  };

  const switched = (early: boolean): Action => (s) => {
    if (s.mstate !== 'frozen' || !s.up[s.src] || !s.up[s.dst]) return [];
    const common = { fwd: setAt(setAt(s.fwd, s.src, s.dst), s.dst, NONE), loc: s.dst, dirty: [] as number[] };
    if (mode === 'post-copy' && !early) {
      return [{ ...s, ...common, copy: setAt(setAt(s.copy, s.src, 'serving'), s.dst, 'active'), mstate: 'pulling' }];
    }
    const destination = early ? s.mem[s.dst]! : copiedFromSource(s, s.dirty);
    return [{ ...s, ...common, copy: setAt(setAt(s.copy, s.src, 'none'), s.dst, 'active'), mem: setAt(setAt(s.mem, s.dst, destination), s.src, noPages), mstate: 'idle' }];
  };

  // PageFetched, and the stale-page variant's PageZeroFilled (served from nowhere, as page 0).
  const pageMoved = (zeroFill: boolean): Action => (s) => {
    if (s.mstate !== 'pulling' || s.up[s.src] === zeroFill || !s.up[s.dst]) return [];
    const next: MigrationState[] = [];
    for (const p of pages) {
      if (s.mem[s.dst]![p - 1] !== ABSENT) continue;
      const value = zeroFill ? 0 : s.mem[s.src]![p - 1]!;
      let mem = setAt(s.mem, s.dst, setAt(s.mem[s.dst]!, p - 1, value));
      if (!zeroFill) mem = setAt(mem, s.src, setAt(s.mem[s.src]!, p - 1, ABSENT));
      const last = pages.every((q) => q === p || s.mem[s.dst]![q - 1] !== ABSENT);
      next.push({ ...s, mem, ...(last ? { mstate: 'idle' as const, copy: setAt(s.copy, s.src, 'none') } : {}) });
    }
    return next;
  };

  const aborted: Action = (s) => {
    if (s.mstate !== 'copying' && s.mstate !== 'frozen') return [];
    if (!s.up[s.src]) return [];
    return [{ ...s, copy: setAt(setAt(s.copy, s.src, 'active'), s.dst, 'none'), mem: setAt(s.mem, s.dst, noPages), mstate: 'idle', dirty: [] }];
  };

  // The abort-race variant: the source resumes even after the switch; the destination is untouched.
  const abortedLate: Action = (s) => {
    if (s.mstate === 'idle' || !s.up[s.src]) return [];
    return [{ ...s, copy: setAt(s.copy, s.src, 'active'), mstate: 'idle', dirty: [] }];
  };

  const retired = (early: boolean): Action => (s) =>
    nodes
      .filter((n) => s.fwd[n] !== NONE && s.up[n])
      .filter((n) => s.net.every((m) => m.to !== n) && (early || (s.cache.every((c) => c !== n) && s.fwd.every((f) => f !== n))))
      .map((n) => ({ ...s, fwd: setAt(s.fwd, n, NONE) }));

  const sentStep: Action = (s) =>
    senders
      .filter((i) => s.sent[i]! < maxMessages)
      .map((i) => ({ ...s, net: asSet([...s.net, { from: i, seq: s.sent[i]! + 1, to: s.cache[i]! }]), sent: setAt(s.sent, i, s.sent[i]! + 1) }));

  const delivered: Action = (s) =>
    s.net
      .filter((m) => s.up[m.to] && s.copy[m.to] === 'active' && m.seq === s.received[m.from]! + 1)
      .map((m) => ({ ...s, received: setAt(s.received, m.from, s.received[m.from]! + 1), net: without(s.net, m) }));

  const forwarded: Action = (s) =>
    s.net
      .filter((m) => s.fate === 'running' && s.up[m.to] && s.copy[m.to] !== 'active' && s.fwd[m.to] !== NONE)
      .map((m) => ({ ...s, net: asSet([...without(s.net, m), { ...m, to: s.fwd[m.to]! }]), cache: setAt(s.cache, m.from, s.fwd[m.to]!) }));

  const rerouted: Action = (s) =>
    s.net
      .filter((m) => s.fate === 'running' && !s.up[m.to])
      .map((m) => ({ ...s, net: asSet([...without(s.net, m), { ...m, to: s.loc }]), cache: setAt(s.cache, m.from, s.loc) }));

  const dropped: Action = (s) =>
    s.net
      .filter((m) => s.fate !== 'running' || (s.up[m.to] && (s.copy[m.to] === 'none' || s.copy[m.to] === 'incoming') && s.fwd[m.to] === NONE))
      .map((m) => ({ ...s, net: without(s.net, m) }));

  // Crashed; with `unnoticed`, the stale-page variant's crash that does not kill on a serving source.
  const crashed = (unnoticed: boolean): Action => (s) => {
    if (s.crashes >= maxCrashes) return [];
    const next: MigrationState[] = [];
    for (const n of nodes) {
      if (!s.up[n]) continue;
      const base = { ...s, up: setAt(s.up, n, false), fwd: setAt(s.fwd, n, NONE), crashes: s.crashes + 1 };
      const kills = s.copy[n] === 'active' || s.copy[n] === 'frozen' || (!unnoticed && s.copy[n] === 'serving');
      if (kills) {
        next.push({
          ...base,
          fate: s.copy[n] === 'serving' ? 'lost-post-copy' : 'lost',
          copy: nodes.map(() => 'none' as Copy),
          mem: nodes.map(() => noPages),
          mstate: 'idle',
          dirty: [],
        });
      } else {
        next.push({ ...base, copy: setAt(s.copy, n, 'none'), mem: setAt(s.mem, n, noPages) });
      }
    }
    return next;
  };

  const migrationSteps: Action[] = [
    roundCopied,
    frozen,
    switched(variant === 'early-switch'),
    pageMoved(false),
    variant === 'abort-race' ? abortedLate : aborted,
  ];
  const networkSteps: Action[] = [delivered, forwarded, rerouted, dropped];
  const otherSteps: Action[] = [
    written,
    started,
    retired(variant === 'forwarding-dropped'),
    sentStep,
    crashed(variant === 'stale-page'),
    ...(variant === 'stale-page' ? [pageMoved(true)] : []),
  ];
  const all = [...otherSteps, ...migrationSteps, ...networkSteps];
  const fair = [...migrationSteps, ...networkSteps];

  const initialStates: MigrationState[] = [
    {
      copy: nodes.map((n) => (n === 0 ? 'active' : 'none')),
      mem: nodes.map((n) => (n === 0 ? pages.map(() => 0) : noPages)),
      up: nodes.map(() => true),
      fwd: nodes.map(() => NONE),
      loc: 0,
      fate: 'running',
      mstate: 'idle',
      src: 0,
      dst: 0,
      round: 0,
      dirty: [],
      lastWritten: pages.map(() => 0),
      writes: 0,
      sent: senders.map(() => 0),
      received: senders.map(() => 0),
      cache: senders.map(() => 0),
      net: [],
      migrations: 0,
      crashes: 0,
    },
  ];

  // The invariants in the configurations' order; the first violated one is the one a checker names.
  const invariants: [string, (s: MigrationState) => boolean][] = [
    ['OneActiveCopy', (s) => s.copy.filter((c) => c === 'active' || c === 'frozen').length <= 1],
    ['RunsWhereRegistered', (s) => s.fate !== 'running' || s.copy[s.loc] === (s.mstate === 'frozen' ? 'frozen' : 'active')],
    [
      'MemoryPreserved',
      (s) =>
        s.fate !== 'running' ||
        pages.every((p) => {
          const here = s.mem[s.loc]![p - 1]!;
          return here !== ABSENT ? here === s.lastWritten[p - 1] : s.mstate === 'pulling' && s.mem[s.src]![p - 1] === s.lastWritten[p - 1];
        }),
    ],
    [
      'DirtyTracked',
      (s) => !((s.mstate === 'copying' || s.mstate === 'frozen') && mode !== 'post-copy' && s.up[s.dst]) || pages.every((p) => s.dirty.includes(p) || s.mem[s.dst]![p - 1] === s.mem[s.src]![p - 1]),
    ],
    [
      'NoLoss',
      (s) =>
        s.fate !== 'running' ||
        senders.every((i) => range(s.sent[i]!).every((k) => k + 1 <= s.received[i]! || s.net.some((m) => m.from === i && m.seq === k + 1))),
    ],
    ['NoDuplication', (s) => senders.every((i) => s.received[i]! <= s.sent[i]! && s.net.every((m) => m.from !== i || m.seq > s.received[i]!))],
    ['PostCopyLossOnlyInPostCopy', (s) => s.fate !== 'lost-post-copy' || mode === 'post-copy'],
  ];
  const violated = (s: MigrationState): string | undefined => invariants.find(([, holds]) => !holds(s))?.[0];

  return {
    initialStates,
    successors: (s) => all.flatMap((action) => action(s)),
    key: (s) => JSON.stringify(s),
    isBad: (s) => violated(s) !== undefined,
    violated,
    needsProgress: (s) => s.mstate !== 'idle' || s.net.length > 0,
    fairEnabled: (s) => fair.some((action) => action(s).length > 0),
  };
}
