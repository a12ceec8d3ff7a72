// Models written directly against the Model interface, whose state counts and verdicts can be worked
// out by hand: they test the checker without the TLA+ front end, and are the benchmarks' baseline.
// Worker threads rebuild them through `loadModel(args)`, as they do compiled specs.
import { isMainThread } from 'node:worker_threads';
import { fail, type Span } from '../diagnostics.js';
import type { LoadedModel, Model, NamedPredicate, State, Successor, Temporal, TemporalProperty } from './model.js';

type Ints = readonly number[];

interface IntegerSystem {
  name: string;
  variables: string[];
  init: number[][];
  actions: { name: string; span?: Span; next: (s: Ints) => number[][] }[];
  invariants?: { name: string; holds: (s: Ints) => boolean }[];
  constraint?: (s: Ints) => boolean;
  actionConstraint?: (s: Ints, t: Ints) => boolean;
  checkDeadlock?: boolean;
  /** VIEW: the part of the state that identifies it for the visited set. */
  view?: (s: Ints) => number[];
  statePredicates?: { name: string; holds: (s: Ints) => boolean }[];
  /** <<A>>_v as a step predicate, and its ENABLED. */
  actionPredicates?: { name: string; step: (s: Ints, t: Ints) => boolean; enabled: (s: Ints) => boolean }[];
  properties?: TemporalProperty[];
  fairness?: Temporal[];
  /** Added to every fingerprint: lets a test build a model whose threads disagree. */
  fingerprintSalt?: number;
}

/** 64-bit fingerprint of a tuple of small integers: two independent 32-bit multiplicative hashes. */
function hashInts(values: Ints): bigint {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9e3779b9 | 0;
  for (const v of values) {
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ v, 0x85ebca6b);
    h2 ^= h2 >>> 13;
    h2 = Math.imul(h2, 0xc2b2ae35);
  }
  // murmur3's finalizer, so that both halves are well mixed even for tuples of small integers
  const fmix = (h: number) => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  return (BigInt(fmix(h1)) << 32n) | BigInt(fmix(h2));
}

const names = (list: { name: string }[] | undefined): NamedPredicate[] => (list ?? []).map((p) => ({ name: p.name }));

export function integerModel(system: IntegerSystem): Model {
  const statePredicates = system.statePredicates ?? [];
  const actionPredicates = system.actionPredicates ?? [];
  const invariants = system.invariants ?? [];
  const asInts = (s: State) => s as Ints;
  return {
    name: system.name,
    variables: system.variables,
    actions: system.actions.map((a) => (a.span ? { name: a.name, span: a.span } : { name: a.name })),
    initialStates: () => system.init,
    *successors(state: State): Iterable<Successor> {
      for (let action = 0; action < system.actions.length; action++) {
        for (const next of system.actions[action]!.next(asInts(state))) yield { action, state: next };
      }
    },
    fingerprint: (s) => hashInts(asInts(s)) + BigInt(system.fingerprintSalt ?? 0),
    viewFingerprint: (s) => hashInts(system.view ? system.view(asInts(s)) : asInts(s)) + BigInt(system.fingerprintSalt ?? 0),
    invariants: names(invariants),
    violatedInvariant: (s) => invariants.findIndex((inv) => !inv.holds(asInts(s))),
    satisfiesConstraints: (s) => system.constraint?.(asInts(s)) ?? true,
    satisfiesActionConstraints: (s, t) => system.actionConstraint?.(asInts(s), asInts(t)) ?? true,
    checkDeadlock: system.checkDeadlock ?? true,
    properties: system.properties ?? [],
    fairness: system.fairness ?? [],
    statePredicates: names(statePredicates),
    actionPredicates: names(actionPredicates),
    evalStatePredicate: (i, s) => statePredicates[i]!.holds(asInts(s)),
    evalActionPredicate: (i, s, t) => actionPredicates[i]!.step(asInts(s), asInts(t)),
    enabled: (i, s) => actionPredicates[i]!.enabled(asInts(s)),
    formatState: (s) => system.variables.map((variable, i) => ({ variable, value: String(asInts(s)[i]) })),
    stateToITF: (s) => Object.fromEntries(system.variables.map((v, i) => [v, { '#bigint': String(asInts(s)[i]) }])),
    encodeState: (s) => s,
    decodeState: (e) => e as State,
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The classic DieHard jugs (3 and 5 gallons); NotSolved (big /= 4) fails after 6 steps. */
function dieHard(withInvariant: boolean): Model {
  const pour = (s: Ints, fill: (small: number, big: number) => [number, number]) => [fill(s[0]!, s[1]!)];
  // Where the actions would be in a DieHard.tla, so that printed traces show TLC's action labels.
  const at = (line: number): Span => ({ file: 'DieHard.tla', line, col: 5, endLine: line + 1, endCol: 30 });
  return integerModel({
    name: 'DieHard',
    variables: ['small', 'big'],
    init: [[0, 0]],
    actions: [
      { name: 'FillSmallJug', span: at(10), next: (s) => pour(s, (_, big) => [3, big]) },
      { name: 'FillBigJug', span: at(13), next: (s) => pour(s, (small) => [small, 5]) },
      { name: 'EmptySmallJug', span: at(16), next: (s) => pour(s, (_, big) => [0, big]) },
      { name: 'EmptyBigJug', span: at(19), next: (s) => pour(s, (small) => [small, 0]) },
      { name: 'SmallToBig', span: at(22), next: (s) => pour(s, (small, big) => [small - (Math.min(big + small, 5) - big), Math.min(big + small, 5)]) },
      { name: 'BigToSmall', span: at(25), next: (s) => pour(s, (small, big) => [Math.min(big + small, 3), big - (Math.min(big + small, 3) - small)]) },
    ],
    invariants: withInvariant ? [{ name: 'NotSolved', holds: (s) => s[1] !== 4 }] : [],
  });
}

/** A w×h grid walked by IncX and IncY from (0,0): w·h states, depth w+h-1, a deadlock in the far corner. */
function grid(width: number, height: number, options: { checkDeadlock: boolean; viewXOnly?: boolean; maxSum?: number; noDiagonalFromOrigin?: boolean; fingerprintDependsOnThread?: boolean }): Model {
  return integerModel({
    ...(options.fingerprintDependsOnThread ? { fingerprintSalt: isMainThread ? 0 : 1 } : {}),
    name: 'Grid',
    variables: ['x', 'y'],
    init: [[0, 0]],
    actions: [
      { name: 'IncX', next: (s) => (s[0]! + 1 < width ? [[s[0]! + 1, s[1]!]] : []) },
      { name: 'IncY', next: (s) => (s[1]! + 1 < height ? [[s[0]!, s[1]! + 1]] : []) },
    ],
    checkDeadlock: options.checkDeadlock,
    ...(options.viewXOnly ? { view: (s: Ints) => [s[0]!] } : {}),
    ...(options.maxSum !== undefined ? { constraint: (s: Ints) => s[0]! + s[1]! <= options.maxSum! } : {}),
    ...(options.noDiagonalFromOrigin ? { actionConstraint: (s: Ints, t: Ints) => !(s[0] === 0 && s[1] === 0 && t[1] === 1) } : {}),
  });
}

/** `count` independent counters, each 0..limit-1: limit^count states in wide BFS levels (a benchmark). */
function counters(count: number, limit: number): Model {
  return integerModel({
    name: 'Counters',
    variables: range(count).map((i) => `c${i}`),
    init: [range(count).map(() => 0)],
    actions: range(count).map((i) => ({ name: `Inc${i}`, next: (s: Ints) => (s[i]! + 1 < limit ? [s.map((v, j) => (j === i ? v + 1 : v))] : []) })),
    checkDeadlock: false,
  });
}

/**
 * tools/tla/corpus/TwoPhase.tla with `rms` resource managers, written by hand on integers: the
 * benchmarks' baseline for the same search (no TLA+ evaluation). State: rmState per RM (0 working,
 * 1 prepared, 2 committed, 3 aborted), tmState (0 init, 1 committed, 2 aborted), tmPrepared as a bit
 * set of RMs, msgs as a bit set (bit r: Prepared from RM r; bit rms: Commit; bit rms+1: Abort).
 * Actions in TPNext's order, one successor per enabled instance (as TLC counts generated states).
 * With `preparedBelow`, a second invariant: fewer RMs prepared than that (fails in a wide level).
 */
function twoPhase(rms: number, preparedBelow?: number): Model {
  const [tm, prepared, msgs] = [rms, rms + 1, rms + 2];
  const commit = 1 << rms;
  const abort = 1 << (rms + 1);
  const all = (1 << rms) - 1;
  const withValue = (s: Ints, changes: [number, number][]) => {
    const t = s.slice();
    for (const [i, v] of changes) t[i] = v;
    return t;
  };
  const perRm = (name: string, step: (s: Ints, r: number) => number[] | null) => ({
    name,
    next: (s: Ints) => {
      const successors: number[][] = [];
      for (let r = 0; r < rms; r++) {
        const t = step(s, r);
        if (t) successors.push(t);
      }
      return successors;
    },
  });
  return integerModel({
    name: 'TwoPhase',
    variables: [...range(rms).map((r) => `rmState[r${r + 1}]`), 'tmState', 'tmPrepared', 'msgs'],
    init: [[...range(rms).map(() => 0), 0, 0, 0]],
    actions: [
      { name: 'TMCommit', next: (s) => (s[tm] === 0 && s[prepared] === all ? [withValue(s, [[tm, 1], [msgs, s[msgs]! | commit]])] : []) },
      { name: 'TMAbort', next: (s) => (s[tm] === 0 ? [withValue(s, [[tm, 2], [msgs, s[msgs]! | abort]])] : []) },
      perRm('TMRcvPrepared', (s, r) => (s[tm] === 0 && s[msgs]! & (1 << r) ? withValue(s, [[prepared, s[prepared]! | (1 << r)]]) : null)),
      perRm('RMPrepare', (s, r) => (s[r] === 0 ? withValue(s, [[r, 1], [msgs, s[msgs]! | (1 << r)]]) : null)),
      perRm('RMChooseToAbort', (s, r) => (s[r] === 0 ? withValue(s, [[r, 3]]) : null)),
      perRm('RMRcvCommitMsg', (s, r) => (s[msgs]! & commit ? withValue(s, [[r, 2]]) : null)),
      perRm('RMRcvAbortMsg', (s, r) => (s[msgs]! & abort ? withValue(s, [[r, 3]]) : null)),
    ],
    invariants: [
      { name: 'TPConsistent', holds: (s) => !(range(rms).some((r) => s[r] === 3) && range(rms).some((r) => s[r] === 2)) },
      ...(preparedBelow === undefined ? [] : [{ name: 'NotMany', holds: (s: Ints) => range(rms).filter((r) => s[r] === 1).length < preparedBelow }]),
    ],
  });
}

/**
 * Two initial states, roots 0 and 1, each with the successors (root, 1) and (root, 2) by Step; the
 * search meets `finding` at the roots' successors: (r, 2) violates Small ('invariant'), a root has
 * no successor ('deadlock'), or Step fails on a root ('error'). One thread stops at root 0's (worked
 * out by hand: 4 generated / 4 distinct / 2 left / depth 2 for 'invariant', 2 / 2 / 1 / 1 otherwise).
 * With `workerFirst` (Int32Array[2], tests), this thread generates successors only once a worker has
 * generated some (up to 5 s), so that two threads both meet a finding in the roots' level.
 */
function twoRoots(finding: 'invariant' | 'deadlock' | 'error', workerFirst?: SharedArrayBuffer): Model {
  const model = integerModel({
    name: 'TwoRoots',
    variables: ['root', 'step'],
    init: [
      [0, 0],
      [1, 0],
    ],
    actions: [
      {
        name: 'Step',
        next: (s) => {
          if (s[1] !== 0 || finding === 'deadlock') return [];
          if (finding === 'error') fail('E3001', `root ${s[0]} is not a set`, { file: 'TwoRoots.tla', line: 5, col: 12, endLine: 5, endCol: 15 }, 'a test model failing on purpose');
          return [
            [s[0]!, 1],
            [s[0]!, 2],
          ];
        },
      },
    ],
    invariants: [{ name: 'Small', holds: (s) => s[1]! < 2 }],
    checkDeadlock: finding === 'deadlock',
  });
  if (!workerFirst) return model;
  const calls = new Int32Array(workerFirst);
  return {
    ...model,
    successors(state) {
      if (isMainThread) {
        Atomics.wait(calls, 0, 0, 5000);
        return model.successors(state);
      }
      try {
        return [...model.successors(state)];
      } finally {
        Atomics.add(calls, 0, 1);
        Atomics.notify(calls, 0);
      }
    },
  };
}

/** x counts from 0 to `limit` and stops: a deadlock after limit+1 states; `failAt` raises E3001 there. */
function counter(limit: number, failAt?: number): Model {
  return integerModel({
    name: 'Counter',
    variables: ['x'],
    init: [[0]],
    actions: [
      {
        name: 'Inc',
        next: (s) => {
          if (s[0] === failAt) fail('E3001', `x = ${failAt} is not a set`, { file: 'Counter.tla', line: 7, col: 12, endLine: 7, endCol: 13 }, 'a test model failing on purpose');
          return s[0]! < limit ? [[s[0]! + 1]] : [];
        },
      },
    ],
    invariants: [{ name: 'Small', holds: (s) => s[0]! <= limit }],
  });
}

/**
 * x cycles 0 → 1 → 2 → 0 under Inc. With `fair`, WF(Inc) holds. Properties, in order:
 * []<>(x = 0) and <>(x = 2) hold only under fairness; <>[](x = 0) never holds; (x = 1) ~> (x = 2)
 * holds under fairness; [](x < 3) always holds; [][x' /= x]_x holds (every step changes x).
 */
function cycle(fair: boolean, property: 'infinitelyOften' | 'eventually' | 'eventuallyAlways' | 'leadsTo' | 'always' | 'alwaysAction' | 'unsupported'): Model {
  const isX = (k: number): Temporal => ({ kind: 'state', predicate: k });
  const formulas: Record<typeof property, Temporal> = {
    infinitelyOften: { kind: 'always', arg: { kind: 'eventually', arg: isX(0) } },
    eventually: { kind: 'eventually', arg: isX(2) },
    eventuallyAlways: { kind: 'eventually', arg: { kind: 'always', arg: isX(0) } },
    leadsTo: { kind: 'leadsTo', lhs: isX(1), rhs: isX(2) },
    always: { kind: 'always', arg: { kind: 'not', arg: isX(3) } },
    alwaysAction: { kind: 'always', arg: { kind: 'action', predicate: 1 } },
    unsupported: { kind: 'eventually', arg: { kind: 'action', predicate: 0 } },
  };
  return integerModel({
    name: 'Cycle',
    variables: ['x'],
    init: [[0]],
    actions: [{ name: 'Inc', next: (s) => [[(s[0]! + 1) % 3]] }],
    statePredicates: range(4).map((k) => ({ name: `x = ${k}`, holds: (s: Ints) => s[0] === k })),
    actionPredicates: [
      { name: '<<Inc>>_x', step: (s, t) => t[0] === (s[0]! + 1) % 3, enabled: () => true },
      { name: "[x' /= x]_x", step: (s, t) => t[0] !== s[0], enabled: () => true },
    ],
    properties: [{ name: 'Prop', formula: formulas[property] }],
    fairness: fair ? [{ kind: 'weakFair', action: 0 }] : [],
  });
}

/**
 * b toggles forever; Grant (b = 1, y = 0 → y = 1) is enabled only every other state. <>(y = 1)
 * fails under WF(Grant) (it is never continuously enabled) and holds under SF(Grant).
 */
function toggle(grantFairness: 'weakFair' | 'strongFair'): Model {
  return integerModel({
    name: 'Toggle',
    variables: ['b', 'y'],
    init: [[0, 0]],
    actions: [
      { name: 'Toggle', next: (s) => [[1 - s[0]!, s[1]!]] },
      { name: 'Grant', next: (s) => (s[0] === 1 && s[1] === 0 ? [[s[0]!, 1]] : []) },
    ],
    statePredicates: [{ name: 'y = 1', holds: (s) => s[1] === 1 }],
    actionPredicates: [
      { name: '<<Toggle>>_vars', step: (s, t) => t[0] !== s[0], enabled: () => true },
      { name: '<<Grant>>_vars', step: (s, t) => s[1] === 0 && t[1] === 1, enabled: (s) => s[0] === 1 && s[1] === 0 },
    ],
    properties: [{ name: 'EventuallyGranted', formula: { kind: 'eventually', arg: { kind: 'state', predicate: 0 } } }],
    fairness: [
      { kind: 'weakFair', action: 0 },
      { kind: grantFairness, action: 1 },
    ],
  });
}

export type HandWrittenModelArgs =
  | { kind: 'dieHard'; invariant: boolean }
  | {
      kind: 'grid';
      width: number;
      height: number;
      checkDeadlock: boolean;
      viewXOnly?: boolean;
      maxSum?: number;
      noDiagonalFromOrigin?: boolean;
      fingerprintDependsOnThread?: boolean;
      /** Int32Array[1]: a worker thread that builds the model adds 1 and wakes its waiters (tests: when workers load it). */
      workerLoads?: SharedArrayBuffer;
    }
  | { kind: 'counter'; limit: number; failAt?: number }
  | { kind: 'twoRoots'; finding: 'invariant' | 'deadlock' | 'error'; workerFirst?: SharedArrayBuffer }
  | { kind: 'counters'; count: number; limit: number }
  | { kind: 'twoPhase'; rms: number; preparedBelow?: number }
  | { kind: 'cycle'; fair: boolean; property: Parameters<typeof cycle>[1] }
  | { kind: 'toggle'; grantFairness: 'weakFair' | 'strongFair' };

/** The worker-thread entry point: the same model from the same structured-clone-able arguments. */
export function loadModel(args: HandWrittenModelArgs): LoadedModel {
  const source = { module: import.meta.url, args };
  switch (args.kind) {
    case 'dieHard':
      return { model: dieHard(args.invariant), source };
    case 'grid':
      if (args.workerLoads && !isMainThread) {
        const loads = new Int32Array(args.workerLoads);
        Atomics.add(loads, 0, 1);
        Atomics.notify(loads, 0);
      }
      return { model: grid(args.width, args.height, args), source };
    case 'counter':
      return { model: counter(args.limit, args.failAt), source };
    case 'counters':
      return { model: counters(args.count, args.limit), source };
    case 'twoRoots':
      return { model: twoRoots(args.finding, args.workerFirst), source };
    case 'twoPhase':
      return { model: twoPhase(args.rms, args.preparedBelow), source };
    case 'cycle':
      return { model: cycle(args.fair, args.property), source };
    case 'toggle':
      return { model: toggle(args.grantFairness), source };
  }
}
