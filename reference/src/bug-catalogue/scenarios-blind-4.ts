// One scripted scenario per bug of the fourth blind batch (bugs-blind-4.ts), on a ScriptedCluster
// (three nodes, a network the script controls packet by packet). Each returns what went wrong, or
// undefined when right; scenarios.test.ts runs each on the correct kernel and under its bug.
import { RETRANSMIT_WINDOW } from '../messaging/link.js';
import { directoryNode } from '../naming/registry.js';
import type { Blind4BugId } from './catalogue.js';
import { answerText, call, holding, inOrder, later, loseFirst, nameOn, registered, send, type Scenario } from './scenarios.js';
import { restart, streamToDeadIncarnation } from './scenarios-blind-3.js';
import { is, perfect, ScriptedCluster, type Network } from '../testing/scripted-cluster.js';

const ok = 'reply {}';

/** Two names whose directory is `node` (names are spread by hash). */
function twoNamesOn(c: ScriptedCluster, node: string): [string, string] {
  const [a, b] = Array.from({ length: 100 }, (_, i) => `service-${i}`).filter((n) => directoryNode(n, c.nodes) === node);
  if (a === undefined || b === undefined) throw new Error(`fewer than two of 100 names hash to ${node}`);
  return [a, b];
}

export const blind4Scenarios: Record<Blind4BugId, Scenario> = {
  // ---- the reliable link ----
  'retransmit-newest-first-window': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    const sent = Array.from({ length: RETRANSMIT_WINDOW + 1 }, (_, i) => `m${i + 1}`);
    for (const msgId of sent) c.op('n1', send(p, q, msgId));
    c.settle(loseFirst(1, is.message('m1')));
    c.advance(later, perfect);
    const got = c.deliveries();
    return JSON.stringify(got) === JSON.stringify(sent) ? undefined : `${sent.length} messages whose first lost only m1's first copy: delivered ${got.length}, starting ${JSON.stringify(got.slice(0, 2))}`;
  },
  'reconnect-assumes-timer-armed': (flag) => {
    const c = new ScriptedCluster(flag);
    const p = c.spawn('n1');
    c.op('n1', send(p, c.spawn('n2'), 'm1'));
    c.advance(later, perfect); // m1 is acked; n1's retransmission timer fires once more and stops
    restart(c, 'n2');
    c.op('n1', send(p, c.spawn('n2'), 'm2'));
    c.advance(c.nowNs + later, loseFirst(1, is.message('m2')));
    return inOrder(c, ['m1', 'm2']);
  },
  'reconnect-resends-in-reverse': (flag) => {
    const { c, p, q } = streamToDeadIncarnation(flag);
    c.op('n1', send(p, q, 'm1'));
    c.op('n1', send(p, q, 'm2'));
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  // ---- the kernel ----
  'hello-ignored': (flag) => {
    const c = new ScriptedCluster(flag);
    const p = c.spawn('n1');
    restart(c, 'n2');
    c.op('n1', send(p, c.spawn('n2'), 'm1'));
    c.advance(later, perfect);
    return inOrder(c, ['m1']);
  },
  'request-id-restarts-at-boot': (flag) => {
    const c = new ScriptedCluster(flag);
    const [a, b] = twoNamesOn(c, 'n2');
    registered(c, 'n1', a);
    const holderOfB = registered(c, 'n1', b);
    const slowToN3: Network = holding((p) => is.kernelResponse(p) && p.to === 'n3');
    c.op('n3', { kind: 'lookup', name: a });
    c.settle(slowToN3);
    restart(c, 'n3', slowToN3); // n2 re-sends the answer about a to n3's new incarnation
    const lookupB = c.op('n3', { kind: 'lookup', name: b });
    c.settle(slowToN3);
    c.advance(c.nowNs + later, perfect);
    const got = answerText(c, lookupB);
    return got === `reply ${JSON.stringify({ pid: holderOfB })}` ? undefined : `lookup of ${b} after n3 restarted answered ${got}, expected ${holderOfB}`;
  },
  'request-timeout-answered-not-found': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n2');
    const n2CutOff: Network = (p) => (p.from === 'n2' || p.to === 'n2' ? 'drop' : 'deliver');
    const locate = c.op('n1', { kind: 'locate', pid: q });
    c.advance(later, n2CutOff);
    const a = c.answer(locate);
    return a?.kind === 'error' && a.code === 'unavailable' ? undefined : `locate of live ${q} while n2 was cut off answered ${answerText(c, locate)}`;
  },
  // ---- naming ----
  'register-persists-refused-binding': (flag) => {
    const c = new ScriptedCluster(flag);
    const name = nameOn('n2');
    const q = registered(c, 'n1', name);
    const r = c.spawn('n3');
    const refused = c.op('n3', { kind: 'register', name, pid: r });
    c.advance(later, perfect);
    if (!answerText(c, refused).startsWith('error name_taken')) return `register of a name held by live ${q} answered ${answerText(c, refused)}`;
    restart(c, 'n2');
    const lookup = c.op('n1', { kind: 'lookup', name });
    c.advance(c.nowNs + later, perfect);
    const got = answerText(c, lookup);
    return got === `reply ${JSON.stringify({ pid: q })}` ? undefined : `after ${r} was refused the name and its directory restarted, lookup answered ${got}, expected ${q}`;
  },
  'register-replacing-overwrites-any-holder': (flag) => {
    const c = new ScriptedCluster(flag);
    const name = nameOn('n2');
    registered(c, 'n1', name);
    const contenders = [c.spawn('n3'), c.spawn('n3')]; // spawned first: spawn settles a perfect network
    const n2Unaware: Network = holding((p) => p.from === 'n1' && p.to === 'n2'); // n2 does not hear that n1 restarted
    restart(c, 'n1', n2Unaware);
    const registers = contenders.map((pid) => c.op('n3', { kind: 'register', name, pid }));
    c.advance(c.nowNs + later, n2Unaware);
    const answers = registers.map((op) => answerText(c, op));
    return answers.filter((a) => a === ok).length === 1 ? undefined : `two live processes registered one name after its holder died; answers: ${answers.join(', ')}`;
  },
  // ---- RPC ----
  'floor-purge-inclusive': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', call(client, server, 'c0', 'at-most-once', 'a'));
    c.op('n1', call(client, server, 'c1', 'at-most-once', 'b'));
    c.settle((p) => (is.rpcRequest('c0')(p) ? 'hold' : is.rpcReply('c1')(p) ? 'drop' : 'deliver')); // c1 executes, its reply is lost
    c.settle(perfect); // c0 executes and completes: c1 is now the client's lowest pending call
    c.op('n1', call(client, server, 'c2', 'at-most-once', 'c')); // its doneBelow (1) raises the server's floor to c1
    c.advance(later, perfect); // c1 is retransmitted
    return c.executions('c1') === 1 ? undefined : `the at-most-once call c1 executed ${c.executions('c1')} times`;
  },
  'rpc-retry-timer-uses-deadline': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'at-least-once', 'a'));
    c.advance(later, loseFirst(1, is.rpcRequest('c1')));
    return answerText(c, op) === 'reply {"result":"a"}' ? undefined : `a call whose first request was lost answered ${answerText(c, op)} after ${c.executions('c1')} executions`;
  },
};
