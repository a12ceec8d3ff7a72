// A hand transcription of spec/dsm/DSM.tla (and the variants of DSMBad.tla) into a plain
// TypeScript transition system, so that the spec's verdicts, counts and shortest
// counterexamples can be established without the TLA+ toolchain (see spec-counts.test.ts).
// Nodes are 1 .. nodes and pages 1 .. pages as in the module; arrays are indexed from 0.
import type { TransitionSystem } from './state-graph.js';

export type DsmManager = 'centralized' | 'fixed' | 'dynamic';
export type DsmVariant = 'correct' | 'early-grant' | 'copyset-kept' | 'hint-not-updated' | 'reordered-invalidation' | 'restart-as-at-boot' | 'pending-read-waits' | 'self-hint-relearn';
export type DsmInvariant = 'SingleWriter' | 'DataValue' | 'CopysetExact' | 'HintsReachOwner' | 'LostPagesFrozen';

export interface DsmParameters {
  manager: DsmManager;
  nodes: number;
  pages: number;
  maxWrites: number;
  /** Crashes and partitions, together (MaxFailures). */
  maxFailures: number;
}

type Access = 'none' | 'read' | 'write';
interface Fault {
  kind: 'none' | 'read' | 'write';
  page: number;
  value: number;
  /** A failure happened while it was pending (or was under way when it began): it may give up. */
  stalled: boolean;
}
interface Message {
  type: 'request' | 'copy' | 'ownership' | 'invalidate' | 'ack';
  page: number;
  from: number;
  to: number;
  kind?: 'read' | 'write'; // requests
  atManager?: boolean; // requests
  value?: number; // copy, ownership
}
export interface DsmState {
  access: Access[][]; // [node - 1][page - 1]
  val: number[][];
  owner: number[]; // by page
  holding: boolean[];
  copyset: number[][]; // by page, sorted
  probOwner: number[][]; // [node - 1][page - 1]
  mgrOwner: number[];
  pending: Fault[]; // by node
  waitAcks: number[][][]; // [node - 1][page - 1], sorted
  net: Message[]; // sorted by key, no duplicates
  latest: number[];
  writes: number;
  up: boolean[]; // by node
  lost: boolean[]; // by page
  failures: number;
  partitioned: boolean;
}

const NO_FAULT: Fault = { kind: 'none', page: 0, value: 0, stalled: false };
const messageKey = (m: Message): string => `${m.type}/${m.page}/${m.from}/${m.to}/${m.kind ?? ''}/${m.atManager ?? ''}/${m.value ?? ''}`;
const asSet = (messages: Message[]): Message[] => {
  const byKey = new Map(messages.map((m) => [messageKey(m), m]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
};
const without = (messages: Message[], gone: Message): Message[] => messages.filter((m) => messageKey(m) !== messageKey(gone));
const setAt = <T>(array: readonly T[], index: number, value: T): T[] => array.map((old, i) => (i === index ? value : old));
const set2 = <T>(grid: readonly T[][], i: number, j: number, value: T): T[][] => setAt(grid, i, setAt(grid[i]!, j, value));
const sorted = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);
const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

type Action = (s: DsmState) => DsmState[];

export function dsmSystem(
  params: DsmParameters,
  variant: DsmVariant = 'correct',
  invariantOrder: DsmInvariant[] = ['SingleWriter', 'DataValue', 'CopysetExact', 'HintsReachOwner', 'LostPagesFrozen'],
): TransitionSystem<DsmState> & {
  needsProgress: (s: DsmState) => boolean;
  fairEnabled: (s: DsmState) => boolean;
  violated: (s: DsmState) => string | undefined;
} {
  const { manager, maxWrites, maxFailures } = params;
  const nodes = oneTo(params.nodes);
  const pages = oneTo(params.pages);
  const noValue = maxWrites + 1;
  const managerOf = (p: number): number => (manager === 'fixed' ? ((p - 1) % params.nodes) + 1 : 1);
  const faulting = (s: DsmState, n: number, kind: 'read' | 'write', p: number): boolean => s.pending[n - 1]!.kind === kind && s.pending[n - 1]!.page === p;
  const owns = (s: DsmState, n: number, p: number): boolean => s.owner[p - 1] === n && s.holding[p - 1]! && !s.lost[p - 1];
  const serves = (s: DsmState, n: number, p: number): boolean => owns(s, n, p) && !faulting(s, n, 'write', p) && s.waitAcks[n - 1]![p - 1]!.length === 0;
  const up = (s: DsmState, n: number): boolean => s.up[n - 1]!;
  const copiesTo = (s: DsmState, n: number, p: number): Message[] => s.net.filter((m) => m.type === 'copy' && m.to === n && m.page === p);
  const withoutAll = (messages: Message[], gone: Message[]): Message[] => gone.reduce(without, messages);
  const request = (s: DsmState, kind: 'read' | 'write', p: number, n: number): Message =>
    manager === 'dynamic'
      ? { type: 'request', kind, page: p, from: n, to: s.probOwner[n - 1]![p - 1]!, atManager: false }
      : { type: 'request', kind, page: p, from: n, to: managerOf(p), atManager: true };
  const invalidations = (p: number, from: number, targets: number[]): Message[] => targets.map((to) => ({ type: 'invalidate', page: p, from, to }));
  const overPairs = (f: (n: number, p: number) => DsmState | undefined): DsmState[] =>
    nodes.flatMap((n) => pages.map((p) => f(n, p))).filter((x): x is DsmState => x !== undefined);
  // Every action on a message is taken where the message is addressed, by a running node.
  const reaches = (s: DsmState, n: number, p: number, k: number): boolean => {
    if (s.owner[p - 1] === n || faulting(s, n, 'write', p)) return true;
    return k > 0 && reaches(s, s.probOwner[n - 1]![p - 1]!, p, k - 1);
  };
  const disrupted = (s: DsmState): boolean => s.partitioned || s.up.includes(false);
  const stalled = (pending: Fault[]): Fault[] => pending.map((f) => (f.kind === 'none' ? f : { ...f, stalled: true }));
  const forEachMessage = (f: (s: DsmState, m: Message) => DsmState | undefined): Action => (s) =>
    s.net.map((m) => (up(s, m.to) ? f(s, m) : undefined)).filter((x): x is DsmState => x !== undefined);

  const written: Action = (s) =>
    overPairs((n, p) =>
      s.access[n - 1]![p - 1] === 'write' && s.pending[n - 1]!.kind === 'none' && s.writes < maxWrites
        ? { ...s, val: set2(s.val, n - 1, p - 1, s.writes + 1), latest: setAt(s.latest, p - 1, s.writes + 1), writes: s.writes + 1 }
        : undefined,
    );

  const readFault: Action = (s) =>
    overPairs((n, p) =>
      up(s, n) && s.access[n - 1]![p - 1] === 'none' && s.pending[n - 1]!.kind === 'none'
        ? { ...s, pending: setAt(s.pending, n - 1, { kind: 'read', page: p, value: 0, stalled: disrupted(s) }), net: asSet([...s.net, request(s, 'read', p, n)]) }
        : undefined,
    );

  const writeFault: Action = (s) =>
    overPairs((n, p) => {
      if (!up(s, n) || s.access[n - 1]![p - 1] === 'write' || s.pending[n - 1]!.kind !== 'none' || s.writes >= maxWrites) return undefined;
      const base = { ...s, pending: setAt(s.pending, n - 1, { kind: 'write' as const, page: p, value: s.writes + 1, stalled: disrupted(s) }), writes: s.writes + 1 };
      if (owns(s, n, p)) {
        const waitAcks = set2(s.waitAcks, n - 1, p - 1, sorted([...s.waitAcks[n - 1]![p - 1]!, ...s.copyset[p - 1]!]));
        return { ...base, net: asSet([...s.net, ...invalidations(p, n, s.copyset[p - 1]!)]), waitAcks, copyset: setAt(s.copyset, p - 1, []) };
      }
      return { ...base, net: asSet([...s.net, request(s, 'write', p, n)]) };
    });

  const managerForwarded = forEachMessage((s, m) =>
    m.type === 'request' && m.atManager
      ? {
          ...s,
          net: asSet([...without(s.net, m), { ...m, to: s.mgrOwner[m.page - 1]!, atManager: false }]),
          mgrOwner: m.kind === 'write' ? setAt(s.mgrOwner, m.page - 1, m.from) : s.mgrOwner,
        }
      : undefined,
  );

  const hintForwarded = forEachMessage((s, m) =>
    m.type === 'request' && !m.atManager && s.owner[m.page - 1] !== m.to && (m.from === m.to || !faulting(s, m.to, 'write', m.page))
      ? {
          ...s,
          net: asSet([...without(s.net, m), { ...m, to: s.probOwner[m.to - 1]![m.page - 1]! }]),
          probOwner: m.kind === 'write' ? set2(s.probOwner, m.to - 1, m.page - 1, m.from) : s.probOwner,
        }
      : undefined,
  );

  const readServed = forEachMessage((s, m) =>
    m.type === 'request' && !m.atManager && m.kind === 'read' && serves(s, m.to, m.page)
      ? {
          ...s,
          copyset: setAt(s.copyset, m.page - 1, sorted([...s.copyset[m.page - 1]!, m.from])),
          access: set2(s.access, m.to - 1, m.page - 1, 'read'),
          net: asSet([...without(s.net, m), { type: 'copy', page: m.page, from: m.to, to: m.from, value: s.val[m.to - 1]![m.page - 1]! }]),
        }
      : undefined,
  );

  const writeServed = forEachMessage((s, m) =>
    m.type === 'request' && !m.atManager && m.kind === 'write' && serves(s, m.to, m.page)
      ? {
          ...s,
          owner: setAt(s.owner, m.page - 1, m.from),
          holding: setAt(s.holding, m.page - 1, false),
          copyset: setAt(s.copyset, m.page - 1, s.copyset[m.page - 1]!.filter((k) => k !== m.from)),
          access: set2(s.access, m.to - 1, m.page - 1, 'none'),
          val: set2(s.val, m.to - 1, m.page - 1, noValue),
          probOwner: variant === 'hint-not-updated' ? s.probOwner : set2(s.probOwner, m.to - 1, m.page - 1, m.from),
          net: asSet([...without(s.net, m), { type: 'ownership', page: m.page, from: m.to, to: m.from, value: s.val[m.to - 1]![m.page - 1]! }]),
        }
      : undefined,
  );

  const copyReceived = forEachMessage((s, m) =>
    m.type === 'copy' && faulting(s, m.to, 'read', m.page)
      ? {
          ...s,
          access: set2(s.access, m.to - 1, m.page - 1, 'read'),
          val: set2(s.val, m.to - 1, m.page - 1, m.value!),
          probOwner: set2(s.probOwner, m.to - 1, m.page - 1, m.from),
          pending: setAt(s.pending, m.to - 1, NO_FAULT),
          net: without(s.net, m),
        }
      : undefined,
  );

  const ownershipReceived = forEachMessage((s, m) =>
    m.type === 'ownership'
      ? {
          ...s,
          pending: faulting(s, m.to, 'read', m.page) ? setAt(s.pending, m.to - 1, NO_FAULT) : s.pending,
          holding: setAt(s.holding, m.page - 1, true),
          access: set2(s.access, m.to - 1, m.page - 1, 'read'),
          val: set2(s.val, m.to - 1, m.page - 1, m.value!),
          probOwner: set2(s.probOwner, m.to - 1, m.page - 1, m.to),
          waitAcks: set2(s.waitAcks, m.to - 1, m.page - 1, sorted([...s.waitAcks[m.to - 1]![m.page - 1]!, ...s.copyset[m.page - 1]!])),
          copyset: variant === 'copyset-kept' ? s.copyset : setAt(s.copyset, m.page - 1, []),
          net: asSet([...withoutAll(s.net, [m, ...copiesTo(s, m.to, m.page)]), ...invalidations(m.page, m.to, s.copyset[m.page - 1]!)]),
        }
      : undefined,
  );

  const invalidated = forEachMessage((s, m) =>
    m.type === 'invalidate' &&
    (variant === 'reordered-invalidation' || copiesTo(s, m.to, m.page).length === 0) &&
    !(variant === 'pending-read-waits' && faulting(s, m.to, 'read', m.page))
      ? {
          ...s,
          access: set2(s.access, m.to - 1, m.page - 1, 'none'),
          val: set2(s.val, m.to - 1, m.page - 1, noValue),
          probOwner: set2(s.probOwner, m.to - 1, m.page - 1, m.from),
          net: asSet([...without(s.net, m), { type: 'ack', page: m.page, from: m.to, to: m.from }]),
        }
      : undefined,
  );

  const ackReceived = forEachMessage((s, m) =>
    m.type === 'ack' ? { ...s, waitAcks: set2(s.waitAcks, m.to - 1, m.page - 1, s.waitAcks[m.to - 1]![m.page - 1]!.filter((k) => k !== m.from)), net: without(s.net, m) } : undefined,
  );

  const writeGranted: Action = (s) =>
    nodes.flatMap((n) => {
      const fault = s.pending[n - 1]!;
      if (fault.kind !== 'write') return [];
      const p = fault.page;
      if (!owns(s, n, p)) return [];
      if (variant !== 'early-grant' && s.waitAcks[n - 1]![p - 1]!.length > 0) return [];
      return [{ ...s, access: set2(s.access, n - 1, p - 1, 'write'), val: set2(s.val, n - 1, p - 1, fault.value), latest: setAt(s.latest, p - 1, fault.value), pending: setAt(s.pending, n - 1, NO_FAULT) }];
    });

  const crash: Action = (s) =>
    nodes
      .filter((n) => up(s, n) && s.failures < maxFailures)
      .map((n) => ({
        ...s,
        up: setAt(s.up, n - 1, false),
        failures: s.failures + 1,
        lost: s.lost.map((gone, i) => gone || s.owner[i] === n),
        access: setAt(s.access, n - 1, pages.map(() => 'none' as Access)),
        val: setAt(s.val, n - 1, pages.map(() => noValue)),
        pending: stalled(setAt(s.pending, n - 1, NO_FAULT)),
        waitAcks: setAt(s.waitAcks, n - 1, pages.map(() => [])),
        net: s.net.filter((m) => m.to !== n),
      }));

  /** RecordGuesses(n): the restarted manager's records, a guess for each page it manages. */
  const recordGuesses = (s: DsmState, n: number): number[][] =>
    pages.reduce<number[][]>(
      (partial, p) => partial.flatMap((r) => (manager !== 'dynamic' && managerOf(p) === n ? nodes.map((k) => [...r, k]) : [[...r, s.mgrOwner[p - 1]!]])),
      [[]],
    );
  const hintGuesses = pages.reduce<number[][]>((partial) => partial.flatMap((h) => nodes.map((k) => [...h, k])), [[]]);

  const restart: Action = (s) =>
    nodes
      .filter((n) => !up(s, n))
      .flatMap((n) => {
        const owned = pages.filter((p) => s.owner[p - 1] === n);
        const after = {
          ...s,
          up: setAt(s.up, n - 1, true),
          waitAcks: s.waitAcks.map((byPage) => byPage.map((acks) => acks.filter((k) => k !== n))),
          net: s.net.filter((m) => m.to !== n && !(m.type === 'ack' && m.from === n)),
          pending: stalled(s.pending),
        };
        const restarted: DsmState =
          variant === 'restart-as-at-boot'
            ? {
                ...after,
                lost: s.lost.map((gone, i) => gone && !owned.includes(i + 1)),
                holding: s.holding.map((held, i) => held || owned.includes(i + 1)),
                access: setAt(s.access, n - 1, pages.map((p) => (owned.includes(p) ? 'write' : 'none') as Access)),
                val: setAt(s.val, n - 1, pages.map((p) => (owned.includes(p) ? 0 : noValue))),
              }
            : { ...after, lost: s.lost.map((gone, i) => gone || owned.includes(i + 1)) };
        return hintGuesses.flatMap((hint) => recordGuesses(s, n).map((record) => ({ ...restarted, probOwner: setAt(s.probOwner, n - 1, hint), mgrOwner: record })));
      });

  const ownerRecovered: Action = (s) =>
    maxFailures === 0
      ? []
      : nodes.flatMap((n) =>
          pages.flatMap((p) =>
            up(s, n) && (s.probOwner[n - 1]![p - 1] === n || (variant !== 'self-hint-relearn' && !reaches(s, n, p, params.nodes))) && !owns(s, n, p)
              ? nodes
                  .filter((k) => k !== n && up(s, k) && owns(s, k, p))
                  .map((k) => ({
                    ...s,
                    probOwner: set2(s.probOwner, n - 1, p - 1, k),
                    mgrOwner: manager !== 'dynamic' && managerOf(p) === n ? setAt(s.mgrOwner, p - 1, k) : s.mgrOwner,
                  }))
              : [],
          ),
        );
  const requestDropped = forEachMessage((s, m) => {
    if (m.type !== 'request' || m.atManager || maxFailures === 0 || serves(s, m.to, m.page)) return undefined;
    const leadsNowhere = !reaches(s, m.to, m.page, params.nodes) || (m.to === m.from && s.probOwner[m.to - 1]![m.page - 1] === m.to);
    if (!leadsNowhere) return undefined;
    const requester = s.pending[m.from - 1]!;
    return { ...s, net: without(s.net, m), pending: requester.page === m.page ? setAt(s.pending, m.from - 1, { ...requester, stalled: true }) : s.pending };
  });
  const copyDropped = forEachMessage((s, m) => (m.type === 'copy' && !faulting(s, m.to, 'read', m.page) ? { ...s, net: without(s.net, m) } : undefined));
  const endUnserved = (s: DsmState, n: number): DsmState => ({ ...s, pending: setAt(s.pending, n - 1, NO_FAULT), net: withoutAll(s.net, copiesTo(s, n, s.pending[n - 1]!.page)) });
  const faultLost: Action = (s) => nodes.filter((n) => up(s, n) && s.pending[n - 1]!.kind !== 'none' && s.lost[s.pending[n - 1]!.page - 1]).map((n) => endUnserved(s, n));
  const faultUnavailable: Action = (s) => nodes.filter((n) => up(s, n) && s.pending[n - 1]!.kind !== 'none' && s.pending[n - 1]!.stalled).map((n) => endUnserved(s, n));
  const partition: Action = (s) => (!s.partitioned && s.failures < maxFailures ? [{ ...s, partitioned: true, failures: s.failures + 1, pending: stalled(s.pending) }] : []);
  const heal: Action = (s) => (s.partitioned ? [{ ...s, partitioned: false }] : []);

  const protocol: Action[] = [managerForwarded, hintForwarded, readServed, writeServed, copyReceived, ownershipReceived, invalidated, ackReceived, writeGranted];
  const all: Action[] = [written, readFault, writeFault, ...protocol, crash, restart, partition, heal, ownerRecovered, requestDropped, copyDropped, faultLost, faultUnavailable];

  const initialStates: DsmState[] = [
    {
      access: nodes.map((n) => pages.map(() => (n === 1 ? 'write' : 'none') as Access)),
      val: nodes.map((n) => pages.map(() => (n === 1 ? 0 : noValue))),
      owner: pages.map(() => 1),
      holding: pages.map(() => true),
      copyset: pages.map(() => []),
      probOwner: nodes.map(() => pages.map(() => 1)),
      mgrOwner: pages.map(() => 1),
      pending: nodes.map(() => NO_FAULT),
      waitAcks: nodes.map(() => pages.map(() => [])),
      net: [],
      latest: pages.map(() => 0),
      writes: 0,
      up: nodes.map(() => true),
      lost: pages.map(() => false),
      failures: 0,
      partitioned: false,
    },
  ];

  const invariants: Record<DsmInvariant, (s: DsmState) => boolean> = {
    SingleWriter: (s) => pages.every((p) => nodes.every((n) => s.access[n - 1]![p - 1] !== 'write' || nodes.every((k) => k === n || s.access[k - 1]![p - 1] === 'none'))),
    DataValue: (s) => pages.every((p) => nodes.every((n) => s.access[n - 1]![p - 1] === 'none' || s.val[n - 1]![p - 1] === s.latest[p - 1])),
    CopysetExact: (s) =>
      pages.every((p) => {
        const owner = s.owner[p - 1]!;
        if (!s.holding[p - 1] || s.waitAcks[owner - 1]![p - 1]!.length > 0 || s.lost[p - 1]) return true;
        const readers = nodes.filter((n) => n !== owner && s.access[n - 1]![p - 1] === 'read');
        const inTransit = s.net.filter((m) => m.type === 'copy' && m.page === p).map((m) => m.to);
        const copyset = s.copyset[p - 1]!;
        return readers.every((n) => copyset.includes(n)) && (maxFailures > 0 || copyset.every((n) => readers.includes(n) || inTransit.includes(n)));
      }),
    HintsReachOwner: (s) => maxFailures > 0 || pages.every((p) => nodes.every((n) => reaches(s, n, p, params.nodes))),
    LostPagesFrozen: (s) => pages.every((p) => !s.lost[p - 1] || nodes.every((n) => s.access[n - 1]![p - 1] !== 'write')),
  };
  const violated = (s: DsmState): string | undefined => invariantOrder.find((name) => !invariants[name](s));

  return {
    initialStates,
    successors: (s) => all.flatMap((action) => action(s)),
    key: (s) => JSON.stringify({ ...s, net: s.net.map(messageKey) }),
    isBad: (s) => violated(s) !== undefined,
    violated,
    needsProgress: (s) => s.pending.some((f) => f.kind !== 'none'),
    fairEnabled: (s) => protocol.some((action) => action(s).length > 0),
  };
}
