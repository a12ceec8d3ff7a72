// The whole conformance suite against each shipped implementation over the adapter protocol:
// the reference kernel as a subprocess, the Python port, and the Python port's broken mode
// (which the suite must reject). Slow (a subprocess per run), so kept apart from conform.test.ts.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { run } from './main.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
t.setTimeout(15 * 60_000);

async function conformJSON(args: string[]): Promise<{ code: number; summary: { passed: number; failed: number; tests: { id: string; verdict: string }[] } }> {
  let out = '';
  const code = await run(['conform', '--seed', '1', '--format', 'json', ...args], { out: (s) => void (out += s), err: () => {}, cwd: repoRoot, signal: new AbortController().signal });
  return { code, summary: JSON.parse(out) };
}

const failures = (summary: { tests: { id: string; verdict: string }[] }) => summary.tests.filter((x) => x.verdict !== 'pass').map((x) => `${x.id}: ${x.verdict}`);

for (const [name, command] of [
  ['the reference kernel as a subprocess', 'node dist/reference/src/adapter-main.js'],
  ['the Python port', 'python3 conformance/impls/python/cloudos_node.py'],
] as const) {
  t.test(`${name} passes every test (replay: cloudos conform --seed 1 --impl "${command}")`, async (t) => {
    const { code, summary } = await conformJSON(['--impl', command]);
    t.same(failures(summary), []);
    t.ok(summary.passed >= 20, `${summary.passed} tests passed`);
    t.equal(code, 0);
  });
}

t.test("the Python port's broken mode (no duplicate suppression) is rejected on at-most-once", async (t) => {
  const { code, summary } = await conformJSON(['--impl', 'python3 conformance/impls/python/cloudos_node.py --broken no-dedup', '--tests', 'rpc/at-most-once-*']);
  t.equal(code, 1);
  t.ok(summary.failed >= 1, failures(summary).join('\n'));
  t.match(failures(summary).join('\n'), 'rpc/at-most-once-duplicates: fail');
});
