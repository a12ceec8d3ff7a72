// `cloudos conform` end to end through the CLI entry point: JSON output and exit codes, the bug
// catalogue, a mutant's failure with its replay line (every mutant rejected:
// conform-mutants-*.test.ts), the reference kernel as a subprocess, the HTML report, and usage and
// input errors.
import t from 'tap';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main.js';
import { repoRoot } from '../../conventions/index.js';
import { measuredBy, mutantAbstraction, mutants } from '../../reference/src/index.js';
import { abstractionsOf, MUTANT_PARTS } from './testing/conform-port.js';

async function conform(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['conform', ...args], { out: (s) => void (out += s), err: (s) => void (err += s), cwd: repoRoot, signal: new AbortController().signal });
  return { code, out, err };
}

t.test('--catalogue: each catalogued bug caught or missed, misses grouped by class, the median time to detect', async (t) => {
  const { code, out } = await conform(['--catalogue', '--tests', 'messaging/name-dies-with-process', '--seed', '1']);
  t.equal(code, 1, 'no single test catches every catalogued bug');
  for (const id of ['ack-one-ahead', 'exit-forgets-locally', 'exactly-once-group-commit']) t.match(out, new RegExp(`^(rejected|SURVIVED)  ${id} `, 'm'));
  t.match(out, /^(rejected|SURVIVED)  rpc-orphan-executed /m, 'an RPC bug that names its abstraction is measured by the messaging tests too (measuredBy)');
  t.match(out, /missed, by class:\n(  .*\n)*  retransmission: [a-z, -]*retransmit-timer-once/);
  t.match(out, /median time to detect \(caught bugs\): (\d+(\.5)? ms|none caught)/);
  t.notMatch(out, /migration-|dsm-|quota-|capability-/, "each bug is measured by its own abstraction's tests alone");
  const migration = await conform(['--catalogue', '--tests', 'migration/far-zone', '--seed', '1']);
  t.match(migration.out, /^(rejected|SURVIVED)  migration-home-not-told /m, 'a migration test measures the migration bugs');
  t.notMatch(migration.out, /ack-one-ahead|dsm-|quota-/);
  const blind = await conform(['--catalogue', '--batch', 'blind-2', '--tests', 'migration/far-zone', '--seed', '1']);
  t.match(blind.out, /^(rejected|SURVIVED)  migration-dirty-cleared-at-ack /m, '--batch measures the bugs of that batch');
  t.notMatch(blind.out, /migration-home-not-told/, 'and no other');
  const replay = await conform(['--mutant', 'exit-forgets-locally', '--tests', 'messaging/name-dies-with-process', '--seed', '1']);
  t.not(replay.code, 64, '--mutant replays a catalogued bug');
});

t.test('--mutants measures each mutant by its own abstraction\'s tests, and the parts of conform-mutants-*.test.ts together measure every one', async (t) => {
  const covered = abstractionsOf(Object.values(MUTANT_PARTS).flat());
  for (const m of mutants) t.ok(measuredBy(mutantAbstraction(m)).some((a) => covered.has(a)), `${m.name} is measured by a part`);
  const { code, out } = await conform(['--mutants', '--tests', 'messaging/name-dies-with-process', '--seed', '1', '--format', 'json']);
  const names: string[] = JSON.parse(out).mutants.map((m: { name: string }) => m.name);
  t.ok(names.includes('exit-keeps-names') && names.includes('rpc-retry-without-dedup'), 'a messaging test measures the messaging and RPC mutants');
  t.notOk(names.some((name) => /^(dsm|migration|quota|capability)-/.test(name)), 'and no other');
  t.not(code, 64);
});

t.test('--tests may be repeated: the tests that match any glob, each once', async (t) => {
  const { code, out } = await conform(['--tests', 'rpc/calls-complete-*', '--tests', 'messaging/fifo-across-nodes', '--tests', 'rpc/calls-complete-without-faults', '--seed', '1', '--format', 'json']);
  t.equal(code, 0);
  t.same(JSON.parse(out).tests.map((x: { id: string }) => x.id).sort(), ['messaging/fifo-across-nodes', 'rpc/calls-complete-without-faults']);
  const missing = await conform(['--tests', 'rpc/calls-complete-*', '--tests', 'nothing/matches']);
  t.equal(missing.code, 64);
  t.match(missing.err, /--tests: no test matches 'nothing\/matches'/);
});

t.test('--format json reports passed, failed and each test with id, verdict and seed', async (t) => {
  const { code, out } = await conform(['--tests', 'rpc/calls-complete-*', '--seed', '11', '--format', 'json']);
  t.equal(code, 0);
  const json = JSON.parse(out);
  t.match(json, { passed: 1, failed: 0, tests: [{ id: 'rpc/calls-complete-without-faults', verdict: 'pass', seed: 11 }] });
});

t.test('a failing run prints the violation, the seed and the replay command, and exits 1', async (t) => {
  const { code, out } = await conform(['--mutant', 'rpc-retry-without-dedup', '--tests', 'rpc/at-most-once-duplicates', '--seed', '1']);
  t.equal(code, 1);
  t.match(out, /AtMostOnce: at-most-once call 'c\d+' executed 2 times/);
  t.match(out, /seed: 1/);
  t.match(out, /replay: cloudos conform --tests rpc\/at-most-once-duplicates --seed 1 --mutant rpc-retry-without-dedup/);
});

const adapter = join(repoRoot, 'dist/reference/src/adapter-main.js');
t.test('the reference kernel passes as a subprocess over the JSON-lines protocol', async (t) => {
  t.ok(existsSync(adapter), `${adapter} is built`);
  const { code, out } = await conform(['--impl', `node ${adapter}`, '--tests', 'rpc/exactly-once-server-crash', '--seed', '2', '--format', 'json']);
  t.equal(code, 0, out);
  t.match(JSON.parse(out), { passed: 1, failed: 0 });
});

t.test('--report writes the HTML report and results.json', async (t) => {
  const dir = t.testdir();
  const { code, err } = await conform(['--tests', 'messaging/fifo-across-nodes', '--seed', '1', '--report', dir]);
  t.equal(code, 0);
  t.ok(existsSync(join(dir, 'index.html')));
  t.ok(existsSync(join(dir, 'results.json')));
  t.match(err, /report written to/);
});

t.test('--report naming a file fails before the run with exit 65, not a stack trace', async (t) => {
  const dir = t.testdir({ 'taken': 'a file, not a directory' });
  const { code, out, err } = await conform(['--tests', 'rpc/calls-complete-*', '--seed', '1', '--report', join(dir, 'taken')]);
  t.equal(code, 65);
  t.match(err, /--report: cannot write a report to '.*taken': a file is in the way; name a directory/);
  t.notMatch(err, /internal error|\n\s+at /);
  t.equal(out, '', 'no test ran');
});

t.test('usage and input errors', async (t) => {
  t.equal((await conform(['--format', 'xml'])).code, 64);
  t.equal((await conform(['--tests', 'nothing/matches'])).code, 64);
  t.equal((await conform(['--hardware', 'abacus'])).code, 64);
  t.equal((await conform(['--seed', 'x'])).code, 64);
  const wide = await conform(['--seed', '4294967297']);
  t.equal(wide.code, 64, 'a seed wider than 32 bits would replay another seed');
  t.match(wide.err, /--seed expects a whole number from 0 to 2147483647, got '4294967297'/);
  t.equal((await conform(['--mutants', '--impl', 'true'])).code, 64);
  t.equal((await conform(['--mutant', 'no-such-mutant'])).code, 64);
  t.equal((await conform(['--mutants', '--catalogue'])).code, 64);
  t.equal((await conform(['--catalogue', '--mutant', 'ack-one-ahead'])).code, 64);
  t.equal((await conform(['--batch', 'blind-2'])).code, 64, '--batch without --catalogue');
  const batch = await conform(['--catalogue', '--batch', 'blind-9']);
  t.equal(batch.code, 64);
  t.match(batch.err, /--batch: unknown batch 'blind-9'; the batches are blind-2/);
  const feature = await conform(['--features', 'rpc,teleport']);
  t.equal(feature.code, 64);
  t.match(feature.err, /--features: unknown feature 'teleport'; the features are messaging, rpc/);
  const none = await conform(['--features', 'rpc', '--tests', 'messaging/*']);
  t.equal(none.code, 64);
  t.match(none.err, /--features: no selected test needs rpc/);
  const dir = t.testdir();
  const gaps = join(dir, 'gaps.txt');
  writeFileSync(gaps, 'rpc/not-a-test\n');
  const bad = await conform(['--expected-failures', gaps, '--seed', '1']);
  t.equal(bad.code, 65);
  t.match(bad.err, /gaps\.txt:1: 'rpc\/not-a-test' is not a test id/);
});

t.test('--help', async (t) => {
  let out = '';
  const code = await run(['conform', '--help'], { out: (s) => void (out += s), err: () => undefined, cwd: repoRoot, signal: new AbortController().signal });
  t.equal(code, 0);
  t.match(out, /usage: cloudos conform/);
  t.match(out, /--expected-failures FILE/);
});
