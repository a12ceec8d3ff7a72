// A hand transcription of spec/rpc/RPC.tla (and the variants of RPCBad.tla) into a plain
// TypeScript transition system, so that the spec's verdicts, counts and shortest
// counterexamples can be established without the TLA+ toolchain (see spec-counts.test.ts).
import type { TransitionSystem } from './state-graph.js';

export type Semantics = 'at-least-once' | 'at-most-once' | 'exactly-once';
export type RpcVariant = 'correct' | 'retry-without-dedup' | 'volatile-dedup' | 'foreign-reply' | 'no-retry' | 'late-reply';

export interface RpcParameters {
  semantics: Semantics;
  clients: number;
  maxCalls: number;
  dedupCapacity: number;
  maxNetFaults: number;
  maxCrashes: number;
  maxGiveUps: number;
}

type CallState = 'unused' | 'pending' | 'done' | 'failed' | 'orphan' | 'timeout' | 'unavailable';
interface Packet {
  kind: 'request' | 'reply' | 'refused';
  call: number;
  value: number;
}
export interface RpcState {
  calls: number[]; // calls[id - 1]: the client (index) that started call id
  callState: CallState[]; // by id - 1
  outcome: number[];
  endings: number[]; // by id - 1
  execCount: number[];
  current: number[]; // by client; 0 = no call
  clientUp: boolean[];
  serverUp: boolean;
  dedup: number[]; // sorted
  floor: number;
  net: Packet[]; // sorted by key, no duplicates
  faults: number;
  crashes: number;
}

const args = (id: number): number => 100 + id;
const packetKey = (p: Packet): string => `${p.kind}/${p.call}/${p.value}`;
const asSet = (packets: Packet[]): Packet[] => {
  const byKey = new Map(packets.map((p) => [packetKey(p), p]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
};
const without = (packets: Packet[], gone: Packet): Packet[] => packets.filter((p) => packetKey(p) !== packetKey(gone));
const setAt = <T>(array: readonly T[], index: number, value: T): T[] => array.map((old, i) => (i === index ? value : old));

export function rpcSystem(params: RpcParameters, variant: RpcVariant = 'correct'): TransitionSystem<RpcState> & {
  pending: (s: RpcState) => boolean;
  fairEnabled: (s: RpcState) => boolean;
  violated: (s: RpcState) => string | undefined;
} {
  const { semantics, maxCalls, dedupCapacity, maxNetFaults, maxCrashes, maxGiveUps } = params;
  const clients = Array.from({ length: params.clients }, (_, i) => i);
  const ids = Array.from({ length: maxCalls }, (_, i) => i + 1);

  // Deliver(pkt, answers): consume pkt, or (a fault, within budget) keep it for a second delivery.
  const deliver = (s: RpcState, pkt: Packet, answers: Packet[]): Pick<RpcState, 'net' | 'faults'>[] => {
    const results = [{ net: asSet([...without(s.net, pkt), ...answers]), faults: s.faults }];
    if (s.faults < maxNetFaults) results.push({ net: asSet([...s.net, ...answers]), faults: s.faults + 1 });
    return results;
  };
  const remember = (s: RpcState, id: number): Pick<RpcState, 'dedup' | 'floor'> => {
    if (semantics === 'at-least-once') return { dedup: s.dedup, floor: s.floor };
    if (semantics === 'exactly-once' || s.dedup.length < dedupCapacity) return { dedup: [...new Set([...s.dedup, id])].sort((a, b) => a - b), floor: s.floor };
    const oldest = Math.min(...s.dedup);
    return { dedup: [...new Set([...s.dedup.filter((x) => x !== oldest), id])].sort((a, b) => a - b), floor: Math.max(s.floor, oldest + 1) };
  };
  const isNew = (s: RpcState, id: number): boolean => semantics === 'at-least-once' || (!s.dedup.includes(id) && id >= s.floor);
  const reply = (pkt: Packet): Packet => ({ kind: 'reply', call: pkt.call, value: pkt.value });
  const ended = (s: RpcState, id: number): number[] => setAt(s.endings, id - 1, s.endings[id - 1]! + 1);
  const giveUpsLeft = (s: RpcState): boolean => s.callState.filter((st) => st === 'timeout' || st === 'unavailable').length < maxGiveUps;

  const clientSteps = (s: RpcState, c: number, fairOnly: boolean): RpcState[] => {
    const next: RpcState[] = [];
    if (!s.clientUp[c]) {
      if (!fairOnly) next.push({ ...s, clientUp: setAt(s.clientUp, c, true) }); // ClientRestarted
      return next;
    }
    const cur = s.current[c]!;
    if (!fairOnly && cur === 0 && s.calls.length < maxCalls) {
      const id = s.calls.length + 1;
      next.push({ ...s, calls: [...s.calls, c], callState: setAt(s.callState, id - 1, 'pending'), current: setAt(s.current, c, id), net: asSet([...s.net, { kind: 'request', call: id, value: args(id) }]) });
    }
    if (variant !== 'no-retry' && cur !== 0 && s.net.every((p) => p.call !== cur)) next.push({ ...s, net: asSet([...s.net, { kind: 'request', call: cur, value: args(cur) }]) });
    if (cur !== 0) {
      for (const pkt of s.net) {
        const accepts = variant === 'foreign-reply' ? pkt.kind === 'reply' && s.calls[pkt.call - 1] === c : pkt.kind === 'reply' && pkt.call === cur;
        if (accepts) {
          for (const d of deliver(s, pkt, [])) next.push({ ...s, ...d, callState: setAt(s.callState, cur - 1, 'done'), outcome: setAt(s.outcome, cur - 1, pkt.value), endings: ended(s, cur), current: setAt(s.current, c, 0) });
        }
        if (pkt.kind === 'refused' && pkt.call === cur) {
          for (const d of deliver(s, pkt, [])) next.push({ ...s, ...d, callState: setAt(s.callState, cur - 1, 'failed'), endings: ended(s, cur), current: setAt(s.current, c, 0) });
        }
      }
    }
    // CallTimedOut and CallUnavailable (not fair); the late-reply variant times out keeping the call current, and never gives up unavailable.
    if (!fairOnly && cur !== 0 && giveUpsLeft(s)) {
      if (variant === 'late-reply') {
        if (s.callState[cur - 1] === 'pending') next.push({ ...s, callState: setAt(s.callState, cur - 1, 'timeout'), endings: ended(s, cur) });
      } else {
        for (const code of ['timeout', 'unavailable'] as const) next.push({ ...s, callState: setAt(s.callState, cur - 1, code), endings: ended(s, cur), current: setAt(s.current, c, 0) });
      }
    }
    for (const pkt of s.net) {
      if (pkt.kind !== 'request' && s.calls[pkt.call - 1] === c && pkt.call !== cur) next.push({ ...s, net: without(s.net, pkt) }); // StaleAnswerDropped
    }
    if (!fairOnly && s.crashes < maxCrashes) {
      next.push({
        ...s,
        clientUp: setAt(s.clientUp, c, false),
        callState: cur === 0 ? s.callState : setAt(s.callState, cur - 1, 'orphan'),
        current: setAt(s.current, c, 0),
        net: s.net.filter((p) => p.kind === 'request' || s.calls[p.call - 1] !== c),
        crashes: s.crashes + 1,
      });
    }
    return next;
  };

  const serverSteps = (s: RpcState): RpcState[] => {
    const next: RpcState[] = [];
    if (!s.serverUp) return next;
    for (const pkt of s.net) {
      if (pkt.kind !== 'request') continue;
      if (variant === 'retry-without-dedup' || isNew(s, pkt.call)) {
        const memory = variant === 'retry-without-dedup' ? { dedup: s.dedup, floor: s.floor } : remember(s, pkt.call);
        for (const d of deliver(s, pkt, [reply(pkt)])) next.push({ ...s, ...d, ...memory, execCount: setAt(s.execCount, pkt.call - 1, s.execCount[pkt.call - 1]! + 1) });
      }
      if (variant !== 'retry-without-dedup' && semantics !== 'at-least-once' && s.dedup.includes(pkt.call)) {
        for (const d of deliver(s, pkt, [reply(pkt)])) next.push({ ...s, ...d });
      }
      if (variant !== 'retry-without-dedup' && semantics !== 'at-least-once' && !isNew(s, pkt.call) && !s.dedup.includes(pkt.call)) {
        for (const d of deliver(s, pkt, [{ kind: 'refused', call: pkt.call, value: 0 }])) next.push({ ...s, ...d });
      }
    }
    return next;
  };

  const serverRestart = (s: RpcState): RpcState[] =>
    s.serverUp ? [] : [{ ...s, serverUp: true, floor: semantics === 'at-most-once' ? s.calls.length + 1 : s.floor }];

  const successors = (s: RpcState): RpcState[] => {
    const next: RpcState[] = [];
    for (const c of clients) next.push(...clientSteps(s, c, false));
    next.push(...serverSteps(s));
    for (const pkt of s.net) if (s.faults < maxNetFaults) next.push({ ...s, net: without(s.net, pkt), faults: s.faults + 1 }); // Lost
    if (s.serverUp && s.crashes < maxCrashes) {
      const durable = semantics === 'exactly-once' && variant !== 'volatile-dedup';
      next.push({ ...s, serverUp: false, dedup: durable ? s.dedup : [], net: s.net.filter((p) => p.kind !== 'request'), crashes: s.crashes + 1 });
    }
    next.push(...serverRestart(s));
    return next;
  };

  const violated = (s: RpcState): string | undefined => {
    if (semantics !== 'at-least-once' && s.execCount.some((n) => n > 1)) return 'AtMostOnce';
    if (ids.some((id) => s.callState[id - 1] === 'done' && s.outcome[id - 1] !== args(id))) return 'NoForeignReply';
    if (ids.some((id) => s.callState[id - 1] === 'done' && s.execCount[id - 1]! < 1)) return 'CompletedWasExecuted';
    if (semantics === 'exactly-once' && ids.some((id) => s.callState[id - 1] === 'done' && s.execCount[id - 1] !== 1)) return 'ExactlyOnce';
    if (s.net.some((p) => p.kind === 'reply' && p.value !== args(p.call))) return 'ReplyMatchesCall';
    if (semantics === 'at-most-once' && s.dedup.length > dedupCapacity) return 'DedupBounded';
    if (semantics === 'exactly-once' && s.callState.includes('failed')) return 'ExactlyOnceNeverFails';
    if (s.endings.some((n) => n > 1)) return 'CallEndsOnce';
    return undefined;
  };

  return {
    initialStates: [
      {
        calls: [],
        callState: ids.map(() => 'unused'),
        outcome: ids.map(() => 0),
        endings: ids.map(() => 0),
        execCount: ids.map(() => 0),
        current: clients.map(() => 0),
        clientUp: clients.map(() => true),
        serverUp: true,
        dedup: [],
        floor: 1,
        net: [],
        faults: 0,
        crashes: 0,
      },
    ],
    successors,
    key: (s) => JSON.stringify(s),
    isBad: (s) => violated(s) !== undefined,
    violated,
    pending: (s) => s.callState.includes('pending'),
    // ServerStep, ClientStep and ServerRestarted: the actions the spec's fairness covers.
    fairEnabled: (s) => serverSteps(s).length > 0 || clients.some((c) => clientSteps(s, c, true).length > 0) || serverRestart(s).length > 0,
  };
}
