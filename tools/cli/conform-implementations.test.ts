// The whole conformance suite, through the one harness, against each shipped implementation: the
// reference kernel in-process and as a subprocess, the Python port speaking protocol version 2 and
// version 1 (as a port written before version 2), the Python port's broken mode (which the suite
// must reject), and a port lacking a feature (not applicable, never passed). Slow (a subprocess
// per run), so kept apart from conform.test.ts.
import t from 'tap';
import { discoverTests } from '../../conformance/src/index.js';
import { referenceDeclaration } from '../../reference/src/index.js';
import { run } from './main.js';
import { repoRoot } from '../../conventions/index.js';

// Four ports run the whole suite (58 tests, ten generated) one after another; a subprocess port
// takes minutes on a loaded 2-core machine, and CI's own limit is 90 minutes.
t.setTimeout(45 * 60_000);

interface Summary {
  passed: number;
  failed: number;
  notApplicable: number;
  declaration?: { protocolVersion: number; features: string[] };
  tests: { id: string; verdict: string; cost?: { cycles: number; wireBytes: number }; violations: { property: string }[] }[];
}

async function conformJSON(args: string[]): Promise<{ code: number; summary: Summary }> {
  let out = '';
  const code = await run(['conform', '--seed', '1', '--format', 'json', ...args], { out: (s) => void (out += s), err: () => {}, cwd: repoRoot, signal: new AbortController().signal });
  return { code, summary: JSON.parse(out) };
}

const failures = (summary: { tests: { id: string; verdict: string }[] }) => summary.tests.filter((x) => x.verdict !== 'pass').map((x) => `${x.id}: ${x.verdict}`);

const everyTest = discoverTests().length;

const reference = referenceDeclaration.features;
for (const [name, command, protocolVersion, features] of [
  ['the reference kernel, in-process', undefined, 2, reference],
  ['the reference kernel as a subprocess', 'node dist/reference/src/adapter-main.js', 2, reference],
  ['the Python port', 'python3 conformance/impls/python/cloudos_node.py', 2, ['messaging', 'rpc', 'migration', 'quotas', 'dsm']],
  // Version 1 had messaging and RPC only: the other tests are not applicable to it.
  ['the Python port speaking protocol version 1', 'python3 conformance/impls/python/cloudos_node.py --protocol 1', 1, ['messaging', 'rpc']],
] as const) {
  t.test(`${name} passes every test it can run (replay: cloudos conform --seed 1${command ? ` --impl "${command}"` : ''})`, async (t) => {
    const { code, summary } = await conformJSON(command ? ['--impl', command] : []);
    const applicable = discoverTests().filter((test) => test.features.every((f) => (features as readonly string[]).includes(f))).length;
    t.same(failures(summary).filter((f) => !f.endsWith('not-applicable')), []);
    t.equal(summary.passed, applicable, `${summary.passed} tests passed`);
    t.equal(summary.notApplicable, everyTest - applicable, `${summary.notApplicable} not applicable`);
    t.same(summary.declaration, { protocolVersion, features });
    // Version 2 ports report what each step cost; the suite shows it per test. A test may send
    // nothing on the wire (a generated workload can stay on one node), so bytes count suite-wide.
    const withCost = summary.tests.filter((test) => test.cost !== undefined && test.cost.cycles > 0);
    t.equal(withCost.length, protocolVersion === 2 ? applicable : 0, `${withCost.length} tests with a cost`);
    if (protocolVersion === 2) t.ok(withCost.some((test) => (test.cost?.wireBytes ?? 0) > 0), 'bytes on the wire are reported');
    t.equal(code, 0);
  });
}

t.test('a port lacking a feature: the tests needing it are not applicable, neither passed nor failed', async (t) => {
  const { code, summary } = await conformJSON(['--impl', 'node dist/conformance/src/fakes/single-node-fake-main.js --features messaging', '--features', 'rpc']);
  const rpcTests = discoverTests().filter((test) => test.features.includes('rpc')).length;
  t.same([summary.passed, summary.failed, summary.notApplicable], [0, 0, rpcTests]);
  t.same(new Set(summary.tests.map((test) => test.verdict)), new Set(['not-applicable']));
  t.same(summary.declaration, { protocolVersion: 2, features: ['messaging'] });
  t.equal(code, 0);
});

t.test("the Python port's broken mode (no duplicate suppression) is rejected on at-most-once", async (t) => {
  const { code, summary } = await conformJSON(['--impl', 'python3 conformance/impls/python/cloudos_node.py --broken no-dedup', '--tests', 'rpc/at-most-once-*']);
  t.equal(code, 1);
  t.ok(summary.failed >= 1, failures(summary).join('\n'));
  t.match(failures(summary).join('\n'), 'rpc/at-most-once-duplicates: fail');
});

t.test("the Python port's broken mode quota-overadmit (admits beyond its lease) is rejected at the limit", async (t) => {
  const { code, summary } = await conformJSON(['--impl', 'python3 conformance/impls/python/cloudos_node.py --broken quota-overadmit', '--tests', 'quotas/admission-at-the-limit']);
  t.equal(code, 1);
  t.match(failures(summary).join('\n'), 'quotas/admission-at-the-limit: fail');
});

t.test("the Python port's broken mode dsm-stale-copy (a reader keeps its invalidated copy) is rejected by the DSM tests", async (t) => {
  const { code, summary } = await conformJSON(['--impl', 'python3 conformance/impls/python/cloudos_node.py --broken dsm-stale-copy', '--tests', 'dsm/readers-then-writer']);
  t.equal(code, 1);
  t.match(failures(summary).join('\n'), 'dsm/readers-then-writer: fail');
  t.ok(summary.tests[0]!.violations.some((v) => v.property === 'PageLinearizable'), 'PageLinearizable violated');
});

t.test("the Python port's broken migration no-forwarding (no pointer left behind) is rejected", async (t) => {
  const { code, summary } = await conformJSON(['--impl', 'python3 conformance/impls/python/cloudos_node.py --broken no-forwarding', '--tests', 'migration/messages-during-migration']);
  t.equal(code, 1);
  t.match(failures(summary).join('\n'), 'migration/messages-during-migration: fail');
});
