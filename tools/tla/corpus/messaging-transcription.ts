// A hand transcription of spec/messaging/Messaging.tla (and the variants of MessagingBad.tla)
// into a plain TypeScript transition system, so that the spec's verdicts, counts and shortest
// counterexamples can be established without the TLA+ toolchain (see spec-counts.test.ts).
import type { TransitionSystem } from './state-graph.js';

export type MessagingVariant = 'correct' | 'reordering' | 'duplicating' | 'name-race';

export interface MessagingParameters {
  pids: number;
  names: number;
  zones: number;
  machinesPerZone: number;
  maxMessages: number;
  maxLosses: number;
}

type Status = 'unborn' | 'live' | 'exited';
interface Message {
  id: number;
  from: number;
  to: number;
}
export interface MessagingState {
  status: Status[];
  location: string[]; // '' = NoMachine, else "zone/index"
  registry: string[]; // sorted "name/pid"
  chan: Message[][]; // by from * pids + to
  received: Message[][];
  sent: Message[]; // sorted by id
  lost: Message[];
  discarded: Message[];
}

const byId = (a: Message, b: Message): number => a.id - b.id;
const setAt = <T>(array: readonly T[], index: number, value: T): T[] => array.map((old, i) => (i === index ? value : old));
const removeAt = <T>(array: readonly T[], index: number): T[] => array.filter((_, i) => i !== index);

export function messagingSystem(params: MessagingParameters, variant: MessagingVariant = 'correct'): TransitionSystem<MessagingState> & {
  inTransit: (s: MessagingState) => number;
  fairEnabled: (s: MessagingState) => boolean;
  violated: (s: MessagingState) => string | undefined;
} {
  const { pids: n, maxMessages, maxLosses } = params;
  const pids = Array.from({ length: n }, (_, i) => i);
  const names = Array.from({ length: params.names }, (_, i) => i);
  const machines: string[] = [];
  for (let z = 0; z < params.zones; z++) for (let i = 1; i <= params.machinesPerZone; i++) machines.push(`${z}/${i}`);
  const pair = (s: number, d: number): number => s * n + d;
  const lookup = (st: MessagingState, name: number): number[] => st.registry.filter((b) => b.startsWith(`${name}/`)).map((b) => Number(b.split('/')[1]));

  // Placements: anywhere, each machine, near/far each pid, each zone; Honours(m, placement).
  const honoured = (st: MessagingState, m: string): number => {
    let count = 1; // anywhere
    count += 1; // the placement naming machine m itself
    for (const q of pids) {
      if (st.status[q] === 'live' && st.location[q] === m) count += 1; // near q
      if (st.status[q] === 'live' && st.location[q] !== m) count += 1; // far from q
    }
    count += 1; // its own zone
    return count;
  };

  const sendTo = (st: MessagingState, s: number, d: number): MessagingState | undefined => {
    if (st.status[s] !== 'live' || st.status[d] === 'unborn' || st.sent.length >= maxMessages) return undefined;
    const msg = { id: st.sent.length + 1, from: s, to: d };
    return { ...st, chan: setAt(st.chan, pair(s, d), [...st.chan[pair(s, d)]!, msg]), sent: [...st.sent, msg] };
  };

  const networkSteps = (st: MessagingState, fairOnly: boolean): MessagingState[] => {
    const next: MessagingState[] = [];
    for (const s of pids) {
      for (const d of pids) {
        const queue = st.chan[pair(s, d)]!;
        if (queue.length === 0) continue;
        if (st.status[d] === 'live') {
          const positions = variant === 'reordering' ? queue.map((_, i) => i) : [0];
          for (const i of positions) {
            const keep = variant === 'duplicating';
            next.push({ ...st, received: setAt(st.received, d, [...st.received[d]!, queue[i]!]), chan: keep ? st.chan : setAt(st.chan, pair(s, d), removeAt(queue, i)) });
          }
        }
        if (st.status[d] === 'exited') next.push({ ...st, discarded: [...st.discarded, queue[0]!].sort(byId), chan: setAt(st.chan, pair(s, d), queue.slice(1)) });
        if (!fairOnly && st.lost.length < maxLosses) {
          queue.forEach((msg, i) => next.push({ ...st, lost: [...st.lost, msg].sort(byId), chan: setAt(st.chan, pair(s, d), removeAt(queue, i)) }));
        }
      }
    }
    return next;
  };

  const successors = (st: MessagingState): MessagingState[] => {
    const next: MessagingState[] = [];
    for (const p of pids) {
      if (st.status[p] === 'unborn') {
        for (const m of machines) {
          const spawned = { ...st, status: setAt(st.status, p, 'live' as Status), location: setAt(st.location, p, m) };
          for (let k = honoured(st, m); k > 0; k--) next.push(spawned);
        }
      }
      if (st.status[p] === 'live') {
        next.push({ ...st, status: setAt(st.status, p, 'exited' as Status), location: setAt(st.location, p, ''), registry: st.registry.filter((b) => Number(b.split('/')[1]) !== p) });
      }
    }
    for (const name of names) {
      for (const p of pids) {
        const free = variant === 'name-race' ? !st.registry.includes(`${name}/${p}`) : lookup(st, name).length === 0;
        if (st.status[p] === 'live' && free) next.push({ ...st, registry: [...st.registry, `${name}/${p}`].sort() });
      }
    }
    for (const s of pids) for (const d of pids) {
      const sent = sendTo(st, s, d);
      if (sent) next.push(sent);
    }
    for (const s of pids) for (const name of names) for (const d of lookup(st, name)) {
      const sent = sendTo(st, s, d);
      if (sent) next.push(sent);
    }
    next.push(...networkSteps(st, false));
    return next;
  };

  const inTransit = (st: MessagingState): number => st.chan.reduce((sum, q) => sum + q.length, 0);
  const violated = (st: MessagingState): string | undefined => {
    const received = st.received.flat();
    const transit = st.chan.flat();
    const ids = (ms: Message[]): number[] => ms.map((m) => m.id);
    const distinct = (xs: number[]): boolean => new Set(xs).size === xs.length;
    if (![...received, ...transit].every((m) => st.sent.some((x) => x.id === m.id))) return 'NoCreation';
    if (!st.received.every((r) => distinct(ids(r))) || !st.chan.every((q) => distinct(ids(q))) || received.some((m) => transit.some((x) => x.id === m.id))) return 'NoDuplication';
    for (const r of st.received) for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) if (r[i]!.from === r[j]!.from && r[i]!.id > r[j]!.id) return 'PerPairFIFO';
    const accounted = new Set(ids([...transit, ...received, ...st.discarded, ...st.lost]));
    if (accounted.size !== st.sent.length || !st.sent.every((m) => accounted.has(m.id))) return 'NoLossWithoutFault';
    if (!st.discarded.every((m) => st.status[m.to] === 'exited')) return 'NoLossWithoutFault';
    if (st.discarded.some((m) => received.some((x) => x.id === m.id) || st.lost.some((x) => x.id === m.id))) return 'NoLossWithoutFault';
    if (st.lost.some((m) => received.some((x) => x.id === m.id))) return 'NoLossWithoutFault';
    if (!st.received.every((r, p) => r.every((m) => m.to === p))) return 'DeliveredToAddressee';
    if (names.some((name) => lookup(st, name).length > 1)) return 'UniqueNames';
    if (!st.registry.every((b) => st.status[Number(b.split('/')[1])] === 'live')) return 'NamesHeldByLive';
    if (!pids.every((p) => (st.status[p] === 'live') === (st.location[p] !== ''))) return 'LocatedIffLive';
    return undefined;
  };

  return {
    initialStates: [
      {
        status: pids.map(() => 'unborn' as Status),
        location: pids.map(() => ''),
        registry: [],
        chan: pids.flatMap(() => pids.map(() => [])),
        received: pids.map(() => []),
        sent: [],
        lost: [],
        discarded: [],
      },
    ],
    successors,
    key: (st) => JSON.stringify(st),
    isBad: (st) => violated(st) !== undefined,
    violated,
    inTransit,
    // Forward (Delivered or Discarded of some pair): the action the spec's fairness covers.
    fairEnabled: (st) => networkSteps(st, true).length > 0,
  };
}
