// Hand transcriptions of the corpus models into plain TypeScript transition systems, written
// from the model descriptions (not generated from the .tla files), so that exploring them with
// state-graph.ts gives counts that do not depend on the TLA+ toolchain being tested.
import type { TransitionSystem } from './state-graph.js';

const key = (state: unknown): string => JSON.stringify(state);
const replaceAt = <T>(array: readonly T[], index: number, value: T): T[] =>
  array.map((old, i) => (i === index ? value : old));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

type Jugs = { small: number; big: number };
/** With `goal`, states where the big jug holds `goal` gallons are the ones looked for. */
export function dieHard(goal?: number): TransitionSystem<Jugs> {
  return {
    initialStates: [{ small: 0, big: 0 }],
    successors: ({ small, big }) => {
      const toBig = Math.min(big + small, 5);
      const toSmall = Math.min(big + small, 3);
      return [
        { small: 3, big },
        { small, big: 5 },
        { small: 0, big },
        { small, big: 0 },
        { small: small - (toBig - big), big: toBig },
        { small: toSmall, big: big - (toSmall - small) },
      ];
    },
    key,
    isBad: (s) => s.big === goal,
  };
}

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
export function tCommit(rmCount: number): TransitionSystem<RmState[]> {
  const rms = range(rmCount);
  return {
    initialStates: [rms.map(() => 'working' as RmState)],
    successors: (rm) => {
      const canCommit = rm.every((s) => s === 'prepared' || s === 'committed');
      const notCommitted = rm.every((s) => s !== 'committed');
      const next: RmState[][] = [];
      for (const r of rms) {
        if (rm[r] === 'working') next.push(replaceAt(rm, r, 'prepared'));
        if (rm[r] === 'prepared' && canCommit) next.push(replaceAt(rm, r, 'committed'));
        if ((rm[r] === 'working' || rm[r] === 'prepared') && notCommitted) next.push(replaceAt(rm, r, 'aborted'));
      }
      return next;
    },
    key,
  };
}

type TwoPhaseState = { rm: RmState[]; tm: 'init' | 'committed' | 'aborted'; tmPrepared: number[]; prepared: number[]; commitSent: boolean; abortSent: boolean };
export function twoPhase(rmCount: number): TransitionSystem<TwoPhaseState> {
  const rms = range(rmCount);
  const addSorted = (set: number[], r: number): number[] => [...new Set([...set, r])].sort();
  return {
    initialStates: [{ rm: rms.map(() => 'working' as RmState), tm: 'init', tmPrepared: [], prepared: [], commitSent: false, abortSent: false }],
    successors: (s) => {
      const next: TwoPhaseState[] = [];
      if (s.tm === 'init' && s.tmPrepared.length === rmCount) next.push({ ...s, tm: 'committed', commitSent: true });
      if (s.tm === 'init') next.push({ ...s, tm: 'aborted', abortSent: true });
      for (const r of rms) {
        if (s.tm === 'init' && s.prepared.includes(r)) next.push({ ...s, tmPrepared: addSorted(s.tmPrepared, r) });
        if (s.rm[r] === 'working') next.push({ ...s, rm: replaceAt(s.rm, r, 'prepared'), prepared: addSorted(s.prepared, r) });
        if (s.rm[r] === 'working') next.push({ ...s, rm: replaceAt(s.rm, r, 'aborted') });
        if (s.commitSent) next.push({ ...s, rm: replaceAt(s.rm, r, 'committed') });
        if (s.abortSent) next.push({ ...s, rm: replaceAt(s.rm, r, 'aborted') });
      }
      return next;
    },
    key,
    isBad: (s) => s.rm.includes('aborted') && s.rm.includes('committed'),
  };
}

type PetersonPc = 'idle' | 'set' | 'wait' | 'cs';
type PetersonState = { flag: boolean[]; turn: number; pc: PetersonPc[] };
export function peterson(): TransitionSystem<PetersonState> {
  return {
    initialStates: [{ flag: [false, false], turn: 0, pc: ['idle', 'idle'] }],
    successors: (s) => {
      const next: PetersonState[] = [];
      for (const p of [0, 1]) {
        const other = 1 - p;
        switch (s.pc[p]!) {
          case 'idle':
            next.push({ ...s, flag: replaceAt(s.flag, p, true), pc: replaceAt(s.pc, p, 'set') });
            break;
          case 'set':
            next.push({ ...s, turn: other, pc: replaceAt(s.pc, p, 'wait') });
            break;
          case 'wait':
            if (!s.flag[other] || s.turn === p) next.push({ ...s, pc: replaceAt(s.pc, p, 'cs') });
            break;
          case 'cs':
            next.push({ ...s, flag: replaceAt(s.flag, p, false), pc: replaceAt(s.pc, p, 'idle') });
            break;
        }
      }
      return next;
    },
    key,
    isBad: (s) => s.pc[0] === 'cs' && s.pc[1] === 'cs',
  };
}

type LockPc = 'idle' | 'waiting' | 'cs';
export function lockStarvation(): TransitionSystem<LockPc[]> {
  return {
    initialStates: [['idle', 'idle']],
    successors: (pc) => {
      const next: LockPc[][] = [];
      for (const p of [0, 1]) {
        if (pc[p] === 'idle') next.push(replaceAt(pc, p, 'waiting'));
        if (pc[p] === 'waiting' && !pc.includes('cs')) next.push(replaceAt(pc, p, 'cs'));
        if (pc[p] === 'cs') next.push(replaceAt(pc, p, 'idle'));
      }
      return next;
    },
    key,
  };
}

type Dining = { phil: ('thinking' | 'hungry' | 'eating')[]; fork: number[] };
export function diningDeadlock(n: number): TransitionSystem<Dining> {
  const free = n;
  return {
    initialStates: [{ phil: range(n).map(() => 'thinking' as const), fork: range(n).map(() => free) }],
    successors: (s) => {
      const next: Dining[] = [];
      for (const i of range(n)) {
        const left = i;
        const right = (i + 1) % n;
        if (s.phil[i] === 'thinking' && s.fork[left] === free) next.push({ phil: replaceAt(s.phil, i, 'hungry'), fork: replaceAt(s.fork, left, i) });
        if (s.phil[i] === 'hungry' && s.fork[right] === free) next.push({ phil: replaceAt(s.phil, i, 'eating'), fork: replaceAt(s.fork, right, i) });
        if (s.phil[i] === 'eating') next.push({ phil: replaceAt(s.phil, i, 'thinking'), fork: replaceAt(replaceAt(s.fork, left, free), right, free) });
      }
      return next;
    },
    key,
  };
}

type Msi = { cstate: ('I' | 'S' | 'M')[]; cdata: number[]; mem: number; last: number };
/** `missingWriteBack` transcribes the StaleSpec variant (ReadMissWithoutWriteBack). */
export function msiCoherence(cacheCount: number, values: readonly number[], missingWriteBack: boolean): TransitionSystem<Msi> {
  const caches = range(cacheCount);
  return {
    initialStates: [{ cstate: caches.map(() => 'I' as const), cdata: caches.map(() => 0), mem: 0, last: 0 }],
    successors: (s) => {
      const next: Msi[] = [];
      const owners = caches.filter((c) => s.cstate[c] === 'M');
      for (const c of caches) {
        if (s.cstate[c] === 'I') {
          if (missingWriteBack) {
            const cstate = s.cstate.map((state, d) => (d === c || state === 'M' ? 'S' : state));
            next.push({ ...s, cdata: replaceAt(s.cdata, c, s.mem), cstate });
          } else if (owners.length === 0) {
            next.push({ ...s, cdata: replaceAt(s.cdata, c, s.mem), cstate: replaceAt(s.cstate, c, 'S') });
          } else {
            for (const o of owners) {
              next.push({ ...s, mem: s.cdata[o]!, cdata: replaceAt(s.cdata, c, s.cdata[o]!), cstate: replaceAt(replaceAt(s.cstate, c, 'S'), o, 'S') });
            }
          }
        }
        if (s.cstate[c] !== 'I') {
          next.push({ ...s, mem: s.cstate[c] === 'M' ? s.cdata[c]! : s.mem, cstate: replaceAt(s.cstate, c, 'I') });
        }
        for (const v of values) {
          next.push({ ...s, cstate: caches.map((d) => (d === c ? 'M' : 'I')), cdata: replaceAt(s.cdata, c, v), last: v });
        }
      }
      return next;
    },
    key,
    isBad: (s) =>
      caches.some((c) => s.cstate[c] !== 'I' && s.cdata[c] !== s.last) ||
      (!s.cstate.includes('M') && s.mem !== s.last) ||
      caches.some((c) => s.cstate[c] === 'M' && caches.some((d) => d !== c && s.cstate[d] !== 'I')),
  };
}

type Ring = { initiated: boolean[]; inbox: number[][]; leader: boolean[] };
/** Chang-Roberts on a ring of `n` nodes (odd), identifiers ((2 * node) % n) + 1 for nodes 1..n. */
export function ringElection(n: number): TransitionSystem<Ring> {
  const nodes = range(n); // index i is node i + 1
  const id = (i: number): number => ((2 * (i + 1)) % n) + 1;
  const succ = (i: number): number => (i + 1) % n;
  const add = (set: readonly number[], x: number): number[] => [...new Set([...set, x])].sort((a, b) => a - b);
  return {
    initialStates: [{ initiated: nodes.map(() => false), inbox: nodes.map(() => []), leader: nodes.map(() => false) }],
    successors: (s) => {
      const next: Ring[] = [];
      for (const i of nodes) {
        if (!s.initiated[i]) next.push({ ...s, initiated: replaceAt(s.initiated, i, true), inbox: replaceAt(s.inbox, succ(i), add(s.inbox[succ(i)]!, id(i))) });
      }
      for (const i of nodes) {
        for (const m of s.inbox[i]!) {
          let inbox = replaceAt(s.inbox, i, s.inbox[i]!.filter((x) => x !== m));
          if (m > id(i)) inbox = replaceAt(inbox, succ(i), add(inbox[succ(i)]!, m));
          next.push({ ...s, inbox, leader: m === id(i) ? replaceAt(s.leader, i, true) : s.leader });
        }
      }
      return next;
    },
    key,
    isBad: (s) => s.leader.filter(Boolean).length > 1 || nodes.some((i) => s.leader[i] && id(i) !== n),
  };
}
