// `cloudos check` and `cloudos simulate` end to end on a small spec: exit codes, text and JSON
// output, ITF files, bad input rendered with its snippet (65), usage errors (64).
import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './main.js';
import { fromRepoRoot } from '../../conventions/index.js';

const fixtures = fromRepoRoot('tools/tla/check/fixtures') + '/';
const spec = join(fixtures, 'Jugs.tla');

async function cloudos(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: fixtures, signal: new AbortController().signal });
  return { code, out, err };
}

t.test('check: a violated invariant exits 1 with a TLC-style shortest trace', async (t) => {
  const r = await cloudos('check', spec, '--workers', '1');
  t.equal(r.code, 1);
  t.match(r.out, /^Error: Invariant NotSolved is violated\.\nError: The behavior up to this point is:\nState 1: <Initial predicate>\n/);
  t.match(r.out, /State 7: <BigToSmall line \d+, col \d+ to line \d+, col \d+ of module Jugs>\n\/\\ small = 3\n\/\\ big = 4\n/);
  t.notMatch(r.out, /State 8/);
  t.match(r.out, /73 states generated, 14 distinct states found, 2 states left on queue\.\n/);
});

t.test('check --format json on 2 workers: the same verdict and counts, one JSON object', async (t) => {
  const r = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--format', 'json', '--workers', '2', '--coverage');
  t.equal(r.code, 0);
  const report = JSON.parse(r.out);
  // Done before the workers are even started: the report says one thread searched.
  t.match(report, { result: 'holds', statesGenerated: 97, distinctStates: 16, depth: 8, queueLeft: 0, workers: 1 });
  t.equal(report.coverage.length, 6);
});

t.test('check --dump-trace itf writes the counterexample', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cloudos-check-')), 'trace.itf.json');
  const r = await cloudos('check', spec, '--workers', '1', '--format', 'json', '--dump-trace', 'itf', file);
  t.equal(r.code, 1);
  const itf = JSON.parse(readFileSync(file, 'utf8'));
  t.same(itf.vars, ['small', 'big']);
  t.equal(itf.states.length, 7);
  t.same(itf.states[6].big, { '#bigint': '4' });
  t.equal(JSON.parse(r.out).violation.trace.length, 7);
});

t.test('check --max-states stops with exit 2 and partial statistics', async (t) => {
  const r = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--workers', '1', '--max-states', '5', '--format', 'json');
  t.equal(r.code, 2);
  t.match(JSON.parse(r.out), { result: 'unknown', reason: 'max-states' });
});

t.test('bad input: the diagnostic with file:line:col and snippet on stderr, exit 65', async (t) => {
  const unknown = await cloudos('check', spec, '--config', 'JugsUnknownName.cfg');
  t.equal(unknown.code, 65);
  t.match(unknown.err, /JugsUnknownName\.cfg:3:28: error E4002: INVARIANT Missing is not defined in the spec\n  3 \| INVARIANT TypeOK NotSolved Missing\n    \| +\^{7}\n/);
  const malformed = await cloudos('check', spec, '--config', 'JugsMalformed.cfg');
  t.equal(malformed.code, 65);
  t.match(malformed.err, /JugsMalformed\.cfg:3:11: error E4001/);
  t.equal(malformed.out, '');
});

t.test('usage errors exit 64', async (t) => {
  t.equal((await cloudos('check')).code, 64);
  t.equal((await cloudos('check', spec, '--workers', 'zero')).code, 64);
  t.equal((await cloudos('check', spec, '--dump-trace', 'json', 'x')).code, 64);
  t.equal((await cloudos('simulate', spec, '--format', 'yaml')).code, 64);
  t.match((await cloudos('check', '--help')).out, /usage: cloudos check Spec\.tla/);
});

t.test('simulate: finds the violation, prints the replay line, and replays identically', async (t) => {
  const first = await cloudos('simulate', spec, '--seed', '11', '--num', '300', '--depth', '40', '--format', 'json');
  t.equal(first.code, 1);
  const report = JSON.parse(first.out);
  t.equal(report.seed, 11);
  t.match(first.err, /replay: cloudos simulate .*Jugs\.tla --depth 40 --num 300 --seed 11/);
  const again = await cloudos('simulate', spec, '--seed', '11', '--num', '300', '--depth', '40', '--format', 'json');
  t.same(JSON.parse(again.out).violation, report.violation);
  const holds = await cloudos('simulate', spec, '--config', 'JugsHolds.cfg', '--seed', '2', '--num', '20');
  t.equal(holds.code, 0);
  t.match(holds.out, /No error found in 20 behaviours\./);
});
