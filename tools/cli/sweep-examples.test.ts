// The sweep examples of docs/sweeps/ run as their CI system would run them, on a few seeds: the
// command line of each file goes to /bin/sh with the variables the system sets (a matrix entry,
// JOB_COMPLETION_INDEX), two shards, then `cloudos report merge`; the merged verdict must be the
// one of the same sweep unsharded. A change of flags that breaks an example fails here.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main.js';
import type { SweepFile } from './sweep-file.js';
import { repoRoot } from '../../conventions/index.js';

const cloudos = join(repoRoot, 'bin/cloudos.js');
const SEEDS = '5..7';

function shell(line: string, cwd: string, env: Record<string, string>): { code: number; out: string; err: string } {
  const result = spawnSync('/bin/sh', ['-c', line.replaceAll('node bin/cloudos.js', `node ${cloudos}`)], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
}

/** The one line of `file` that runs `cloudos <what>`, from `node` to the end of the line. */
function commandLine(file: string, what: string): string {
  const lines = readFileSync(join(repoRoot, 'docs/sweeps', file), 'utf8').split('\n').flatMap((l) => /(node bin\/cloudos\.js .*)$/.exec(l)?.[1] ?? []);
  const found = lines.filter((l) => l.startsWith(`node bin/cloudos.js ${what}`));
  if (found.length !== 1) throw new Error(`docs/sweeps/${file}: expected one 'node bin/cloudos.js ${what}' line, found ${found.length}`);
  return found[0]!;
}

const results = (file: SweepFile) => ({ sweep: file.sweep, complete: file.complete, seeds: file.seeds, failures: file.failures });

async function unsharded(shardLine: string, dir: string): Promise<{ code: number; file: SweepFile }> {
  // The example's conform flags, without the shard: the sweep as one machine runs it.
  const words = [...shardLine.matchAll(/'([^']*)'|"[^"]*"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[0]);
  const tests = words[words.indexOf('--tests') + 1]!;
  const output = join(dir, 'unsharded.json');
  const code = await run(['conform', '--tests', tests, '--seeds', SEEDS, '--workers', '2', '--output', output], { out: () => undefined, err: () => undefined, cwd: repoRoot, signal: new AbortController().signal });
  return { code, file: JSON.parse(readFileSync(output, 'utf8')) as SweepFile };
}

t.test('docs/sweeps/github-actions.yml: two matrix entries, then the merge job, give the unsharded verdict', async (t) => {
  const dir = t.testdir();
  const shardLine = commandLine('github-actions.yml', 'conform');
  t.match(shardLine, '${{ matrix.shard }}');
  for (const shard of ['1', '2']) {
    const { code, err } = shell(shardLine.replaceAll('${{ matrix.shard }}', shard), dir, { SEEDS, SHARDS: '2' });
    t.equal(code, 0, err);
  }
  const merge = shell(commandLine('github-actions.yml', 'report merge'), dir, {});
  const expected = await unsharded(shardLine, dir);
  t.equal(merge.code, expected.code, merge.out + merge.err);
  t.same(results(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepFile), results(expected.file));
  t.match(merge.out, /verdict: passed \(3 seeds x \d+ tests\)/);
});

t.test('docs/sweeps/kubernetes-job.yaml: two indexed pods, then the merge, give the unsharded verdict', async (t) => {
  const dir = t.testdir();
  const shardLine = commandLine('kubernetes-job.yaml', 'conform');
  t.match(shardLine, 'JOB_COMPLETION_INDEX');
  for (const index of ['0', '1']) {
    const { code, err } = shell(shardLine.replaceAll('/results/', `${dir}/`), dir, { SEEDS, SHARDS: '2', JOB_COMPLETION_INDEX: index });
    t.equal(code, 0, err);
  }
  const merge = shell(`node bin/cloudos.js report merge ${dir}/sweep-*.json --format json`, dir, {});
  const expected = await unsharded(shardLine, dir);
  t.equal(merge.code, expected.code, merge.err);
  t.same(results(JSON.parse(merge.out) as SweepFile), results(expected.file));
  t.same(JSON.parse(merge.out).seeds.map((s: { seed: number }) => s.seed), [5, 6, 7]);
});
