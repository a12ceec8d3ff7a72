// Generated workloads: fast-check finds the planted bug of the single-node fake and shrinks the
// workload to the shortest one that still fails; the same seed reproduces the same result.
import t from 'tap';
import fc from 'fast-check';
import { SingleNodeFake } from './fakes/single-node-fake.js';
import { generatedCaseArbitrary } from './generate-workload.js';
import { runTest } from './run-test.js';
import { GeneratorOptions, TestCaseSchema } from './test-case.js';
import { Forgery } from './quota-workload.js';

const generated = TestCaseSchema.parse({
  id: 'messaging/generated-unit',
  abstraction: 'messaging',
  description: 'generated sends on one node',
  properties: ['NoDuplication', 'PerPairFIFO', 'NoCreation'],
  nodes: 1,
  workload: { kind: 'generated', generator: { maxOperations: 30, processes: 2, kinds: ['send'], runs: 50 } },
});

t.test('a planted bug is found and shrunk to the three sends that expose it', async (t) => {
  const result = await runTest(generated, () => new SingleNodeFake({ duplicateThirdSend: true }), { seed: 42 });
  t.equal(result.verdict, 'fail');
  t.same(result.violations.map((v) => v.property), ['NoDuplication']);
  const sends = result.steps.filter((s) => s.op.kind === 'send');
  t.equal(sends.length, 3, `shrunk to ${JSON.stringify(sends)}`);
  const senders = new Set(sends.map((s) => (s.op.kind === 'send' ? s.op.from : '')));
  t.equal(senders.size, 1, 'all three from one process');
  t.ok(result.shrinks > 0, 'fast-check shrank the first failure');

  const again = await runTest(generated, () => new SingleNodeFake({ duplicateThirdSend: true }), { seed: 42 });
  t.same(again.steps, result.steps, 'the same seed gives the same shrunk workload');
});

t.test('shrinking stops at its budget of runs with a failing workload', async (t) => {
  const result = await runTest(generated, () => new SingleNodeFake({ duplicateThirdSend: true }), { seed: 42, shrinkBudgetRuns: 0 });
  t.equal(result.verdict, 'fail', 'the reported workload still fails');
  t.equal(result.shrinkingCutAfterRuns, 0);
  t.equal(result.shrinks, 0, 'no shrinking step was taken');
});

t.test('a correct implementation passes every generated workload', async (t) => {
  const result = await runTest(generated, () => new SingleNodeFake(), { seed: 42 });
  t.equal(result.verdict, 'pass');
  t.equal(result.runs, 50);
});

t.test('generated workloads spawn first, keep time order, and pair every fault with its repair', async (t) => {
  const options = GeneratorOptions.parse({ kinds: ['send', 'call', 'register', 'lookup'], crashes: true, partitions: true });
  fc.assert(
    fc.property(generatedCaseArbitrary(options, ['n1', 'n2', 'n3']), (c) => {
      const spawns = c.steps.slice(0, options.processes);
      if (!spawns.every((s) => s.op.kind === 'spawn')) return false;
      const times = c.steps.slice(options.processes).map((s) => s.atNs);
      if (times.some((time, i) => i > 0 && time < times[i - 1]!)) return false;
      const count = (kind: string) => c.faults.filter((f) => f.kind === kind).length;
      return count('crash') === count('restart') && count('partition') === count('heal');
    }),
    { seed: 3, numRuns: 200 },
  );
  t.pass('200 generated cases have that shape (fc.assert throws with the seed otherwise)');
});

t.test('late copies: each window holds copies sent before its crash for longer than the downtime, and restores the faults after the restart', async (t) => {
  const options = GeneratorOptions.parse({ kinds: ['call'], lateCopies: true, maxFaults: 1, maxDownNs: 3_000_000 });
  fc.assert(
    fc.property(generatedCaseArbitrary(options, ['n1', 'n2', 'n3']), (c) => {
      if (c.enabled.faults.join() !== 'late-copies') return false;
      for (let i = 0; i < c.faults.length; i += 4) {
        const [open, crash, restart, close] = c.faults.slice(i, i + 4);
        if (open?.kind !== 'message-faults' || crash?.kind !== 'crash' || restart?.kind !== 'restart' || close?.kind !== 'message-faults') return false;
        if (crash.node !== restart.node || !(open.atNs <= crash.atNs && crash.atNs < restart.atNs && restart.atNs <= close.atNs)) return false;
        const held = open.faults;
        if (!(held.reorderMaxDelayNs! > restart.atNs - open.atNs && held.duplicationProbability! > 0 && held.reorderProbability! > 0)) return false;
        if (close.faults.duplicationProbability !== 0 || close.faults.reorderMaxDelayNs !== 0) return false;
      }
      return c.faults.length % 4 === 0;
    }),
    { seed: 5, numRuns: 200 },
  );
  t.pass('200 generated cases have that shape (fc.assert throws with the seed otherwise)');
});

t.test('crashes in partitions: each window splits the nodes, crashes one, restarts it and heals, in that order', async (t) => {
  const options = GeneratorOptions.parse({ kinds: ['load'], crashesInPartitions: true, maxFaults: 1, maxDownNs: 6_000_000 });
  fc.assert(
    fc.property(generatedCaseArbitrary(options, ['n1', 'n2', 'n3']), (c) => {
      if (c.enabled.faults.join() !== 'crash-in-partition' || c.faults.length > 4) return false;
      if (c.faults.length === 0) return true;
      const [split, crash, restart, heal] = c.faults;
      if (split?.kind !== 'partition' || crash?.kind !== 'crash' || restart?.kind !== 'restart' || heal?.kind !== 'heal') return false;
      const sides = split.groups.map((g) => g.length);
      return crash.node === restart.node && sides.every((n) => n > 0) && split.atNs <= crash.atNs && crash.atNs < restart.atNs && restart.atNs < heal.atNs;
    }),
    { seed: 7, numRuns: 200 },
  );
  t.pass('200 generated cases have that shape (fc.assert throws with the seed otherwise)');
});

t.test('forgeries: about one in three capability-bearing operations is forged, in every shape; none without the option', async (t) => {
  const kinds = ['createAccount', 'acquire', 'release', 'usage', 'derive', 'revoke'] as const;
  const forged = (forgeries: boolean) => {
    const cases = fc.sample(generatedCaseArbitrary(GeneratorOptions.parse({ kinds, forgeries, maxOperations: 20 }), ['n1', 'n2', 'n3']), { seed: 5, numRuns: 100 });
    const ops = cases.flatMap((c) => c.steps.map((s) => s.op)).filter((op) => 'capability' in op);
    return { ops, forges: ops.flatMap((op) => ('forge' in op && op.forge !== undefined ? [op.forge] : [])) };
  };
  const on = forged(true);
  const fraction = on.forges.length / on.ops.length;
  t.ok(fraction > 0.25 && fraction < 0.42, `${on.forges.length} of ${on.ops.length} forged`);
  t.ok(on.forges.every((f) => Forgery.safeParse(f).success), 'every forgery is one the workload schema accepts');
  const shapes = new Set(on.forges.map((f) => (typeof f === 'string' ? f : Object.keys(f)[0])));
  t.same([...shapes].sort(), ['case', 'check', 'checkPrefix', 'epoch', 'extended', 'made-up', 'object', 'port', 'rights']);
  t.equal(forged(false).forges.length, 0);
});

t.test('under respawn, a restarted node gets its processes back, and they register their names again', async (t) => {
  const options = GeneratorOptions.parse({ kinds: ['send', 'register'], crashes: true, respawn: true, maxFaults: 3, processes: 3 });
  const nodes = ['n1', 'n2', 'n3'];
  let restarts = 0;
  let reregistered = 0;
  fc.assert(
    fc.property(generatedCaseArbitrary(options, nodes), (c) => {
      for (const restart of c.faults.filter((f) => f.kind === 'restart')) {
        restarts++;
        const after = c.steps.filter((s) => s.atNs > restart.atNs && s.atNs <= restart.atNs + 10_000);
        const label = `p${nodes.indexOf(restart.node)}`;
        const respawned = after.find((s) => s.op.kind === 'spawn' && s.op.as === label && s.node === restart.node);
        if (respawned === undefined) return false;
        const asked = new Set(c.steps.flatMap((s) => (s.atNs < restart.atNs && s.op.kind === 'register' && s.op.process === label ? [s.op.name] : [])));
        const again = after.filter((s) => s.op.kind === 'register' && s.op.process === label && s.atNs > respawned.atNs);
        if (again.length !== asked.size) return false;
        reregistered += again.length;
      }
      return true;
    }),
    { seed: 5, numRuns: 100 },
  );
  t.ok(restarts > 0 && reregistered > 0, `${restarts} restarts, ${reregistered} names registered again`);
  const unsupervised = GeneratorOptions.parse({ kinds: ['send'], crashes: true, processes: 3 });
  fc.assert(fc.property(generatedCaseArbitrary(unsupervised, nodes), (c) => c.steps.filter((s) => s.op.kind === 'spawn').length === 3), { seed: 5, numRuns: 50 });
});

t.test('floods: some bursts are one operation repeated `flood` times; none without the option', async (t) => {
  const longestRun = (flood?: number) => {
    const options = GeneratorOptions.parse({ kinds: ['send', 'lookup'], maxOperations: 200, maxBurst: 2, ...(flood === undefined ? {} : { flood }) });
    const cases = fc.sample(generatedCaseArbitrary(options, ['n1', 'n2', 'n3']), { seed: 5, numRuns: 30 });
    let longest = 0;
    for (const c of cases) {
      let run = 0;
      c.steps.forEach((s, i) => {
        const previous = c.steps[i - 1];
        run = previous !== undefined && JSON.stringify(previous.op) === JSON.stringify(s.op) && previous.node === s.node ? run + 1 : 1;
        longest = Math.max(longest, run);
      });
    }
    return longest;
  };
  t.ok(longestRun(80) >= 80, 'a flood of 80 copies of one operation');
  t.ok(longestRun() < 20, 'without floods, only short runs (bursts of 2 and equal operations drawn side by side)');
});
