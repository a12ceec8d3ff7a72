// Per-run branch coverage of the reference kernel (conformance/src/kernel-coverage.ts): a run that
// takes a known kernel branch reports it taken, a run that cannot reach it reports it not taken
// (named by file:line), another process's implementation is "not measured", and the text, JSON
// and HTML reports carry it.
import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeKernelCoverage, type KernelCoverageSummary } from '../../conformance/src/kernel-coverage.js';
import { repoRoot } from '../../conventions/index.js';
import { run } from './main.js';

async function conform(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['conform', ...args], { out: (s) => void (out += s), err: (s) => void (err += s), cwd: repoRoot, signal: new AbortController().signal });
  return { code, out, err };
}

const SERVER = 'reference/src/rpc/rpc-server.ts';
/** The arm of serveWithDedup taken when a copy of a call arrives below its stream's floor (the call was evicted or completed). */
const BELOW_FLOOR = "switch: case 'below-floor'";

function file(summary: KernelCoverageSummary, name: string) {
  const found = summary.files?.find((f) => f.file === name);
  if (found === undefined) throw new Error(`${name} is not among the kernel's files`);
  return found;
}

t.test('a run that takes a kernel branch reports it taken; one that cannot reach it names it as not taken', async (t) => {
  const evicted = await conform(['--kernel-coverage', '--tests', 'rpc/evicted-call-retransmitted', '--seed', '1', '--format', 'json']);
  t.equal(evicted.code, 0, evicted.err);
  const evictedJson = JSON.parse(evicted.out) as { kernelCoverage: KernelCoverageSummary; tests: { kernelCoverage: KernelCoverageSummary }[] };
  const suite = evictedJson.kernelCoverage;
  t.ok(suite.measured);
  t.notOk(file(suite, SERVER).uncovered!.some((b) => b.arm === BELOW_FLOOR), 'the retransmission of an evicted call arrives below the floor');
  t.ok(suite.covered! > 0 && suite.covered! < suite.total!, `${suite.covered}/${suite.total}`);
  t.same(evictedJson.tests[0]!.kernelCoverage.covered, suite.covered, 'one test: the test\'s count is the suite\'s');
  t.notOk(summarizeKernelCoverage({ measured: false, reason: 'x' }, { uncovered: true }).measured);

  const clean = await conform(['--kernel-coverage', '--tests', 'rpc/calls-complete-without-faults', '--seed', '1', '--format', 'json']);
  t.equal(clean.code, 0, clean.err);
  const cleanSuite = (JSON.parse(clean.out) as { kernelCoverage: KernelCoverageSummary }).kernelCoverage;
  const notTaken = file(cleanSuite, SERVER).uncovered!.find((b) => b.arm === BELOW_FLOOR);
  t.ok(notTaken, 'without faults no copy of a call arrives twice: the branch is reported not taken');
  t.match(readFileSync(join(repoRoot, SERVER), 'utf8').split('\n')[notTaken!.line - 1]!, /case 'below-floor':/, 'named by the .ts line of the branch');
  t.ok(cleanSuite.covered! < suite.covered!, 'a run without faults takes fewer branches than one with');

  const again = await conform(['--kernel-coverage', '--tests', 'rpc/calls-complete-without-faults', '--seed', '1', '--format', 'json']);
  t.same((JSON.parse(again.out) as { kernelCoverage: KernelCoverageSummary }).kernelCoverage, cleanSuite, 'the same run measures the same branches');
});

t.test('the text and HTML reports carry the counts per file and the lines not taken', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kernel-coverage-'));
  const text = await conform(['--kernel-coverage', '--tests', 'rpc/calls-complete-without-faults', '--seed', '1', '--report', dir]);
  t.equal(text.code, 0, text.err);
  t.match(text.out, /^reference kernel branches \(kernel-coverage\.ts; [^)]*\): \d+\/\d+ \(\d+\.\d %\)/m);
  t.match(text.out, new RegExp(`^  ${SERVER.replace(/[./]/g, '\\$&')} \\d+/\\d+: not taken at [\\d, ]+$`, 'm'));
  t.match(text.err, /PASS +rpc\/calls-complete-without-faults .*, kernel branches \d+\/\d+/, 'each test\'s line has its own count');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  t.match(html, /<h2 id="kernel-coverage">Reference kernel branches: \d+\/\d+<\/h2>/);
  t.match(html, /<code>reference\/src\/rpc\/rpc-server\.ts<\/code>/);
  t.match(readFileSync(join(dir, 'results.json'), 'utf8'), /"kernelCoverage"/);
});

t.test('an implementation in another process is not measured, and says so; nor is the kernel unless asked', async (t) => {
  const sub = await conform(['--kernel-coverage', '--impl', `${process.execPath} dist/reference/src/adapter-main.js`, '--tests', 'rpc/calls-complete-without-faults', '--seed', '1', '--format', 'json']);
  t.equal(sub.code, 0, sub.err);
  const json = JSON.parse(sub.out) as { kernelCoverage: KernelCoverageSummary; tests: { kernelCoverage: KernelCoverageSummary }[] };
  t.same(json.kernelCoverage, { measured: false, reason: 'not measured: the implementation is a subprocess (possibly in another language), whose code the suite cannot see into' });
  t.same(json.tests[0]!.kernelCoverage, json.kernelCoverage);
  const text = await conform(['--impl', `${process.execPath} dist/reference/src/adapter-main.js`, '--tests', 'rpc/calls-complete-without-faults', '--seed', '1']);
  t.match(text.out, /^reference kernel branches \(kernel-coverage\.ts; [^)]*\): not measured: the implementation is a subprocess/m);
  const unasked = await conform(['--tests', 'rpc/calls-complete-without-faults', '--seed', '1']);
  t.match(unasked.out, /^reference kernel branches \(kernel-coverage\.ts; [^)]*\): not measured \(conform --kernel-coverage measures them/m);
  t.notMatch(unasked.err, /kernel branches/, 'no count on the test\'s line');
  const sweep = await conform(['--kernel-coverage', '--tests', 'rpc/calls-complete-without-faults', '--seeds', '1..2']);
  t.equal(sweep.code, 64, 'a sweep reports verdicts only: a usage error, not a silent omission');
  t.match(sweep.err, /cannot be combined with --kernel-coverage/);
});
