// One scripted scenario per catalogued bug: a small workload on a ScriptedCluster whose outcome
// is wrong under the bug and right on the correct kernel. Each returns what went wrong, in
// words, or undefined when the outcome is correct (scenarios.test.ts asserts both sides).
import type { Operation } from '../../../conformance/protocol/index.js';
import { directoryNode } from '../naming/registry.js';
import type { KernelFlag, MessagingBugId } from './catalogue.js';
import { defaultParams, is, perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

export type Scenario = (flag: KernelFlag | undefined) => string | undefined;

const nodes = ['n1', 'n2', 'n3'];
export const later = 5 * defaultParams.callTimeoutNs;

/** A name whose directory is `node` (names are spread by hash). */
export function nameOn(node: string): string {
  const name = Array.from({ length: 100 }, (_, i) => `name-${i}`).find((n) => directoryNode(n, nodes) === node);
  if (name === undefined) throw new Error(`no name hashes to ${node}`);
  return name;
}

/** Loses the first `count` packets that match, delivers everything else. */
export function loseFirst(count: number, matches: (p: InFlight) => boolean): Network {
  let lost = 0;
  return (p) => (matches(p) && lost < count ? (lost++, 'drop') : 'deliver');
}

export const holding = (matches: (p: InFlight) => boolean): Network => (p) => (matches(p) ? 'hold' : 'deliver');

export const send = (from: string, to: string, msgId: string): Operation => ({ kind: 'send', from, to: { kind: 'pid', pid: to }, msgId, body: msgId });
export const call = (from: string, to: string, callId: string, semantics: 'at-least-once' | 'at-most-once' | 'exactly-once', args: string): Operation => ({
  kind: 'call', from, to: { kind: 'pid', pid: to }, callId, semantics, args,
});

export function answerText(c: ScriptedCluster, opId: number): string {
  const a = c.answer(opId);
  return a === undefined ? 'no answer' : a.kind === 'reply' ? `reply ${JSON.stringify(a.value)}` : a.kind === 'error' ? `error ${a.code}` : a.kind;
}

/** Registers `name` (on `directory`) for a new process on `node`; returns the pid. */
export function registered(c: ScriptedCluster, node: string, name: string): string {
  const pid = c.spawn(node);
  const op = c.op(node, { kind: 'register', name, pid });
  c.settle(perfect);
  if (c.answer(op)?.kind !== 'reply') throw new Error(`register ${name} failed: ${answerText(c, op)}`);
  return pid;
}

/** A cluster where a process on n1 holds a name whose directory is n2. */
function nameHeldOnN1(flag: KernelFlag | undefined): { c: ScriptedCluster; name: string; holder: string } {
  const c = new ScriptedCluster(flag);
  const name = nameOn('n2');
  return { c, name, holder: registered(c, 'n1', name) };
}

function restart(c: ScriptedCluster, node: string): void {
  c.crash(node);
  c.restart(node);
  c.settle(perfect);
}

/** Issues a lookup at `node` and lets the cluster run; returns the answer in words. */
function lookupAnswer(c: ScriptedCluster, node: string, name: string): string {
  const op = c.op(node, { kind: 'lookup', name });
  c.advance(later, perfect);
  return answerText(c, op);
}

/** Messages m1 then m2 from a process on n1 to one on n2, the first copies fated by `network`; then a perfect network. */
function twoMessages(flag: KernelFlag | undefined, network: Network): string | undefined {
  const c = new ScriptedCluster(flag);
  const [p, q] = [c.spawn('n1'), c.spawn('n2')];
  c.op('n1', send(p, q, 'm1'));
  c.op('n1', send(p, q, 'm2'));
  c.settle(network);
  c.advance(later, perfect);
  return inOrder(c, ['m1', 'm2']);
}

/** Two at-most-once calls in turn to one server, the second from a client on `secondClientNode`: is it answered its own arguments? */
function secondCallAnswer(flag: KernelFlag | undefined, secondClientNode: string): string | undefined {
  const c = new ScriptedCluster(flag);
  const [a, server] = [c.spawn('n1'), c.spawn('n2')];
  const b = secondClientNode === 'n1' ? a : c.spawn(secondClientNode);
  c.op('n1', call(a, server, 'A', 'at-most-once', 'a'));
  c.settle(perfect);
  const op = c.op(secondClientNode, call(b, server, 'B', 'at-most-once', 'b'));
  c.advance(later, perfect);
  return answerText(c, op) === 'reply {"result":"b"}' ? undefined : `the second call (args "b") answered ${answerText(c, op)}`;
}

export function inOrder(c: ScriptedCluster, expected: string[]): string | undefined {
  const got = c.deliveries();
  return JSON.stringify(got) === JSON.stringify(expected) ? undefined : `delivered ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`;
}

export const scenarios: Record<MessagingBugId, Scenario> = {
  'ack-one-ahead': (flag) => twoMessages(flag, loseFirst(1, is.message('m2'))),
  'retransmit-timer-once': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    c.advance(later, loseFirst(2, is.message('m1')));
    return inOrder(c, ['m1']);
  },
  'deliver-ahead-of-gap': (flag) => twoMessages(flag, holding(is.message('m1'))),
  'receiver-keeps-seq-across-sender-restart': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    c.settle(perfect);
    c.crash('n1');
    c.restart('n1');
    c.op('n1', send(c.spawn('n1'), q, 'm2'));
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'send-to-pid-skips-queue': (flag) => {
    const c = new ScriptedCluster(flag);
    const name = nameOn('n3');
    const q = registered(c, 'n2', name);
    const p = c.spawn('n1');
    c.op('n1', { kind: 'send', from: p, to: { kind: 'name', name }, msgId: 'm1', body: 'm1' });
    c.op('n1', send(p, q, 'm2'));
    c.settle(holding(is.kernelRequest('lookup')));
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'name-taken-by-crashed-holder': (flag) => {
    const { c, name } = nameHeldOnN1(flag);
    restart(c, 'n1');
    const op = c.op('n1', { kind: 'register', name, pid: c.spawn('n1') });
    c.advance(later, perfect);
    return c.answer(op)?.kind === 'reply' ? undefined : `register of a name whose holder died in a crash: ${answerText(c, op)}`;
  },
  'registry-not-reloaded': (flag) => {
    const { c, name, holder } = nameHeldOnN1(flag);
    restart(c, 'n2');
    const answer = lookupAnswer(c, 'n1', name);
    return answer === `reply ${JSON.stringify({ pid: holder })}` ? undefined : `lookup after the directory restarted: ${answer}, expected ${holder}`;
  },
  'lookup-returns-crashed-process': (flag) => {
    const { c, name } = nameHeldOnN1(flag);
    restart(c, 'n1');
    const answer = lookupAnswer(c, 'n3', name);
    return answer.startsWith('error') ? undefined : `lookup of a name whose holder died in a crash: ${answer}`;
  },
  'exit-forgets-locally': (flag) => {
    const { c, name, holder } = nameHeldOnN1(flag);
    c.op('n1', { kind: 'exit', pid: holder });
    c.settle(perfect);
    const answer = lookupAnswer(c, 'n3', name);
    return answer.startsWith('error') ? undefined : `lookup after its holder exited: ${answer}`;
  },
  'exit-answers-before-unbind': (flag) => {
    const { c, name, holder } = nameHeldOnN1(flag);
    const exit = c.op('n1', { kind: 'exit', pid: holder });
    // Only the name's directory (n2) is slow: a lookup confirms the holder with n1 over n1's other links.
    const slowForget = holding((p) => is.kernelRequest('forget')(p) && p.to === 'n2');
    c.settle(slowForget);
    if (c.answer(exit) === undefined) return undefined; // exit waits for the directories: no lookup can follow its answer yet
    const op = c.op('n3', { kind: 'lookup', name });
    c.settle(slowForget);
    return c.answer(op)?.kind === 'reply' ? `exit answered ${answerText(c, exit)}, then lookup answered ${answerText(c, op)}` : undefined;
  },
  'exit-leaves-process-running': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    const exit = c.op('n2', { kind: 'exit', pid: q });
    c.settle(perfect);
    if (c.answer(exit)?.kind !== 'reply') return `exit answered ${answerText(c, exit)}`;
    c.op('n1', send(p, q, 'm1'));
    c.advance(later, perfect);
    return inOrder(c, []);
  },
  'locate-answers-exited': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n2');
    c.op('n2', { kind: 'exit', pid: q });
    c.settle(perfect);
    const op = c.op('n1', { kind: 'locate', pid: q });
    c.advance(later, perfect);
    return c.answer(op)?.kind === 'error' ? undefined : `locate of an exited process: ${answerText(c, op)}`;
  },
  'pids-reused-after-restart': (flag) => {
    const c = new ScriptedCluster(flag);
    const before = c.spawn('n2');
    c.crash('n2');
    c.restart('n2');
    const after = c.spawn('n2');
    return before === after ? `spawn answered ${after} twice, before and after the restart` : undefined;
  },
  'late-reply-after-timeout': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'at-least-once', 'a'));
    c.advance(defaultParams.callTimeoutNs + 1, holding(is.rpcReply('c1')));
    c.advance(later, perfect);
    const answers = c.answers.get(op) ?? [];
    return answers.length === 1 ? undefined : `the call was answered ${answers.length} times: ${answers.map((a) => a.kind).join(', ')}`;
  },
  'deadline-restarts-each-retry': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'at-most-once', 'a'));
    c.advance(later, (p) => (is.rpcRequest('c1')(p) ? 'drop' : 'deliver'));
    return c.answer(op)?.kind === 'error' ? undefined : `a call to an unreachable server: ${answerText(c, op)} after ${later} ns (timeout ${defaultParams.callTimeoutNs} ns)`;
  },
  'late-kernel-response-resumes-again': (flag) => {
    const c = new ScriptedCluster(flag);
    const name = nameOn('n2');
    registered(c, 'n1', name);
    const op = c.op('n3', { kind: 'lookup', name });
    c.advance(defaultParams.callTimeoutNs + 1, holding(is.kernelResponse));
    c.advance(later, perfect);
    const answers = c.answers.get(op) ?? [];
    return answers.length === 1 ? undefined : `the lookup was answered ${answers.length} times: ${answers.map((a) => a.kind).join(', ')}`;
  },
  'call-seq-from-pending-count': (flag) => secondCallAnswer(flag, 'n1'),
  'done-below-from-highest-completed': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const first = c.op('n1', call(client, server, 'c1', 'exactly-once', 'a'));
    c.op('n1', call(client, server, 'c2', 'exactly-once', 'b'));
    c.advance(later, loseFirst(1, is.rpcRequest('c1')));
    return answerText(c, first) === 'reply {"result":"a"}' && c.executions('c1') === 1
      ? undefined
      : `the exactly-once call whose first request was lost: ${answerText(c, first)}, executed ${c.executions('c1')} times`;
  },
  'evict-without-floor': (flag) => {
    const c = new ScriptedCluster(flag, { ...defaultParams, dedupCapacity: 1 });
    const [a, b, server] = [c.spawn('n1'), c.spawn('n3'), c.spawn('n2')];
    c.op('n1', call(a, server, 'A', 'at-most-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('A')));
    c.op('n3', call(b, server, 'B', 'at-most-once', 'b'));
    c.advance(later, perfect);
    return c.executions('A') <= 1 ? undefined : `the at-most-once call A executed ${c.executions('A')} times`;
  },
  'dedup-key-ignores-client': (flag) => secondCallAnswer(flag, 'n3'),
  'not-found-after-retry': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'at-least-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('c1')));
    c.op('n2', { kind: 'exit', pid: server });
    c.advance(later, perfect);
    const a = c.answer(op);
    return c.executions('c1') >= 1 && a?.kind === 'error' && a.code === 'not_found' ? `the call executed, then answered not_found (definite: never executed)` : undefined;
  },
  'exactly-once-group-commit': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'exactly-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('c1')));
    c.crash('n2');
    c.restart('n2');
    c.advance(later, perfect);
    return answerText(c, op) === 'reply {"result":"a"}' ? undefined : `the exactly-once call executed ${c.executions('c1')} time(s) before the crash, then answered ${answerText(c, op)}`;
  },
  'out-stream-kept-for-restarted-peer': (flag) => {
    const c = new ScriptedCluster(flag);
    const p = c.spawn('n1');
    c.op('n1', send(p, c.spawn('n2'), 'm1'));
    c.settle(perfect);
    restart(c, 'n2');
    c.op('n1', send(p, c.spawn('n2'), 'm2'));
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'ack-clears-whole-window': (flag) => twoMessages(flag, loseFirst(1, is.message('m2'))),
  'deadline-uses-retry-interval': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'at-least-once', 'a'));
    c.advance(2 * defaultParams.retryIntervalNs + 1, holding(is.rpcReply('c1')));
    c.advance(later, perfect);
    return answerText(c, op) === 'reply {"result":"a"}' ? undefined : `a call whose reply took two retry intervals (timeout ${defaultParams.callTimeoutNs} ns): ${answerText(c, op)}`;
  },
  'rebind-not-persisted': (flag) => {
    const { c, name } = nameHeldOnN1(flag);
    restart(c, 'n1');
    const successor = registered(c, 'n1', name);
    restart(c, 'n2');
    const answer = lookupAnswer(c, 'n3', name);
    return answer === `reply ${JSON.stringify({ pid: successor })}` ? undefined : `lookup after the directory restarted: ${answer}, expected ${successor}`;
  },
  'forget-not-persisted': (flag) => {
    const { c, name, holder } = nameHeldOnN1(flag);
    c.op('n1', { kind: 'exit', pid: holder });
    c.settle(perfect);
    restart(c, 'n2');
    const answer = lookupAnswer(c, 'n3', name);
    return answer.startsWith('error') ? undefined : `lookup after its holder exited and the directory restarted: ${answer}`;
  },
  'stale-request-lowers-floor': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', call(client, server, 'c1', 'at-most-once', 'a'));
    const duplicate = { ...c.inFlight.find(is.rpcRequest('c1'))! };
    c.inFlight.push(duplicate); // the network duplicates the request and delays the copy
    const delayed: Network = (p) => (p === duplicate ? 'hold' : 'deliver');
    c.settle(delayed);
    c.op('n1', call(client, server, 'c2', 'at-most-once', 'b'));
    c.settle(delayed);
    c.advance(later, perfect);
    return c.executions('c1') === 1 ? undefined : `the at-most-once call c1 executed ${c.executions('c1')} times`;
  },
  'exit-keeps-queued-sends': (flag) => {
    const c = new ScriptedCluster(flag);
    const name = nameOn('n3');
    registered(c, 'n2', name);
    const p = c.spawn('n1');
    c.op('n1', { kind: 'send', from: p, to: { kind: 'name', name }, msgId: 'm1', body: 'm1' });
    // The exit is served at once on p's node, while the lookup is still on its way to n3.
    c.settle(holding(is.kernelRequest('lookup')));
    c.op('n1', { kind: 'exit', pid: p });
    c.advance(later, perfect);
    return inOrder(c, []);
  },
  'retry-gets-new-seq': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', call(client, server, 'c1', 'at-most-once', 'a'));
    c.advance(later, loseFirst(1, is.rpcReply('c1')));
    return c.executions('c1') === 1 ? undefined : `the at-most-once call c1 executed ${c.executions('c1')} times`;
  },
};
