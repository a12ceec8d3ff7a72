// The runner's side of protocol version 2, with small implementations written here: the opening
// init is exactly version 1 (so a version-1 port needs nothing new), a declaration switches the
// run to version 2 and repeats the opening init in it (with the machines, before any other input),
// a port lacking a feature ends the run as not applicable, and the costs a step reports are
// charged to the hardware model (CPU before the packets leave; packet sizes).
import t from 'tap';
import { FaultsSchema } from '../../hardware-models/src/index.js';
import { DEFAULT_NODE_MACHINE, Step, type Declaration, type Effect, type Implementation, type Input, type StepCost } from '../protocol/index.js';
import { resolveTopology } from './hardware.js';
import { runWorkload, type RunResult } from './runner.js';
import type { WorkloadStep } from './test-case.js';

const nodes = ['n1', 'n2'];
const params = { zones: { n1: 'z1', n2: 'z2' }, retryIntervalNs: 1_000_000, callTimeoutNs: 100_000_000, dedupCapacity: 8 };
const V1_INIT_FIELDS = ['kind', 'protocolVersion', 'node', 'nodes', 'incarnation', 'timeNs', 'params', 'durable'];

/** Records every input and answers with `answer` (an empty step by default). */
class Recorder implements Implementation {
  readonly name = 'recorder';
  readonly inputs: Input[] = [];
  constructor(private readonly answer: (input: Input) => Partial<Step> = () => ({})) {}
  step(input: Input): Step {
    this.inputs.push(input);
    return { kind: 'step', effects: [], ...this.answer(input) };
  }
}

const declaring = (declaration: Declaration | ((input: Input) => Declaration | undefined)) => (input: Input) => {
  const d = typeof declaration === 'function' ? declaration(input) : declaration;
  return input.kind === 'init' && d !== undefined ? { declaration: d } : {};
};

/** Two nodes; n2 crashes at 1 µs and restarts at 2 µs, so that the run has a restart init. */
function run(impl: Implementation, extra: { steps?: WorkloadStep[]; requiredFeatures?: ('messaging' | 'rpc')[]; restart?: boolean; hardware?: string } = {}): RunResult {
  const schedule = extra.restart === false ? [] : [{ atNs: 1_000, kind: 'crash', node: 'n2' }, { atNs: 2_000, kind: 'restart', node: 'n2' }];
  return runWorkload(
    {
      nodes,
      topology: resolveTopology(extra.hardware ?? 'star', nodes),
      params,
      faults: FaultsSchema.parse({ schedule }),
      steps: extra.steps ?? [],
      quietNs: 100_000_000,
      seed: 1,
      ...(extra.requiredFeatures ? { requiredFeatures: extra.requiredFeatures } : {}),
    },
    impl,
  );
}

const inits = (r: Recorder) => r.inputs.filter((i): i is Extract<Input, { kind: 'init' }> => i.kind === 'init');

t.test('the opening init is exactly a version-1 init; a port that declares nothing is version 1 with messaging and rpc', async (t) => {
  const v1 = new Recorder();
  const result = run(v1);
  t.equal(result.end.kind, 'finished');
  t.same(Object.keys(v1.inputs[0]!), V1_INIT_FIELDS, 'no field a version-1 port does not know');
  t.same(inits(v1).map((i) => [i.node, i.incarnation, i.protocolVersion]), [['n1', 0, 1], ['n2', 0, 1], ['n2', 1, 1]], 'version 1 throughout, restarts included');
  t.same(result.declaration, { protocolVersion: 1, features: ['messaging', 'rpc'] });
});

t.test('a declaration in the answer to the opening init switches the run to version 2', async (t) => {
  const v2 = new Recorder(declaring({ protocolVersion: 2, features: ['messaging', 'rpc'] }));
  const result = run(v2);
  t.equal(result.end.kind, 'finished');
  t.same(inits(v2).map((i) => [i.node, i.incarnation, i.protocolVersion]), [['n1', 0, 1], ['n1', 0, 2], ['n2', 0, 2], ['n2', 1, 2]], 'the opening init again in version 2, then version 2 throughout');
  t.same(result.declaration, { protocolVersion: 2, features: ['messaging', 'rpc'] });
});

/** Inputs for `node`, in order, as [kind, the machine the input tells the node (inits only)]. */
const toldAt = (r: Recorder, node: string) => r.inputs.filter((i) => i.node === node).map((i) => [i.kind, i.kind === 'init' ? i.machines?.[node] : undefined]);

t.test('a version-2 port knows its machine before its first step on every node, the opening one included', async (t) => {
  const pe2650 = { hardwareThreads: 2, memoryBytes: 2 * 2 ** 30, nicBitsPerSec: 1e9 }; // clark-2005's Dell PowerEdge 2650
  const port = new Recorder(declaring({ protocolVersion: 2, features: ['messaging'] }));
  const spawnAt = (node: string, as: string): WorkloadStep => ({ atNs: 0, node, op: { kind: 'spawn', as, placement: { kind: 'here' } } });
  run(port, { hardware: 'clark-2005', restart: false, steps: [spawnAt('n1', 'a'), spawnAt('n2', 'b')] });
  t.same(toldAt(port, 'n1'), [['init', undefined], ['init', pe2650], ['op', undefined]], 'the opening node: the version-1 init, then the same init in version 2 with its machine, then its first operation');
  t.same(toldAt(port, 'n2'), [['init', pe2650], ['op', undefined]]);
  const [opening, repeated] = inits(port);
  t.same({ ...repeated, protocolVersion: 1, machines: undefined }, { ...opening, machines: undefined }, 'the same node, incarnation, time, parameters and durable storage');
});

t.test('the answer to the opening init takes effect for a version-1 port; for a version-2 port the repeated init replaces it', async (t) => {
  // Every init answers with a timer and a packet to the other node, named after the init's version.
  const answering = (declaration?: Declaration) => new Recorder((input) => {
    if (input.kind !== 'init') return {};
    const tag = `${input.node}-v${input.protocolVersion}`;
    const effects: Effect[] = [{ kind: 'setTimer', timerId: tag, afterNs: 1_000 }, { kind: 'send', to: input.node === 'n1' ? 'n2' : 'n1', payload: tag }];
    return { effects, ...(declaration ? { declaration } : {}) };
  });
  const seen = (r: Recorder) => r.inputs.flatMap((i) => (i.kind === 'timer' ? [`timer ${i.timerId}`] : i.kind === 'packet' ? [`packet ${String(i.payload)}`] : [])).sort();
  const v1 = answering();
  run(v1, { restart: false });
  t.same(seen(v1), ['packet n1-v1', 'packet n2-v1', 'timer n1-v1', 'timer n2-v1'], 'version 1: the opening answer\'s timer and packet, as always');
  const v2 = answering({ protocolVersion: 2, features: ['messaging'] });
  run(v2, { restart: false });
  t.same(seen(v2), ['packet n1-v2', 'packet n2-v2', 'timer n1-v2', 'timer n2-v2'], 'version 2: nothing of the answer to the version-1 init');
});

t.test('version-2 inits carry every node\'s machine from the hardware under test; version-1 inits none', async (t) => {
  const v1 = new Recorder();
  run(v1);
  t.ok(inits(v1).every((i) => i.machines === undefined), 'a version-1 port is told nothing new');
  const star = new Recorder(declaring({ protocolVersion: 2, features: ['messaging'] }));
  run(star);
  const both = { n1: DEFAULT_NODE_MACHINE, n2: DEFAULT_NODE_MACHINE };
  t.same(inits(star).map((i) => i.machines), [undefined, both, both, both], 'the opening init (version 1) has none, its repeat in version 2 has them; star is the default machine');
  const clark = new Recorder(declaring({ protocolVersion: 2, features: ['messaging'] }));
  run(clark, { hardware: 'clark-2005' });
  const pe2650 = { hardwareThreads: 2, memoryBytes: 2 * 2 ** 30, nicBitsPerSec: 1e9 }; // the preset's Dell PowerEdge 2650
  t.same(inits(clark)[1]!.machines, { n1: pe2650, n2: pe2650 });
});

t.test('feature names the suite does not know are ignored (a port newer than the suite)', async (t) => {
  const result = run(new Recorder(declaring({ protocolVersion: 2, features: ['teleport', 'rpc'] })), { requiredFeatures: ['rpc'] });
  t.equal(result.end.kind, 'finished');
  t.same(result.declaration?.features, ['rpc']);
});

t.test('a port lacking a feature the test needs: the run ends after the opening init, not applicable', async (t) => {
  const port = new Recorder(declaring({ protocolVersion: 2, features: ['messaging'] }));
  const result = run(port, { requiredFeatures: ['messaging', 'rpc'] });
  t.same(result.end, { kind: 'not-applicable', missing: ['rpc'] });
  t.equal(port.inputs.length, 1, 'nothing after the handshake');
  t.same(result.history, []);
  t.equal(run(new Recorder(), { requiredFeatures: ['messaging', 'rpc'] }).end.kind, 'finished', 'a version-1 port has both');
});

t.test('a declaration that contradicts the first one, or names a version the suite does not speak, is a protocol violation', async (t) => {
  const changing = run(new Recorder(declaring((input) => ({ protocolVersion: 2, features: input.kind === 'init' && input.node === 'n2' ? ['messaging'] : ['messaging', 'rpc'] }))));
  t.match(changing.end, { kind: 'violation', violation: { kind: 'declaration', detail: /contradicts the first answer/, input: /"node":"n2"/ } });
  const future = run(new Recorder(() => ({ declaration: { protocolVersion: 3, features: [] } as unknown as Declaration })));
  t.match(future.end, { kind: 'violation', violation: { kind: 'schema', detail: /declaration\.protocolVersion/ } });
});

/** n1 answers the spawn by sending two packets to n2 with `cost`; returns when each arrived and the run's cost. */
function sendingTwoPackets(cost: StepCost | undefined) {
  const effects: Effect[] = [
    { kind: 'send', to: 'n2', payload: 'x'.repeat(100) },
    { kind: 'send', to: 'n2', payload: 'y'.repeat(300) },
  ];
  const port = new Recorder((input) => (input.kind === 'op' ? { effects, ...(cost ? { cost } : {}) } : {}));
  const result = run(port, { restart: false, steps: [{ atNs: 0, node: 'n1', op: { kind: 'spawn', as: 'a', placement: { kind: 'here' } } }] });
  const arrivals = result.history.flatMap((e) => (e.kind === 'packet-delivered' ? [e.timeNs] : []));
  return { arrivals, cost: result.cost };
}

t.test('a step\'s CPU cycles are charged before its packets leave', async (t) => {
  const free = sendingTwoPackets(undefined);
  const cycles = 2_400_000; // 1 ms at the star topology's 2.4 GHz
  const busy = sendingTwoPackets({ cycles });
  t.equal(free.cost, undefined, 'no cost reported, none counted');
  t.same(busy.cost, { cycles, wireBytes: 102 + 302, persistedBytes: 0, steps: 1 }, 'packets sized by their JSON when wireBytes is not reported');
  t.same(busy.arrivals.map((at, i) => at - free.arrivals[i]!), [1_000_000, 1_000_000]);
});

t.test('reported wireBytes size the step\'s packets on the simulated wire', async (t) => {
  const json = sendingTwoPackets({ wireBytes: 404 });
  const large = sendingTwoPackets({ wireBytes: 40_000 });
  t.same(json.cost?.wireBytes, 404);
  t.same(large.cost?.wireBytes, 40_000, 'split over the packets, adding up to what was reported');
  t.ok(large.arrivals[1]! - json.arrivals[1]! > 1_000, `40 kB take longer on the wire than 404 bytes (${large.arrivals} vs ${json.arrivals} ns)`);
});
