// The whole conformance suite, through the one harness, against the reference kernel in-process;
// a port lacking a feature (not applicable, never passed); and the Python port's broken modes,
// which the suite must reject. The subprocess ports run the whole suite in files of their own
// (conform-port-*.test.ts, each part of the suite apart), so that each stays well inside tap's
// per-file limit.
import t from 'tap';
import { discoverTests } from '../../conformance/src/index.js';
import { referenceDeclaration } from '../../reference/src/index.js';
import { conformJSON, failures, passesEveryTestItCanRun, SUITE_PARTS } from './testing/conform-port.js';

t.test('the parts the subprocess ports run in files of their own hold every test once', async (t) => {
  const inParts = Object.values(SUITE_PARTS).flatMap((part) => part.flatMap((glob) => discoverTests(glob).map((test) => test.id)));
  t.same(inParts.sort(), discoverTests().map((test) => test.id).sort());
});

t.test('the reference kernel, in-process, passes every test it can run (replay: cloudos conform --seed 1)', (t) => passesEveryTestItCanRun(t, undefined, 2, referenceDeclaration.features));

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
  const { code, summary } = await conformJSON(['--impl', 'python3 conformance/impls/python/cloudos_node.py --broken no-forwarding', '--tests', 'migration/messages-in-flight-at-the-switch']);
  t.equal(code, 1);
  t.match(failures(summary).join('\n'), 'migration/messages-in-flight-at-the-switch: fail');
  t.ok(summary.tests[0]!.violations.some((v) => v.property === 'NoLossWithoutCrash'), 'NoLossWithoutCrash violated: messages reaching the source after the commit are dropped');
});
