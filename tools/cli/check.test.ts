// `cloudos check` and `cloudos simulate` end to end on a small spec: exit codes, text and JSON
// output, ITF files, bad input rendered with its snippet (65), usage errors (64).
import t from 'tap';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main.js';
import { fromRepoRoot, temporaryFolder } from '../../conventions/index.js';

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
  // Variables in TLC's order (its output for Jugs.cfg: big before small, SANY's symbol table).
  t.match(r.out, /State 7: <BigToSmall line \d+, col \d+ to line \d+, col \d+ of module Jugs>\n\/\\ big = 4\n\/\\ small = 3\n/);
  t.notMatch(r.out, /State 8/);
  // TLC's figures for this model: the violating state is not queued, and it counts for the depth.
  t.match(r.out, /73 states generated, 14 distinct states found, 1 states left on queue\.\nThe depth of the complete state graph search is 7\.\n/);
});

t.test('check --format json on 2 workers: the same verdict and counts, one JSON object', async (t) => {
  const r = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--format', 'json', '--workers', '2', '--coverage');
  t.equal(r.code, 0);
  const report = JSON.parse(r.out);
  // Done before the workers are even started: the report says one thread searched.
  t.match(report, { result: 'holds', statesGenerated: 97, distinctStates: 16, depth: 8, queueLeft: 0, workers: 1 });
  t.equal(report.coverage.length, 6);
});

t.test('check: an invariant that is constantly TRUE gets TLC\'s warning on stdout, before the report', async (t) => {
  const folder = temporaryFolder('cloudos-check-');
  writeFileSync(join(folder, 'W.tla'), '---- MODULE W ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x\' = (x + 1) % 3\nTrue == 1 = 1\n====\n');
  writeFileSync(join(folder, 'W.cfg'), 'INIT Init\nNEXT Next\nINVARIANT True\n');
  const text = await cloudos('check', join(folder, 'W.tla'), '--workers', '1');
  t.equal(text.code, 0);
  // TLC's line for this spec (after "Starting...", which we do not print).
  t.match(text.out, /^Warning: The invariant True is a constant-level formula \(i\.e\., it contains no variables, primes, or temporal operators\) and evaluates to TRUE\. To assert constant-level formulas in your spec, use ASSUME ConstInv\. .* for additional details\.\nModel checking completed\. No error has been found\.\n/);
  const json = await cloudos('check', join(folder, 'W.tla'), '--workers', '1', '--format', 'json');
  t.match(JSON.parse(json.out.split('\n').filter((line) => line.startsWith('{'))[0]!), { warnings: [/^The invariant True is a constant-level formula/] });
});

t.test('check --dump-trace itf writes the counterexample', async (t) => {
  const file = join(temporaryFolder('cloudos-check-'), 'trace.itf.json');
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

/** Runs `cloudos check` in a child process and sends it `signal` once it reports its first checkpoint. */
function killedAfterCheckpoint(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; err: string; out: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'check', ...args], { cwd: fixtures });
    let err = '';
    let out = '';
    let sent = false;
    child.stderr.on('data', (chunk) => {
      err += chunk;
      if (!sent && err.includes('Checkpoint written')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, err, out }));
  });
}

t.test('check --checkpoint: a run killed (SIGKILL) and then interrupted (SIGINT) resumes with --recover to the counts of an uninterrupted run', async (t) => {
  const twoPhase = [fromRepoRoot('tools/tla/corpus/TwoPhase.tla'), '--config', fromRepoRoot('tools/tla/check/fixtures/TwoPhase6.cfg'), '--format', 'json'];
  const dir = join(temporaryFolder('cloudos-check-'), 'checkpoint');
  const killed = await killedAfterCheckpoint([...twoPhase, '--workers', '1', '--checkpoint', dir, '--checkpoint-interval', '0.05'], 'SIGKILL');
  t.equal(killed.code, null, 'killed before it could finish');
  t.equal(killed.out, '');
  // Resumed on 2 threads, interrupted as by Ctrl-C: it writes a checkpoint and exits 2.
  const interrupted = await killedAfterCheckpoint([...twoPhase, '--workers', '2', '--recover', dir, '--checkpoint-interval', '0.05'], 'SIGINT');
  t.match(interrupted.err, /^Resuming from .*checkpoint: \d+ distinct states, \d+ on queue, depth \d+\.\n/);
  t.equal(interrupted.code, 2, interrupted.err);
  t.match(JSON.parse(interrupted.out), { result: 'unknown', reason: 'interrupted' });
  const resumed = await cloudos('check', ...twoPhase, '--workers', '1', '--recover', dir);
  const uninterrupted = await cloudos('check', ...twoPhase, '--workers', '1', '--coverage');
  t.equal(uninterrupted.code, 0);
  t.equal(resumed.code, 0, resumed.err);
  const counts = (r: { out: string }) => {
    const { statesGenerated, distinctStates, depth, queueLeft, result } = JSON.parse(r.out);
    return { statesGenerated, distinctStates, depth, queueLeft, result };
  };
  t.same(counts(resumed), counts(uninterrupted));
  t.equal(counts(uninterrupted).distinctStates, 50_816);
  const resumedFrom = Number(/Resuming from .*: (\d+) distinct states/.exec(resumed.err)?.[1]);
  t.ok(resumedFrom > 0 && resumedFrom < 50_816, `resumed mid-way (${resumedFrom} distinct states)`);
});

t.test('check --checkpoint/--recover: clear errors for a missing checkpoint, an occupied directory, another spec, liveness', async (t) => {
  const dir = join(temporaryFolder('cloudos-check-'), 'cp');
  const missing = await cloudos('check', spec, '--recover', dir);
  t.equal(missing.code, 65);
  t.match(missing.err, `cloudos check: cannot recover: ${join(dir, 'checkpoint.json')}: not found (no directory ${dir}); pass the directory given to --checkpoint`);
  const stopped = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--workers', '1', '--max-states', '5', '--checkpoint', dir);
  t.equal(stopped.code, 2);
  t.match(stopped.err, /Checkpoint written to .*checkpoint\.json: \d+ distinct states/);
  const occupied = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--checkpoint', dir);
  t.equal(occupied.code, 64);
  t.match(occupied.err, `${dir} already holds a checkpoint; resume it with --recover`);
  const other = await cloudos('check', spec, '--config', 'Jugs.cfg', '--recover', dir);
  t.equal(other.code, 65);
  t.match(other.err, /checkpoint\.json: written for another model: .*Jugs\.tla with .*JugsHolds\.cfg as it was then, not .*Jugs\.cfg as it is now/);
  const resumed = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--workers', '1', '--recover', dir, '--format', 'json');
  t.match(JSON.parse(resumed.out), { result: 'holds', statesGenerated: 97, distinctStates: 16, depth: 8 });
  t.equal((await cloudos('check', spec, '--checkpoint-interval', '5')).code, 64);
});

t.test('check --checkpoint into a folder that cannot be made is a usage error naming the flag (no hang under /proc)', async (t) => {
  const r = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--workers', '1', '--checkpoint', '/proc/x');
  t.equal(r.code, 64);
  t.match(r.err, '--checkpoint /proc/x: cannot create the folder /proc/x: the file system there refuses new folders; name a folder you can write');
});

t.test('check --checkpoint is refused for a spec with temporal properties (liveness needs the whole graph)', async (t) => {
  const dir = join(temporaryFolder('cloudos-check-'), 'cp');
  const r = await cloudos('check', fromRepoRoot('tools/tla/corpus/RingElection.tla'), '--checkpoint', dir);
  t.equal(r.code, 64);
  t.match(r.err, /--checkpoint and --recover cannot be used with the temporal properties of RingElection/);
});

t.test('check --workers 2 says how many threads search: two with temporal properties too (the state graph is joined from both)', async (t) => {
  const liveness = await cloudos('check', fromRepoRoot('tools/tla/corpus/RingElection.tla'), '--workers', '2', '--format', 'json');
  t.equal(liveness.code, 0);
  t.match(liveness.err, /^Model checking RingElection with 2 workers\.\n/);
  // The checks judged on the state graph, and the time each thread and the join took on them.
  t.match(JSON.parse(liveness.out), { result: 'holds', liveness: { checks: Number, threadMs: [Number], joinMs: Number } });
  const safety = await cloudos('check', spec, '--config', 'JugsHolds.cfg', '--workers', '2');
  t.match(safety.err, /^Model checking Jugs with 2 workers\.\n/);
});

t.test('check --memory: past a tiny budget the queue spills to disk, with the same counts and its bytes per state reported', async (t) => {
  const binaryTree = fromRepoRoot('tools/tla/check/fixtures/BinaryTree.tla');
  const inMemory = await cloudos('check', binaryTree, '--workers', '1', '--format', 'json');
  const spilled = await cloudos('check', binaryTree, '--workers', '1', '--format', 'json', '--memory', '1K');
  t.equal(spilled.code, 0);
  const a = JSON.parse(inMemory.out);
  const b = JSON.parse(spilled.out);
  t.match(a, { result: 'holds', distinctStates: 100_000, queue: { spilledStates: 0 } });
  t.same([b.statesGenerated, b.distinctStates, b.depth], [a.statesGenerated, a.distinctStates, a.depth]);
  t.equal(b.queue.budgetBytes, 1024);
  t.ok(b.queue.spilledStates > 30_000, `spilled ${b.queue.spilledStates}`);
  t.ok(b.queue.diskBytesPerState > 0 && b.queue.memoryBytesPerState > 0);
  t.ok(b.peakRssBytes > 0);
  t.match(spilled.err, /The queue spilled \d+ states to disk past its budget of 1024 bytes: [\d.]+ bytes per state on disk, about \d+ in memory\./);
  t.equal((await cloudos('check', binaryTree, '--memory', 'lots')).code, 64);
});

t.test('simulate checks PROPERTY on each behaviour: the starvation lasso under weak fairness, none under strong', async (t) => {
  const lock = fromRepoRoot('tools/tla/corpus/LockStarvation.tla');
  const weak = await cloudos('simulate', lock, '--config', fromRepoRoot('tools/tla/corpus/LockStarvation.cfg'), '--num', '200', '--depth', '30', '--seed', '1', '--format', 'json');
  t.equal(weak.code, 1);
  const report = JSON.parse(weak.out);
  t.match(report.violation, { kind: 'property', property: 'NoStarvation' });
  t.type(report.violation.loop, 'number', 'a lasso back to an earlier state');
  t.match(weak.err, /replay: cloudos simulate .*LockStarvation\.tla .*--seed 1/);
  const strong = await cloudos('simulate', lock, '--config', fromRepoRoot('tools/tla/corpus/LockStarvationSF.cfg'), '--num', '200', '--depth', '30', '--seed', '1', '--format', 'json');
  t.equal(strong.code, 0);
  t.match(JSON.parse(strong.out), { result: 'holds', behaviours: 200 });
  t.ok(JSON.parse(strong.out).lassos > 0, 'behaviours came back to a state');
});
