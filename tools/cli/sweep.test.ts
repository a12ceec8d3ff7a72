// Seed sweeps: the shard partition, the flags, `cloudos report merge` on shards (the same verdict
// as the unsharded sweep, for conform and simulate, on any number of threads), on incomplete sets
// of shards (exit 2, naming what is missing) and on malformed files (exit 65, naming the field).
import t from 'tap';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main.js';
import { parseSeedRange, parseShard, shardSeeds, type SweepFile } from './sweep-file.js';
import { ranges } from './sweep-merge.js';
import { fromRepoRoot, repoRoot } from '../../conventions/index.js';

async function cli(args: string[], signal = new AbortController().signal): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: repoRoot, signal });
  return { code, out, err };
}

const read = (path: string): SweepFile => JSON.parse(readFileSync(path, 'utf8')) as SweepFile;
/** What a verdict is made of: the seeds' statuses and the failures with their replay lines. */
const results = (file: SweepFile) => ({ sweep: file.sweep, complete: file.complete, seeds: file.seeds, failures: file.failures });

t.test('the shards of a range are contiguous, disjoint, cover it, and differ in size by at most one', async (t) => {
  fc.assert(
    fc.property(fc.nat(1000), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (from, size, wanted) => {
      const range = { from, to: from + size - 1 };
      const count = Math.min(wanted, size);
      const shards = Array.from({ length: count }, (_, i) => shardSeeds(range, { index: i + 1, count }));
      let next = range.from;
      for (const shard of shards) {
        if (shard.from !== next || shard.to < shard.from) return false;
        next = shard.to + 1;
      }
      const sizes = shards.map((s) => s.to - s.from + 1);
      return next === range.to + 1 && Math.max(...sizes) - Math.min(...sizes) <= 1;
    }),
    { seed: 7 },
  );
  t.same(shardSeeds({ from: 0, to: 999 }, { index: 2, count: 4 }), { from: 250, to: 499 });
});

t.test('--seeds and --shard accept A..B and i/N, and name the flag and the form otherwise', async (t) => {
  t.same(parseSeedRange('0..999'), { from: 0, to: 999 });
  t.same(parseShard('3/4'), { index: 3, count: 4 });
  for (const bad of ['5..4', '1-3', '0..1..2', '1.5..3']) t.throws(() => parseSeedRange(bad), { name: 'UsageError', message: /--seeds: .* A\.\.B/ }, bad);
  for (const bad of ['-1..3', '0..99999999999', '..3']) t.throws(() => parseSeedRange(bad), { name: 'UsageError', message: /--seeds expects a whole number/ }, bad);
  for (const bad of ['0/4', '5/4', '1', 'a/b']) t.throws(() => parseShard(bad), { name: 'UsageError', message: /--shard: .* i\/N/ }, bad);
  const usageErrors: [string[], string][] = [
    [['--seeds', '0..2', '--shard', '1/5'], '5 shards for the 3 seeds of 0..2'],
    [['--shard', '1/2'], '--shard belongs to a seed sweep: add --seeds A..B'],
    [['--seeds', '0..1', '--output', '/nonexistent/folder/sweep.json'], "--output: cannot write '/nonexistent/folder/sweep.json'"],
    [['--seeds', '0..3', '--seed', '1'], 'cannot be combined with --seed'],
  ];
  for (const [flags, message] of usageErrors) {
    const { code, err } = await cli(['conform', '--tests', 'rpc/calls-complete-*', ...flags]);
    t.equal(code, 64, flags.join(' '));
    t.match(err, message, flags.join(' '));
  }
  t.same(ranges([9, 1, 2, 3, 5, 10]), '1..3, 5, 9..10');
});

// A mutant fails at every seed, so the comparison covers failures and their replay lines.
const mutantSweep = ['conform', '--tests', 'rpc/at-most-once-duplicates', '--mutant', 'rpc-retry-without-dedup', '--seeds', '0..2'];

t.test('conform: two shards on one thread each merge into the verdict of the unsharded sweep on two threads', async (t) => {
  const dir = t.testdir();
  const whole = await cli([...mutantSweep, '--workers', '2', '--output', join(dir, 'whole.json')]);
  t.equal(whole.code, 1, whole.err);
  const shards = [];
  for (const i of [1, 2]) shards.push(await cli([...mutantSweep, '--shard', `${i}/2`, '--workers', '1', '--output', join(dir, `shard-${i}.json`)]));
  t.same(shards.map((s) => s.code), [1, 1]);
  t.same(read(join(dir, 'shard-1.json')).shard, { index: 1, count: 2, seeds: { from: 0, to: 0 } });
  const merged = await cli(['report', 'merge', join(dir, 'shard-2.json'), join(dir, 'shard-1.json'), '--format', 'json']);
  t.equal(merged.code, whole.code);
  const wholeFile = read(join(dir, 'whole.json'));
  t.same(results(JSON.parse(merged.out) as SweepFile), results(wholeFile));
  t.equal(wholeFile.seeds.length, 3);
  t.equal(wholeFile.failures.length, 3);
  t.match(wholeFile.failures[0], { seed: 0, test: 'rpc/at-most-once-duplicates', status: 'failed', property: 'AtMostOnce', replay: 'cloudos conform --tests rpc/at-most-once-duplicates --seed 0 --mutant rpc-retry-without-dedup' });
  const text = await cli(['report', 'merge', join(dir, 'shard-1.json'), join(dir, 'shard-2.json')]);
  t.match(text.out, /rpc\/at-most-once-duplicates +3 failed/);
  t.match(text.out, 'replay: cloudos conform --tests rpc/at-most-once-duplicates --seed 2 --mutant rpc-retry-without-dedup');
  t.match(text.out, /verdict: failed \(3 failures at 3 of 3 seeds\)/);

  t.test('a missing shard, a shard given twice, or a shard cut short is incomplete (2), and the report says which', async (t) => {
    const missing = await cli(['report', 'merge', join(dir, 'shard-2.json')]);
    t.equal(missing.code, 1, 'the failures found still decide the verdict');
    t.match(missing.out, 'shard 1/2 (seeds 0) is missing: no file has it');
    const passing = ['conform', '--tests', 'rpc/calls-complete-*', '--seeds', '0..3', '--workers', '1'];
    for (const i of [1, 2]) await cli([...passing, '--shard', `${i}/2`, '--output', join(dir, `ok-${i}.json`)]);
    const alone = await cli(['report', 'merge', join(dir, 'ok-1.json')]);
    t.equal(alone.code, 2);
    t.match(alone.out, 'shard 2/2 (seeds 2..3) is missing: no file has it');
    const twice = await cli(['report', 'merge', join(dir, 'ok-1.json'), join(dir, 'ok-2.json'), join(dir, 'ok-1.json')]);
    t.equal(twice.code, 2);
    t.match(twice.out, `seeds 0..1 are in both ${join(dir, 'ok-1.json')} and ${join(dir, 'ok-1.json')}`);
    const whole = await cli(['report', 'merge', join(dir, 'ok-1.json'), join(dir, 'ok-2.json')]);
    t.equal(whole.code, 0, whole.out);
    t.match(whole.out, /rpc\/calls-complete-without-faults +4 passed/);

    const aborted = new AbortController();
    aborted.abort();
    const cut = await cli([...passing, '--shard', '2/2', '--output', join(dir, 'cut.json')], aborted.signal);
    t.equal(cut.code, 2);
    t.equal(read(join(dir, 'cut.json')).complete, false, 'an interrupted run still writes its file');
    const stopped = await cli(['report', 'merge', join(dir, 'ok-1.json'), join(dir, 'cut.json')]);
    t.equal(stopped.code, 2);
    t.match(stopped.out, `shard 2/2 stopped early in ${join(dir, 'cut.json')} (complete: false): seeds 2..3 did not run`);
  });

  t.test('a malformed file, or files of different sweeps, are bad input (65) naming the file and the field', async (t) => {
    const cases: [string, (file: Record<string, unknown>) => unknown, RegExp | string][] = [
      ['not-json.json', () => '{"format": ', /not-json\.json: not JSON/],
      ['other.json', () => ({ hello: 1 }), /other\.json: not a cloudos sweep result: format/],
      ['future.json', (f) => ({ ...f, formatVersion: 2 }), /future\.json: formatVersion: 2 is not read by this cloudos/],
      ['status.json', (f) => ({ ...f, seeds: [{ seed: 0, verdicts: { 'rpc/at-most-once-duplicates': 'great' } }] }), /status\.json: seeds\[0\]\.verdicts\["rpc\/at-most-once-duplicates"\]: /],
      ['outside.json', (f) => ({ ...f, seeds: [{ seed: 7, verdicts: { 'rpc/at-most-once-duplicates': 'failed' } }] }), /outside\.json: seeds\[0\]\.seed: 7 lies outside the shard's seeds 0$/m],
      ['hardware.json', (f) => ({ ...f, sweep: { ...(f.sweep as object), settings: { ...(f.sweep as SweepFile['sweep']).settings, hardware: 'rack-40g' } } }), /hardware\.json: sweep\.settings\.hardware: "rack-40g" differs from \(absent\) in .*shard-2\.json/],
    ];
    const shard1 = JSON.parse(readFileSync(join(dir, 'shard-1.json'), 'utf8')) as Record<string, unknown>;
    for (const [name, make, message] of cases) {
      const content = make(shard1);
      writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
      const { code, err } = await cli(['report', 'merge', join(dir, 'shard-2.json'), join(dir, name)]);
      t.equal(code, 65, name);
      t.match(err, message, name);
    }
    const absent = await cli(['report', 'merge', join(dir, 'nowhere.json')]);
    t.equal(absent.code, 65);
    t.match(absent.err, 'nowhere.json: cannot read: no such file');
  });
});

t.test('a port without the feature a test needs: not applicable at every seed, counted apart, through shards and merge', async (t) => {
  const dir = t.testdir();
  const fake = `node ${join(repoRoot, 'dist/conformance/src/fakes/single-node-fake-main.js')} --features messaging`;
  for (const i of [1, 2]) {
    const shard = await cli(['conform', '--impl', fake, '--tests', 'rpc/calls-complete-*', '--seeds', '3..4', '--shard', `${i}/2`, '--output', join(dir, `na-${i}.json`)]);
    t.equal(shard.code, 0, shard.err);
  }
  const merged = await cli(['report', 'merge', join(dir, 'na-1.json'), join(dir, 'na-2.json')]);
  t.equal(merged.code, 0);
  t.match(merged.out, /rpc\/calls-complete-without-faults +2 not applicable/);
  t.match(merged.out, 'verdict: passed (2 seeds x 1 test; 2 of these runs not applicable)');
  t.same(read(join(dir, 'na-2.json')).seeds, [{ seed: 4, verdicts: { 'rpc/calls-complete-without-faults': 'not-applicable' } }]);
});

t.test('Ctrl-C during a sweep on two threads stops it, keeps the seeds that finished, and writes the file', async (t) => {
  const dir = t.testdir();
  const controller = new AbortController();
  let out = '';
  let err = '';
  const args = [...mutantSweep.slice(0, -1), '0..49', '--workers', '2', '--output', join(dir, 'cut.json')];
  const code = await run(args, {
    out: (s) => void (out += s),
    err: (s) => {
      err += s;
      if (/^seed \d+ /m.test(s)) controller.abort();
    },
    cwd: repoRoot,
    signal: controller.signal,
  });
  const file = read(join(dir, 'cut.json'));
  t.equal(file.complete, false);
  t.ok(file.seeds.length >= 1 && file.seeds.length < 50, `${file.seeds.length} seeds kept`);
  t.equal(file.failures.length, file.seeds.length, 'each kept seed has its failure');
  t.equal(code, 1, 'the failures found decide the verdict');
  t.match(out, /did not run: .*cut\.json stopped early \(complete: false\)/);
  t.match(err, 'written to');
});

t.test('simulate: shards merge into the verdict of the unsharded sweep, failing seeds with their replay lines', async (t) => {
  const dir = t.testdir();
  const sweep = ['simulate', 'tools/tla/corpus/DieHard.tla', '--num', '40', '--seeds', '0..5'];
  const whole = await cli([...sweep, '--workers', '2', '--output', join(dir, 'whole.json')]);
  for (const i of [1, 2, 3]) await cli([...sweep, '--shard', `${i}/3`, '--workers', '1', '--output', join(dir, `shard-${i}.json`)]);
  const merged = await cli(['report', 'merge', ...[3, 1, 2].map((i) => join(dir, `shard-${i}.json`)), '--format', 'json']);
  const wholeFile = read(join(dir, 'whole.json'));
  t.same(results(JSON.parse(merged.out) as SweepFile), results(wholeFile));
  t.equal(merged.code, whole.code);
  // Whether a seed finds DieHard's big = 4 within 40 behaviours varies; some of 0..5 do and some do not.
  const failed = wholeFile.failures.map((f) => f.seed);
  t.ok(failed.length > 0 && failed.length < 6, `failing seeds ${failed}`);
  t.equal(whole.code, 1);
  t.match(wholeFile.failures[0], { test: 'DieHard', status: 'failed', property: 'NotSolved', replay: `cloudos simulate tools/tla/corpus/DieHard.tla --depth 100 --num 40 --seed ${failed[0]}` });
  const replay = await cli(['simulate', 'tools/tla/corpus/DieHard.tla', '--depth', '100', '--num', '40', '--seed', String(failed[0])]);
  t.equal(replay.code, 1, 'the replay line reproduces the failure');
});

/** `cloudos conform` in a child process, sent `signal` once it has printed its first line on stderr. */
function conformSignalled(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; err: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'conform', ...args], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (chunk) => {
      if (err === '') child.kill(signal);
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, err }));
  });
}

t.test('a signal stops a sweep on one thread and a default run between tests (each runs synchronously); both still write what they found', async (t) => {
  const dir = t.testdir();
  const output = join(dir, 'stopped.json');
  // Without a turn of the event loop between runs the signal waited for all 100,000 seeds.
  const sweep = await conformSignalled(['--tests', 'messaging/fifo-across-nodes', '--seeds', '1..100000', '--workers', '1', '--output', output], 'SIGTERM');
  t.equal(sweep.code, 2, sweep.err);
  const file = read(output);
  t.equal(file.complete, false);
  t.ok(file.seeds.length < 100000, `${file.seeds.length} seeds kept`);
  t.ok(file.seeds.every((s) => s.verdicts['messaging/fifo-across-nodes'] === 'passed'), 'only seeds that ran to the end are kept');
  const suite = await conformSignalled(['--tests', 'messaging/*', '--format', 'json'], 'SIGINT');
  t.equal(suite.code, 2, suite.err);
});
