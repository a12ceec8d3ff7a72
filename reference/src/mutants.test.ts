// Each mutant's bug shown directly: a scenario the reference kernel passes and the mutant fails,
// checked with the same guarantee checks as the end-to-end tests.
import t from 'tap';
import type { Operation } from '../../conformance/protocol/index.js';
import { checkMessaging, checkRpc, type Violation } from './guarantees.js';
import { mutants, type MutantName } from './mutants.js';
import { allSemantics, callAcrossServerCrash, calls, first, lossy, messages, run, spawnEverywhere } from './scenarios.js';
import type { ClusterRunResult, ScheduledOperation } from './simulated-cluster.js';

const seeds = [1, 2, 3];

/** Runs `workload` with and without the mutant; returns the violations of each. */
function compare(mutant: MutantName, workload: ScheduledOperation[], check: (r: ClusterRunResult) => Violation[], faults = lossy) {
  const reference = seeds.flatMap((seed) => check(run({ seed, workload, messageFaults: faults })));
  const mutated = seeds.flatMap((seed) => check(run({ seed, workload, messageFaults: faults, mutant })));
  return { reference, mutated };
}

const messageWorkload = [...spawnEverywhere, ...messages(30, 'n1', 'n2', 100_000, 3_000)];
const callWorkload = [...spawnEverywhere, ...calls(30, 'n1', 'n2', 100_000, 10_000, (i) => allSemantics[i % 3]!)];

t.test('the catalogue names at least five mutants, each described', async (t) => {
  t.ok(mutants.length >= 5);
  t.equal(new Set(mutants.map((m) => m.name)).size, mutants.length, 'names are unique');
  for (const m of mutants) t.ok(m.bug.length > 0 && m.violates.length > 0 && m.exposedBy.length > 0, m.name);
});

t.test('rpc-retry-without-dedup executes calls twice', async (t) => {
  const { reference, mutated } = compare('rpc-retry-without-dedup', callWorkload, (r) => checkRpc(r, callWorkload), { ...lossy, duplicationProbability: 0.4 });
  t.same(reference, []);
  t.ok(mutated.some((v) => v.kind === 'executed-twice'));
});

t.test('fifo-second-path breaks per-pair order or loses messages', async (t) => {
  const { reference, mutated } = compare('fifo-second-path', messageWorkload, (r) => checkMessaging(r.events, true));
  t.same(reference, []);
  t.ok(mutated.some((v) => v.kind === 'fifo'));
});

t.test('no-retransmission loses messages the network dropped', async (t) => {
  const { reference, mutated } = compare('no-retransmission', messageWorkload, (r) => checkMessaging(r.events, true));
  t.same(reference, []);
  t.ok(mutated.some((v) => v.kind === 'lost'));
});

t.test('link-accepts-duplicates delivers a message twice', async (t) => {
  const { reference, mutated } = compare('link-accepts-duplicates', messageWorkload, (r) => checkMessaging(r.events, true));
  t.same(reference, []);
  t.ok(mutated.some((v) => v.kind === 'duplicate-delivery'));
});

t.test('reply-to-wrong-process hands a client the result of another call', async (t) => {
  // Two clients on n1 call one server concurrently with different arguments.
  const workload: ScheduledOperation[] = [
    ...spawnEverywhere,
    { atNs: 2_000, node: 'n1', op: { kind: 'spawn', placement: { kind: 'here' } } },
    ...Array.from({ length: 20 }, (_, i): ScheduledOperation => ({
      atNs: 100_000 + i * 2_000,
      node: 'n1',
      op: { kind: 'call', from: i % 2 === 0 ? first('n1') : 'p2.0@n1', to: { kind: 'pid', pid: first('n2') }, callId: `c${i}`, semantics: 'at-least-once', args: i },
    })),
  ];
  const { reference, mutated } = compare('reply-to-wrong-process', workload, (r) => checkRpc(r, workload));
  t.same(reference, []);
  t.ok(mutated.some((v) => v.kind === 'wrong-reply'));
});

t.test('exactly-once-dedup-volatile cannot answer a completed call after the server restarts', async (t) => {
  // Processes die with their node, so the lost table cannot cause a second execution here; what
  // it breaks is that an exactly-once call that executed completes (the durable table answers).
  const reference = callAcrossServerCrash('exactly-once');
  const mutated = callAcrossServerCrash('exactly-once', 'exactly-once-dedup-volatile');
  const callOpId = reference.workload.length - 1;
  t.same(reference.result.outcomes.get(callOpId), { kind: 'reply', value: { result: 'payload' } });
  t.match(mutated.result.outcomes.get(callOpId), { kind: 'error', code: 'crashed' });
  t.equal(mutated.result.events.filter((e) => e.event.kind === 'Executed').length, 1, 'it did execute, once');
});

function namingOutcomes(mutant?: MutantName) {
  const op = (atNs: number, node: string, operation: Operation): ScheduledOperation => ({ atNs, node, op: operation });
  const workload: ScheduledOperation[] = [
    ...spawnEverywhere,
    op(10_000, 'n1', { kind: 'register', pid: first('n1'), name: 'svc' }), // 3
    op(200_000, 'n3', { kind: 'register', pid: first('n3'), name: 'svc' }), // 4
    op(400_000, 'n2', { kind: 'register', pid: first('n2'), name: 'other' }), // 5
    op(600_000, 'n2', { kind: 'exit', pid: first('n2') }), // 6
    op(900_000, 'n1', { kind: 'lookup', name: 'other' }), // 7
  ];
  const result = run({ seed: 1, workload, ...(mutant === undefined ? {} : { mutant }) });
  return { taken: result.outcomes.get(4), lookupAfterExit: result.outcomes.get(7) };
}

t.test('registry-overwrites-live-binding steals a live process\'s name', async (t) => {
  t.match(namingOutcomes().taken, { kind: 'error', code: 'name_taken' });
  t.same(namingOutcomes('registry-overwrites-live-binding').taken, { kind: 'reply', value: {} });
});

t.test('exit-keeps-names answers lookups with an exited process', async (t) => {
  t.match(namingOutcomes().lookupAfterExit, { kind: 'error', code: 'not_found' });
  t.same(namingOutcomes('exit-keeps-names').lookupAfterExit, { kind: 'reply', value: { pid: first('n2') } });
});

t.test('every mutant in the catalogue has a test above', async (t) => {
  const source = (await import('node:fs')).readFileSync(new URL(import.meta.url), 'utf8');
  for (const m of mutants) t.ok(source.includes(`t.test('${m.name} `), m.name);
});
