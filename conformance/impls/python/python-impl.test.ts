// Launches the Python implementation and exchanges protocol messages with it: every answer must
// be a valid step, messages arrive once, and at-most-once suppresses a duplicated request —
// except in the deliberately broken mode, which executes it twice. In version 2 it declares its
// features and reports costs; with --protocol 1 it speaks version 1 exactly.
import t from 'tap';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { Step, type Effect, type Input, type Operation } from '../../protocol/index.js';
import { fromRepoRoot } from '../../../conventions/index.js';

/** The source tree's copy of the script (tests run from dist/, which has no .py files). */
const script = fromRepoRoot('conformance/impls/python/cloudos_node.py');

class PythonNodes {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  stderr = '';

  constructor(env: Record<string, string> = {}, args: string[] = []) {
    this.child = spawn('python3', [script, ...args], { env: { ...process.env, ...env } });
    this.child.stderr.on('data', (chunk) => (this.stderr += String(chunk)));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
  }

  async step(input: Input): Promise<Effect[]> {
    return (await this.answer(input)).effects;
  }

  /** The whole step line, with its declaration and cost. */
  async answer(input: Input): Promise<Step> {
    const line = new Promise<string>((resolve) => this.waiting.push(resolve));
    this.child.stdin.write(JSON.stringify(input) + '\n');
    const parsed = Step.safeParse(JSON.parse(await line));
    if (!parsed.success) throw new Error(`invalid step for ${input.kind}: ${parsed.error.message}\nstderr: ${this.stderr}`);
    return parsed.data;
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    return new Promise((resolve) => this.child.on('close', resolve));
  }
}

const params = { zones: { n1: 'z1', n2: 'z2' }, retryIntervalNs: 1_000_000, callTimeoutNs: 100_000_000, dedupCapacity: 8 };
const events = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'event' ? [e.event] : []));
const packetsTo = (effects: Effect[], node: string) => effects.flatMap((e) => (e.kind === 'send' && e.to === node ? [e.payload] : []));

async function twoNodes(python: PythonNodes): Promise<{ a: string; b: string }> {
  for (const node of ['n1', 'n2']) {
    await python.step({ kind: 'init', protocolVersion: 1, node, nodes: ['n1', 'n2'], incarnation: 0, timeNs: 0, params, durable: {} });
  }
  const spawnOn = async (node: string, opId: number) => {
    const effects = await python.step({ kind: 'op', node, timeNs: 1_000, opId, op: { kind: 'spawn', placement: { kind: 'here' } } });
    const reply = effects.find((e) => e.kind === 'reply');
    return (reply as { value: { pid: string } }).value.pid;
  };
  return { a: await spawnOn('n1', 0), b: await spawnOn('n2', 1) };
}

/** Sends one at-most-once call from n1 to n2 and delivers its request twice; returns the server's events. */
async function duplicatedCall(python: PythonNodes, a: string, b: string) {
  const started = await python.step({ kind: 'op', node: 'n1', timeNs: 10_000, opId: 5, op: { kind: 'call', from: a, to: { kind: 'pid', pid: b }, callId: 'c1', semantics: 'at-most-once', args: { x: 1 } } });
  const [request] = packetsTo(started, 'n2');
  const first = await python.step({ kind: 'packet', node: 'n2', timeNs: 20_000, from: 'n1', payload: request });
  const second = await python.step({ kind: 'packet', node: 'n2', timeNs: 21_000, from: 'n1', payload: request });
  return { first, second, server: [...events(first), ...events(second)] };
}

t.test('messages: delivered once although the packet arrives twice', async (t) => {
  const python = new PythonNodes();
  const { a, b } = await twoNodes(python);
  const sent = await python.step({ kind: 'op', node: 'n1', timeNs: 5_000, opId: 2, op: { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'm1', body: 'hi' } });
  t.match(events(sent), [{ kind: 'Sent', msgId: 'm1', from: a, to: b }]);
  t.ok(sent.some((e) => e.kind === 'reply' && e.opId === 2));
  const [packet] = packetsTo(sent, 'n2');
  const once = await python.step({ kind: 'packet', node: 'n2', timeNs: 6_000, from: 'n1', payload: packet });
  const twice = await python.step({ kind: 'packet', node: 'n2', timeNs: 7_000, from: 'n1', payload: packet });
  t.same(events(once), [{ kind: 'Delivered', msgId: 'm1', from: a, to: b, body: 'hi' }]);
  t.same(events(twice), [], 'the duplicate is not delivered');
  t.ok(packetsTo(twice, 'n1').length === 1, 'but it is acknowledged again');
  t.equal(await python.close(), 0, 'exits 0 when stdin closes');
});

t.test('a send waiting for its name lookup is answered when its sender exits', async (t) => {
  const python = new PythonNodes();
  const { a, b } = await twoNodes(python);
  await python.step({ kind: 'op', node: 'n1', timeNs: 2_000, opId: 2, op: { kind: 'register', pid: a, name: 'svc' } });
  // b runs on n2; the directory is on n1, so the lookup is a packet that is never delivered here.
  const sending = await python.step({ kind: 'op', node: 'n2', timeNs: 3_000, opId: 3, op: { kind: 'send', from: b, to: { kind: 'name', name: 'svc' }, msgId: 'm1', body: 0 } });
  t.equal(packetsTo(sending, 'n1').length, 1, 'the lookup goes to the directory');
  const exiting = await python.step({ kind: 'op', node: 'n2', timeNs: 4_000, opId: 4, op: { kind: 'exit', pid: b } });
  t.match(exiting.find((e) => e.kind === 'error' && e.opId === 3), { code: 'not_found' });
  t.same(events(exiting).filter((e) => e.kind === 'Sent'), []);
  await python.close();
});

t.test('at-most-once: a duplicated request executes once and both copies are answered', async (t) => {
  const python = new PythonNodes();
  const { a, b } = await twoNodes(python);
  const { first, server } = await duplicatedCall(python, a, b);
  t.equal(server.filter((e) => e.kind === 'Executed').length, 1);
  t.equal(server.filter((e) => e.kind === 'DuplicateSuppressed').length, 1);
  const [reply] = packetsTo(first, 'n1');
  const received = await python.step({ kind: 'packet', node: 'n1', timeNs: 30_000, from: 'n2', payload: reply });
  t.match(events(received), [{ kind: 'ReplyReceived', callId: 'c1', client: a, result: { x: 1 } }]);
  t.ok(received.some((e) => e.kind === 'reply' && e.opId === 5));
  await python.close();
});

t.test('the broken mode (CLOUDOS_PY_BROKEN=no-dedup) executes the duplicate again', async (t) => {
  const python = new PythonNodes({ CLOUDOS_PY_BROKEN: 'no-dedup' });
  const { a, b } = await twoNodes(python);
  const { server } = await duplicatedCall(python, a, b);
  t.equal(server.filter((e) => e.kind === 'Executed').length, 2);
  await python.close();
  t.match(python.stderr, /broken mode no-dedup/);
});

t.test('a malformed line is refused with the line number, exit code 65', async (t) => {
  const child = spawn('python3', [script]);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin.end('{"kind":"init", oops\n');
  const code = await new Promise((resolve) => child.on('close', resolve));
  t.equal(code, 65);
  t.match(stderr, /stdin line 1: expected a JSON object/);
});

t.test('version 2: the answer to an init declares the features, and every step reports its cost', async (t) => {
  const python = new PythonNodes();
  const init = await python.answer({ kind: 'init', protocolVersion: 1, node: 'n1', nodes: ['n1', 'n2'], incarnation: 0, timeNs: 0, params, durable: {} });
  t.same(init.declaration, { protocolVersion: 2, features: ['messaging', 'rpc', 'migration', 'quotas', 'dsm'] });
  await python.answer({ kind: 'init', protocolVersion: 2, node: 'n2', nodes: ['n1', 'n2'], incarnation: 0, timeNs: 0, params, durable: {} });
  const spawn = await python.answer({ kind: 'op', node: 'n1', timeNs: 1_000, opId: 0, op: { kind: 'spawn', placement: { kind: 'here' } } });
  const pid = (spawn.effects.find((e) => e.kind === 'reply') as { value: { pid: string } }).value.pid;
  t.same(spawn.cost, { cycles: 2000 + 200, wireBytes: 0, persistedBytes: 0 }, 'one event, no packet');
  const server = await python.step({ kind: 'op', node: 'n2', timeNs: 1_000, opId: 9, op: { kind: 'spawn', placement: { kind: 'here' } } });
  const serverPid = (server.find((e) => e.kind === 'reply') as { value: { pid: string } }).value.pid;
  const call = await python.answer({ kind: 'op', node: 'n1', timeNs: 2_000, opId: 1, op: { kind: 'call', from: pid, to: { kind: 'pid', pid: serverPid }, callId: 'c1', semantics: 'exactly-once', args: 1 } });
  const sent = call.effects.flatMap((e) => (e.kind === 'send' ? [JSON.stringify(e.payload).length] : []));
  t.equal(sent.length, 1);
  t.equal(call.cost?.wireBytes, sent[0], 'wire bytes: the packet as JSON');
  const [request] = packetsTo(call.effects, 'n2');
  const executed = await python.answer({ kind: 'packet', node: 'n2', timeNs: 3_000, from: 'n1', payload: request });
  t.ok(executed.effects.some((e) => e.kind === 'persist'), 'exactly-once persists its table entry');
  t.ok((executed.cost?.persistedBytes ?? 0) > 0, `persisted bytes counted (${executed.cost?.persistedBytes})`);
  t.equal((await python.answer({ kind: 'op', node: 'n1', timeNs: 4_000, opId: 2, op: { kind: 'lookup', name: 'x' } })).declaration, undefined, 'declared at init only');
  t.equal(await python.close(), 0);
});

t.test('--protocol 1 speaks version 1 exactly: no declaration, no cost, and a version-2 init is refused', async (t) => {
  const python = new PythonNodes({}, ['--protocol', '1']);
  const { a, b } = await twoNodes(python);
  const init = await python.answer({ kind: 'init', protocolVersion: 1, node: 'n3', nodes: ['n1', 'n2'], incarnation: 0, timeNs: 0, params, durable: {} });
  t.same(Object.keys(init), ['kind', 'effects']);
  const sent = await python.answer({ kind: 'op', node: 'n1', timeNs: 5_000, opId: 2, op: { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'm1', body: 'hi' } });
  t.same(Object.keys(sent), ['kind', 'effects']);
  await python.close();
  t.match(python.stderr, /protocol version 1/);
  const child = spawn('python3', [script, '--protocol', '1']);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin.end(JSON.stringify({ kind: 'init', protocolVersion: 2, node: 'n1', nodes: ['n1'], incarnation: 0, timeNs: 0, params, durable: {} }) + '\n');
  t.equal(await new Promise((resolve) => child.on('close', resolve)), 65);
  t.match(stderr, /stdin line 1: protocolVersion 2, this implementation reads 1/);
});

t.test('dsm: the first node owns a page at first; a load elsewhere faults to it and returns the store and its version', async (t) => {
  const python = new PythonNodes();
  const { a, b } = await twoNodes(python);
  for (const [node, pid, opId] of [['n1', a, 10], ['n2', b, 11]] as const) {
    t.match(await python.step({ kind: 'op', node, timeNs: 2_000, opId, op: { kind: 'attach', pid, segment: 's', pages: 2 } }), [{ kind: 'reply', opId, value: {} }]);
  }
  const stored = await python.step({ kind: 'op', node: 'n1', timeNs: 3_000, opId: 12, op: { kind: 'store', pid: a, segment: 's', page: 1, value: 7 } });
  t.same(events(stored), [{ kind: 'Stored', segment: 's', page: 1, value: 7, version: 1 }], 'a hit: the owner holds the write right');
  const fault = await python.step({ kind: 'op', node: 'n2', timeNs: 4_000, opId: 13, op: { kind: 'load', pid: b, segment: 's', page: 1 } });
  t.same(events(fault), [{ kind: 'Fault', segment: 's', page: 1, access: 'read', to: 'n1' }]);
  const request = packetsTo(fault, 'n1').find((p) => (p as { t: string }).t === 'data');
  const served = await python.step({ kind: 'packet', node: 'n1', timeNs: 5_000, from: 'n2', payload: request });
  t.same(events(served), [{ kind: 'CopyGranted', segment: 's', page: 1, to: 'n2' }]);
  const copy = packetsTo(served, 'n2').find((p) => (p as { t: string }).t === 'data'); // the other packet acknowledges the request
  const loaded = await python.step({ kind: 'packet', node: 'n2', timeNs: 6_000, from: 'n1', payload: copy });
  t.same(events(loaded), [{ kind: 'FaultServed', segment: 's', page: 1, access: 'read' }, { kind: 'Loaded', segment: 's', page: 1, value: 7, version: 1 }]);
  t.same(loaded.filter((e) => e.kind === 'reply'), [{ kind: 'reply', opId: 13, value: { value: 7, version: 1 } }]);
  const unattached = await python.step({ kind: 'op', node: 'n2', timeNs: 7_000, opId: 14, op: { kind: 'load', pid: b, segment: 'other', page: 1 } });
  t.match(unattached, [{ kind: 'error', opId: 14, code: 'not_found' }]);
  t.equal(await python.close(), 0);
});

t.test('migration: a late location notice does not overwrite a newer one at the home node (no message lost to a later crash)', async (t) => {
  for (const mode of ['stop-and-copy', 'pre-copy', 'post-copy'] as const) {
    const python = new PythonNodes();
    const nodes = ['n1', 'n2', 'n3'];
    const threeZones = { ...params, zones: { n1: 'z1', n2: 'z2', n3: 'z3' } };
    // Every packet is delivered at once, in order, except those `slow` holds; no timer fires.
    const inFlight: { from: string; to: string; payload: unknown }[] = [];
    const answers = new Map<number, Effect>();
    const deliveredAt: string[] = [];
    let now = 0;
    const apply = (node: string, effects: Effect[]) => {
      for (const e of effects) {
        if (e.kind === 'send') inFlight.push({ from: node, to: e.to, payload: e.payload });
        if (e.kind === 'reply' || e.kind === 'error') answers.set(e.opId, e);
        if (e.kind === 'event' && e.event.kind === 'Delivered' && e.event.msgId === 'after-crash') deliveredAt.push(node);
      }
    };
    const atN3 = (p: { payload: unknown }) => {
      const packet = p.payload as { t: string; body?: { t: string; to: string } };
      return packet.t === 'data' && packet.body?.t === 'mmoved' && packet.body.to === 'n3';
    };
    let slow = atN3;
    const settle = async () => {
      for (let i = inFlight.findIndex((p) => !slow(p)); i >= 0; i = inFlight.findIndex((p) => !slow(p))) {
        const p = inFlight.splice(i, 1)[0]!;
        apply(p.to, await python.step({ kind: 'packet', node: p.to, timeNs: (now += 1_000), from: p.from, payload: p.payload }));
      }
    };
    const init = async (node: string, incarnation: number) => apply(node, await python.step({ kind: 'init', protocolVersion: 1, node, nodes, incarnation, timeNs: now, params: threeZones, durable: {} }));
    let nextOp = 0;
    const run = async (node: string, op: Operation) => {
      const opId = nextOp++;
      apply(node, await python.step({ kind: 'op', node, timeNs: (now += 1_000), opId, op }));
      await settle();
      return answers.get(opId);
    };
    const migrated = async (from: string, pid: string, to: string) => t.match(await run(from, { kind: 'migrate', pid, to: { kind: 'node', node: to }, mode }), { kind: 'reply' }, `${mode}: ${from} → ${to}`);
    for (const node of nodes) await init(node, 0);
    const spawned = async () => ((await run('n1', { kind: 'spawn', placement: { kind: 'here' } })) as { value: { pid: string } }).value.pid;
    const [p, sender] = [await spawned(), await spawned()]; // p's home is n1
    await migrated('n1', p, 'n2');
    await migrated('n2', p, 'n3'); // "p is at n3" is slow on the link n3 → n1 ...
    await migrated('n3', p, 'n2'); // ... and is overtaken by "p is at n2" on the link n2 → n1
    t.ok(inFlight.some(atN3), `${mode}: the notice "at n3" is still in flight`);
    slow = () => false;
    await settle();
    apply('n3', await python.step({ kind: 'crash', node: 'n3', timeNs: (now += 1_000) }));
    await init('n3', 1);
    await settle();
    await run('n1', { kind: 'send', from: sender, to: { kind: 'pid', pid: p }, msgId: 'after-crash', body: 1 });
    t.same(deliveredAt, ['n2'], `${mode}: the message sent from p's home after n3 restarted reaches p at n2`);
    t.equal(await python.close(), 0);
  }
});

/**
 * b on n2 holds 'svc' at the directory n1; n2 crashes (and restarts unless `holderNodeStaysDown`),
 * then n1 restarts and knows no peer's incarnation. Every packet to a running node is delivered at
 * once; `ask` runs one operation at a node to the end and returns its answer.
 */
async function holderLostBeforeDirectoryRestart(holderNodeStaysDown: boolean) {
  const python = new PythonNodes();
  const nodes = ['n1', 'n2'];
  const running = new Set<string>();
  const inFlight: { from: string; to: string; payload: unknown }[] = [];
  const answers = new Map<number, Effect>();
  const timers: { node: string; timerId: string }[] = [];
  let now = 0;
  let nextOp = 0;
  const step = async (node: string, input: Input) => {
    for (const e of await python.step(input)) {
      if (e.kind === 'send' && running.has(e.to)) inFlight.push({ from: node, to: e.to, payload: e.payload });
      if (e.kind === 'reply' || e.kind === 'error') answers.set(e.opId, e);
      if (e.kind === 'setTimer') timers.push({ node, timerId: e.timerId });
    }
    for (let p = inFlight.shift(); p !== undefined; p = inFlight.shift()) {
      if (running.has(p.to)) await step(p.to, { kind: 'packet', node: p.to, timeNs: (now += 1_000), from: p.from, payload: p.payload });
    }
  };
  const start = async (node: string, incarnation: number, durable: Record<string, unknown> = {}) => {
    running.add(node);
    await step(node, { kind: 'init', protocolVersion: 1, node, nodes, incarnation, timeNs: (now += 1_000), params, durable });
  };
  const crash = async (node: string) => {
    running.delete(node);
    await python.step({ kind: 'crash', node, timeNs: (now += 1_000) });
  };
  const ask = async (node: string, op: Operation) => {
    const opId = nextOp++;
    await step(node, { kind: 'op', node, timeNs: (now += 1_000), opId, op });
    return answers.get(opId);
  };
  for (const node of nodes) await start(node, 0);
  const pidOf = (answer: Effect | undefined) => (answer as { value: { pid: string } }).value.pid;
  const holder = pidOf(await ask('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  await ask('n2', { kind: 'register', pid: holder, name: 'svc' });
  await crash('n2');
  if (!holderNodeStaysDown) await start('n2', 1);
  await crash('n1');
  await start('n1', 1, { 'name:svc': holder });
  /** Fires the node's timers, late enough for every request to have timed out; the last operation's answer. */
  const answerAfterTimeouts = async (node: string) => {
    for (const timer of timers.splice(0).filter((timer) => timer.node === node)) {
      await step(node, { kind: 'timer', node, timeNs: (now += params.callTimeoutNs), timerId: timer.timerId });
    }
    return answers.get(nextOp - 1);
  };
  return { python, holder, ask, answerAfterTimeouts, pidOf };
}

t.test('a restarted directory: a name whose holder was lost in a crash it did not see is neither answered nor kept taken', async (t) => {
  const restarted = await holderLostBeforeDirectoryRestart(false);
  t.match(await restarted.ask('n1', { kind: 'lookup', name: 'svc' }), { kind: 'error', code: 'not_found' }, `lookup does not answer ${restarted.holder}, lost in n2's crash`);
  await restarted.python.close();

  const taken = await holderLostBeforeDirectoryRestart(false);
  const successor = taken.pidOf(await taken.ask('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  t.match(await taken.ask('n1', { kind: 'register', pid: successor, name: 'svc' }), { kind: 'reply' }, 'a new process takes the name over');
  t.match(await taken.ask('n2', { kind: 'lookup', name: 'svc' }), { kind: 'reply', value: { pid: successor } });
  await taken.python.close();

  const down = await holderLostBeforeDirectoryRestart(true);
  t.equal(await down.ask('n1', { kind: 'lookup', name: 'svc' }), undefined, 'no answer while the holder\'s node is asked');
  t.match(await down.answerAfterTimeouts('n1'), { kind: 'error', code: 'unavailable' }, 'the holder\'s node does not answer: it may be alive');
  await down.python.close();
});
