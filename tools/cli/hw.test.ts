// `cloudos hw` end to end through the CLI entry point: outputs, exit codes, errors naming the
// field and the rule, deterministic traces.
import t from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main.js';
import { parseDurationNs } from './hw.js';
import { temporaryFolder } from '../../conventions/index.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['hw', ...argv], { out: (s) => void (out += s), err: (s) => void (err += s), cwd: process.cwd(), signal: new AbortController().signal });
  return { code, out, err };
}

const work = temporaryFolder('cloudos-hw-');

t.test('list and show', async (t) => {
  const list = await cli('list', '--format', 'json');
  t.equal(list.code, 0);
  const parsed = JSON.parse(list.out) as { presets: { name: string }[]; workloads: { name: string }[] };
  t.same(parsed.presets.map((p) => p.name), ['clark-2005', 'datacenter-100gbe', 'ix-2014-10gbe', 'ix-2014-4x10gbe', 'multi-datacenter', 'nvm-machine', 'pooled-nic-rack']);
  t.same(parsed.workloads.map((w) => w.name), ['rpc-all-to-all', 'incast']);
  const show = await cli('show', 'nvm-machine');
  t.equal(show.code, 0);
  t.match(show.out, /NVM 1\.5 TiB \(read 305 ns, write 94 ns\)/);
  t.match(show.out, /sources:\n/);
  const unknown = await cli('show', 'cray-1');
  t.equal(unknown.code, 65);
  t.match(unknown.err, /unknown preset 'cray-1'; presets are clark-2005, datacenter-100gbe/);
});

t.test('validate: a valid file, and bad files naming field and rule (exit 65)', async (t) => {
  const preset = JSON.parse(readFileSync(join(process.cwd(), 'hardware-models/presets/ix-2014-10gbe.json'), 'utf8'));
  const good = join(work, 'good.json');
  writeFileSync(good, JSON.stringify(preset));
  const ok = await cli('validate', good);
  t.equal(ok.code, 0);
  t.match(ok.out, /valid \(ix-2014-10gbe: 25 machines, 1 devices \(switches, pooled NICs\), 25 links\)/);

  preset.topology.links[3].bandwidthBitsPerSec = -10;
  preset.topology.links[4].b = 'tor2';
  preset.machineTypes.server.cores = 0;
  preset.faults = { schedule: [{ kind: 'crash', atNs: 5, node: 'client99' }] };
  const bad = join(work, 'bad.json');
  writeFileSync(bad, JSON.stringify(preset));
  const shape = await cli('validate', bad);
  t.equal(shape.code, 65);
  t.match(shape.err, /bad\.json: error: topology\.links\[3\]\.bandwidthBitsPerSec: Too small: expected number to be >0/);
  t.match(shape.err, /bad\.json: error: machineTypes\.server\.cores: Too small/);
  preset.topology.links[3].bandwidthBitsPerSec = 10e9;
  preset.machineTypes.server.cores = 8;
  writeFileSync(bad, JSON.stringify(preset));
  const refs = await cli('validate', bad);
  t.equal(refs.code, 65);
  t.match(refs.err, /topology\.links\[4\]\.b: unknown machine, switch or pooled NIC 'tor2'/);
  preset.topology.links[4].b = 'tor';
  writeFileSync(bad, JSON.stringify(preset));
  const fault = await cli('validate', bad, '--format', 'json');
  t.equal(fault.code, 65);
  t.same(JSON.parse(fault.out).problems[0].field, 'faults.schedule[0].node');

  const syntax = join(work, 'syntax.json');
  writeFileSync(syntax, '{\n  "name": "x",,\n}');
  const syn = await cli('validate', syntax);
  t.equal(syn.code, 65);
  t.match(syn.err, /syntax\.json:2:15: error: invalid JSON: unexpected ","/);
  t.equal((await cli('validate', join(work, 'missing.json'))).code, 65);
  const directory = await cli('validate', work);
  t.equal(directory.code, 65);
  t.match(directory.err, /cannot read .*EISDIR/);
});

t.test('run: deterministic trace file, json report, nothing runs on bad input', async (t) => {
  const traceA = join(work, 'a.ndjson');
  const traceB = join(work, 'b.ndjson');
  const a = await cli('run', 'nvm-machine', '--workload', 'rpc-all-to-all', '--seed', '5', '--duration', '50us', '--trace', traceA, '--format', 'json');
  const b = await cli('run', 'nvm-machine', '--workload', 'rpc-all-to-all', '--seed', '5', '--duration', '50us', '--trace', traceB);
  t.equal(a.code, 0);
  t.equal(b.code, 0);
  t.equal(readFileSync(traceA, 'utf8'), readFileSync(traceB, 'utf8'));
  t.ok(readFileSync(traceA, 'utf8').split('\n').length > 50);
  const report = JSON.parse(a.out) as { outcome: { kind: string; nowNs: number }; figures: Record<string, number> };
  t.same(report.outcome.kind, 'time-limit');
  t.equal(report.outcome.nowNs, 50_000);
  t.ok(report.figures.callsCompleted! > 0);
  t.match(b.out, /nvm-machine · rpc-all-to-all · seed 5 · 50\.000 µs simulated/);

  const limited = await cli('run', 'nvm-machine', '--workload', 'incast', '--max-events', '10');
  t.equal(limited.code, 2, 'an event bound is an unknown outcome');
  t.match(limited.err, /stopped early \(event-limit\); replay: cloudos hw run nvm-machine --workload incast --seed 1/);

  const badParam = await cli('run', 'nvm-machine', '--workload', 'incast', '--param', 'messageBytes=-3');
  t.equal(badParam.code, 65);
  t.match(badParam.err, /--param messageBytes: Too small/);
  const unknownReceiver = await cli('run', 'nvm-machine', '--workload', 'incast', '--param', 'receiver=zz');
  t.equal(unknownReceiver.code, 65, 'a parameter naming a machine the model lacks is bad input, not an internal error');
  t.match(unknownReceiver.err, /--param receiver: unknown machine 'zz' \(known: m0, m1, m2, m3\)/);
  t.equal((await cli('run', 'nvm-machine', '--workload', 'teleport')).code, 64);
  t.equal((await cli('run', 'nvm-machine')).code, 64);
  t.equal((await cli('run', 'nvm-machine', '--workload', 'incast', '--seed', '4294967297')).code, 64, 'a seed wider than 32 bits would replay another seed');
  t.equal((await cli('run', 'nvm-machine', '--workload', 'incast', '--duration', 'soon')).code, 64);
  t.equal((await cli('run', 'no-such-preset', '--workload', 'incast')).code, 65);
  const unwritable = await cli('run', 'nvm-machine', '--workload', 'incast', '--trace', join(work, 'no-such-dir', 't.ndjson'));
  t.equal(unwritable.code, 65);
  t.match(unwritable.err, /--trace: cannot write/);
});

t.test('usage errors exit 64', async (t) => {
  t.equal((await cli()).code, 64);
  t.equal((await cli('frob')).code, 64);
  t.equal((await cli('list', '--format', 'yaml')).code, 64);
  t.equal((await cli('list', '--bogus')).code, 64);
  t.equal((await cli('reproduce', 'ix-fig9')).code, 64);
  const helpText = await cli('--help');
  t.equal(helpText.code, 0);
  t.match(helpText.out, /usage: cloudos hw list \| show PRESET \| validate FILE\n +cloudos hw run /);
});

t.test('reproduce clark-2005: a table, JSON with every point, an SVG with --plot, exit 1 while points miss the goal', async (t) => {
  const work = temporaryFolder('hw-clark-');
  const text = await cli('reproduce', 'clark-2005', '--plot', work);
  t.equal(text.code, 1, 'the diabolical downtime is outside 15 % (hardware-models/src/reproduce/README.md says why)');
  t.match(text.out, /specweb99 +downtimeMs \(ms\) +calibration +210/);
  t.match(text.err, /outside the 15% goal on .*diabolical\/downtimeMs/);
  t.ok(existsSync(join(work, 'clark-2005.svg')));
  const json = JSON.parse((await cli('reproduce', 'clark-2005', '--format', 'json')).out) as { points: unknown[] };
  t.equal(json.points.length, 9);
});

t.test('reproduce ivy-managers: the table, --plot writes the SVG, exit 0 while the bound holds', async (t) => {
  const work = temporaryFolder('hw-ivy-');
  const text = await cli('reproduce', 'ivy-managers', '--workloads', '2', '--plot', work);
  t.equal(text.code, 0, text.err);
  t.match(text.out, /3\/3 workloads within the bound/);
  t.ok(existsSync(join(work, 'ivy-managers.svg')));
  t.equal((await cli('reproduce', 'ivy-managers', '--workloads', 'x')).code, 64);
});

t.test('reproduce drf-2011: the reference kernel\'s DRF holds the paper\'s allocation; a table and JSON; exit 0', async (t) => {
  const text = await cli('reproduce', 'drf-2011', '--seed', '3');
  t.equal(text.code, 0, text.err);
  t.match(text.out, /A +tasks +3 +3 +0\.00%/);
  t.match(text.out, /B +dominantShare +0\.6667 +0\.6667 +0\.00%/);
  t.match(text.out, /8\/8 points within 1% of the paper/);
  const json = JSON.parse((await cli('reproduce', 'drf-2011', '--format', 'json')).out) as { seed: number; points: { error: number }[] };
  t.equal(json.seed, 1);
  t.equal(json.points.length, 8);
  t.ok(json.points.every((p) => Math.abs(p.error) <= 0.01));
});

t.test('durations', async (t) => {
  t.equal(parseDurationNs('1500', '--duration'), 1500);
  t.equal(parseDurationNs('2.5us', '--duration'), 2500);
  t.equal(parseDurationNs('10ms', '--duration'), 10_000_000);
  t.equal(parseDurationNs('1s', '--duration'), 1e9);
  t.throws(() => parseDurationNs('0', '--duration'), /positive duration/);
  t.throws(() => parseDurationNs('1h', '--duration'), /expects a duration such as/);
});
