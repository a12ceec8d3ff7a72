// End-to-end runs of reference kernels on the hardware models with faults, checking the
// messaging, naming and RPC guarantees directly on what the kernels reported.
import t from 'tap';
import type { FaultAction } from '../../hardware-models/src/index.js';
import type { Operation } from '../../conformance/protocol/index.js';
import { checkMessaging, checkRpc, describeViolation } from './guarantees.js';
import type { ScheduledOperation } from './simulated-cluster.js';
import { allSemantics, callAcrossServerCrash, calls, first, lossy, messages, run, spawnEverywhere } from './scenarios.js';

t.test('messages arrive once, in order, and all, despite loss, duplication and reordering', async (t) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const workload = [
      ...spawnEverywhere,
      { atNs: 2_000, node: 'n2', op: { kind: 'register', pid: first('n2'), name: 'sink' } } as ScheduledOperation,
      ...messages(25, 'n1', 'n2', 100_000, 7_000, 'sink'),
      ...messages(25, 'n3', 'n2', 100_000, 5_000),
      ...messages(10, 'n2', 'n2', 100_000, 5_000),
    ];
    const result = run({ seed, workload, messageFaults: lossy });
    const violations = checkMessaging(result.events, true);
    t.same(violations.map(describeViolation), [], `seed ${seed}`);
    t.equal(result.events.filter((e) => e.event.kind === 'Delivered').length, 60, `seed ${seed}: every message delivered`);
    const sendOps = workload.map((w, opId) => ({ w, opId })).filter(({ w }) => w.op.kind === 'send');
    t.ok(sendOps.every(({ opId }) => result.outcomes.get(opId)?.kind === 'reply'), `seed ${seed}: every send accepted`);
    t.ok(result.packetsDropped > 0, `seed ${seed}: the network did drop packets`);
  }
});

t.test('messages sent into a partition arrive in order after it heals', async (t) => {
  const workload = [...spawnEverywhere, ...messages(20, 'n1', 'n2', 200_000, 50_000)];
  const schedule: FaultAction[] = [
    { kind: 'partition', atNs: 100_000, groups: [['n1'], ['n2', 'n3']], direction: 'symmetric' },
    { kind: 'heal', atNs: 3_000_000 },
  ];
  const result = run({ seed: 7, workload, schedule });
  t.same(checkMessaging(result.events, true).map(describeViolation), []);
  const firstDelivery = result.events.find((e) => e.event.kind === 'Delivered');
  t.ok(firstDelivery !== undefined && firstDelivery.timeNs >= 3_000_000, 'nothing crosses the partition before the heal');
});

t.test('RPC: every call completes with its own result; at-most-once and exactly-once never execute twice', async (t) => {
  for (const seed of [11, 12, 13]) {
    const workload = [...spawnEverywhere, ...calls(30, 'n1', 'n2', 100_000, 20_000, (i) => allSemantics[i % 3]!), ...calls(30, 'n3', 'n2', 100_000, 20_000, (i) => allSemantics[i % 3]!)];
    const result = run({ seed, workload, messageFaults: { ...lossy, duplicationProbability: 0.4 } });
    t.same(checkRpc(result, workload).map(describeViolation), [], `seed ${seed}`);
    const callOps = workload.map((w, opId) => ({ w, opId })).filter(({ w }) => w.op.kind === 'call');
    t.ok(callOps.every(({ opId }) => result.outcomes.get(opId)?.kind === 'reply'), `seed ${seed}: every call completed`);
    t.ok(result.events.some((e) => e.event.kind === 'DuplicateSuppressed'), `seed ${seed}: duplicates reached the server and were suppressed`);
  }
});

t.test('exactly-once: a call executed before its server crashed is answered from durable storage after the restart', async (t) => {
  const { result, workload } = callAcrossServerCrash('exactly-once');
  const callOpId = workload.length - 1;
  t.same(result.outcomes.get(callOpId), { kind: 'reply', value: { result: 'payload' } });
  t.equal(result.events.filter((e) => e.event.kind === 'Executed').length, 1);
  t.ok(result.events.some((e) => e.event.kind === 'DuplicateSuppressed' && e.node === 'n2'), 'the restarted server suppressed the retry');
  t.same(checkRpc(result, workload), []);
});

t.test('at-most-once: after a server restart the retry is refused with the indefinite error crashed', async (t) => {
  const { result, workload } = callAcrossServerCrash('at-most-once');
  t.match(result.outcomes.get(workload.length - 1), { kind: 'error', code: 'crashed' });
  t.equal(result.events.filter((e) => e.event.kind === 'Executed').length, 1);
  t.same(checkRpc(result, workload), []);
});

t.test('a client crash orphans its call: the reply is dropped, nothing runs twice, and the restarted node calls again', async (t) => {
  const workload: ScheduledOperation[] = [
    ...spawnEverywhere,
    { atNs: 200_000, node: 'n1', op: { kind: 'call', from: first('n1'), to: { kind: 'pid', pid: first('n2') }, callId: 'orphan', semantics: 'at-most-once', args: 1 } },
    { atNs: 3_000_000, node: 'n1', op: { kind: 'spawn', placement: { kind: 'here' } } },
    { atNs: 3_100_000, node: 'n1', op: { kind: 'call', from: 'p1.1@n1', to: { kind: 'pid', pid: first('n2') }, callId: 'after', semantics: 'exactly-once', args: 2 } },
  ];
  const schedule: FaultAction[] = [
    { kind: 'partition', atNs: 100_000, groups: [['n2'], ['n1']], direction: 'one-way' },
    { kind: 'crash', atNs: 1_000_000, node: 'n1' },
    { kind: 'restart', atNs: 2_000_000, node: 'n1' },
    { kind: 'heal', atNs: 2_500_000 },
  ];
  const result = run({ seed: 5, workload, schedule, messageFaults: { duplicationProbability: 0.3 } });
  t.notOk(result.outcomes.has(3), 'the orphaned call never completes');
  t.notOk(result.events.some((e) => e.event.kind === 'ReplyReceived' && e.event.callId === 'orphan'));
  t.same(result.outcomes.get(5), { kind: 'reply', value: { result: 2 } });
  t.same(checkRpc(result, workload), []);
});

t.test('naming, locate and placement across nodes', async (t) => {
  const op = (atNs: number, node: string, operation: Operation): ScheduledOperation => ({ atNs, node, op: operation });
  const workload: ScheduledOperation[] = [
    ...spawnEverywhere, // opIds 0..2
    op(10_000, 'n3', { kind: 'register', pid: first('n1'), name: 'alpha' }), // 3
    op(200_000, 'n2', { kind: 'register', pid: first('n2'), name: 'alpha' }), // 4: taken
    op(400_000, 'n2', { kind: 'lookup', name: 'alpha' }), // 5
    op(400_000, 'n2', { kind: 'locate', pid: first('n1') }), // 6
    op(400_000, 'n1', { kind: 'spawn', placement: { kind: 'far', pid: first('n1') } }), // 7
    op(400_000, 'n2', { kind: 'spawn', placement: { kind: 'zone', zone: 'z1' } }), // 8
    op(400_000, 'n2', { kind: 'spawn', placement: { kind: 'near', pid: first('n3') } }), // 9
    op(600_000, 'n2', { kind: 'exit', pid: first('n1') }), // 10
    op(900_000, 'n3', { kind: 'lookup', name: 'alpha' }), // 11
    op(900_000, 'n3', { kind: 'register', pid: first('n2'), name: 'alpha' }), // 12: free again
    op(900_000, 'n3', { kind: 'spawn', placement: { kind: 'zone', zone: 'mars' } }), // 13
  ];
  const result = run({ seed: 1, workload, messageFaults: lossy });
  t.same(result.outcomes.get(3), { kind: 'reply', value: {} });
  t.match(result.outcomes.get(4), { kind: 'error', code: 'name_taken' });
  t.same(result.outcomes.get(5), { kind: 'reply', value: { pid: first('n1') } });
  t.same(result.outcomes.get(6), { kind: 'reply', value: { node: 'n1', zone: 'z1' } });
  t.match(result.outcomes.get(7), { kind: 'reply', value: { node: 'n2' } }, 'far from n1: the first other node');
  t.match(result.outcomes.get(8), { kind: 'reply', value: { node: 'n1' } }, 'zone z1 from n2: the first node of z1');
  t.match(result.outcomes.get(9), { kind: 'reply', value: { node: 'n3' } });
  t.same(result.outcomes.get(10), { kind: 'reply', value: {} });
  t.match(result.outcomes.get(11), { kind: 'error', code: 'not_found' }, 'the exited process lost its name');
  t.same(result.outcomes.get(12), { kind: 'reply', value: {} });
  t.match(result.outcomes.get(13), { kind: 'error', code: 'bad_request' });
});

t.test('the same seed gives the same run; costs are charged to the hardware model', async (t) => {
  const workload = [...spawnEverywhere, ...messages(10, 'n1', 'n2', 100_000, 5_000), ...calls(10, 'n3', 'n1', 100_000, 5_000, () => 'exactly-once')];
  const a = run({ seed: 42, workload, messageFaults: lossy });
  const b = run({ seed: 42, workload, messageFaults: lossy });
  t.equal(JSON.stringify(a.events), JSON.stringify(b.events));
  t.ok(a.cyclesCharged > 0 && a.wireBytes > 0);
});
