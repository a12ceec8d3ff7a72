// The seed convention, held for every subcommand that takes --seed: the same range, the same
// refusal (exit 64 naming the flag and the fix), the same fixed default, printed.
import t from 'tap';
import { MAX_SEED } from '../../hardware-models/src/index.js';
import { helpText } from './command.js';
import { commands } from './commands.js';
import { run } from './main.js';
import { DEFAULT_SEED, parseSeed, SEED_HELP } from './seed.js';
import { DEFAULT_BUDGET, DEFAULT_SEEDS } from './conform.js';
import { repoRoot } from '../../conventions/index.js';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: repoRoot, signal: new AbortController().signal });
  return { code, out, err };
}

/** Each seeded command line, up to where the seed goes; every command whose help offers --seed is here. */
const seeded: Record<string, string[][]> = {
  all: [['all']],
  conform: [['conform']],
  hw: [['hw', 'run', 'nvm-machine', '--workload', 'incast'], ['hw', 'reproduce', 'ix-fig3']],
  simulate: [['simulate', 'spec/rpc/RPC.tla']],
};

t.test('parseSeed accepts whole numbers from 0 to MAX_SEED and defaults to DEFAULT_SEED', async (t) => {
  t.equal(parseSeed(undefined), DEFAULT_SEED);
  t.equal(parseSeed('0'), 0);
  t.equal(parseSeed('42'), 42);
  t.equal(parseSeed(String(MAX_SEED)), MAX_SEED);
  for (const bad of ['-1', '1.5', '1e3', '0x10', ' 7', '', 'seven', String(MAX_SEED + 1)]) {
    t.throws(() => parseSeed(bad), { name: 'UsageError', message: `--seed expects a whole number from 0 to ${MAX_SEED}, got '${bad}'` }, `'${bad}' is refused`);
  }
});

t.test('every command that offers --seed describes it the same way', async (t) => {
  for (const name of Object.keys(commands)) {
    const help = helpText(await commands[name]!());
    t.equal(/^ +--seed S/m.test(help), name in seeded, `${name}: ${name in seeded ? 'listed as seeded' : 'takes no seed'}`);
    if (name in seeded) t.match(help.replace(/\s+/g, ' '), SEED_HELP.replace(/ \(default .*/, ''), `${name} --help states the range and the default`);
  }
});

t.test('every seeded command refuses a bad seed with exit 64, naming the flag and the fix', async (t) => {
  for (const prefix of Object.values(seeded).flat()) {
    for (const bad of ['-1', '2.5', 'abc', '4294967297']) {
      // --seed=-1: node's parseArgs reads `--seed -1` as a flag missing its value (also exit 64).
      const { code, err } = await cli([...prefix, `--seed=${bad}`]);
      t.equal(code, 64, `${prefix.join(' ')} --seed=${bad}`);
      t.match(err, `--seed expects a whole number from 0 to ${MAX_SEED}, got '${bad}'`, prefix.join(' '));
      t.match(err, `--help`, 'and points to the usage');
    }
  }
});

t.test('without --seed, a run uses the default seed and says so', async (t) => {
  const simulate = await cli(['simulate', 'tools/tla/corpus/DieHard.tla', '--num', '1', '--depth', '2']);
  t.match(simulate.err, `seed ${DEFAULT_SEED}`);
  // conform runs a fixed list of seeds by default (the default run), and --quick the default seed alone.
  const conform = await cli(['conform', '--tests', 'rpc/calls-complete-without-faults', '--format', 'json']);
  t.equal(conform.code, 0, conform.err);
  t.match(conform.err, `seeds ${DEFAULT_SEEDS.from}..${DEFAULT_SEEDS.to} (the default run, within ${DEFAULT_BUDGET}`);
  t.match(JSON.parse(conform.out), { seeds: Array.from({ length: DEFAULT_SEEDS.to - DEFAULT_SEEDS.from + 1 }, (_, i) => DEFAULT_SEEDS.from + i), tests: [{ seedsRun: DEFAULT_SEEDS.to - DEFAULT_SEEDS.from + 1 }] });
  const quick = await cli(['conform', '--tests', 'rpc/calls-complete-without-faults', '--format', 'json', '--quick']);
  t.equal(quick.code, 0, quick.err);
  t.match(JSON.parse(quick.out), { seeds: [DEFAULT_SEED], tests: [{ seed: DEFAULT_SEED, seedsRun: 1 }] });
  const hw = await cli(['hw', 'run', 'nvm-machine', '--workload', 'incast', '--duration', '10us']);
  t.match(hw.out, `seed ${DEFAULT_SEED}`);
});
