import t from 'tap';
import { run } from './main.js';
import { commands } from './commands.js';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: process.cwd(), signal: new AbortController().signal });
  return { code, out, err };
}

t.test('--help lists every registered command with its summary and exits 0', async (t) => {
  const { code, out } = await cli(['--help']);
  t.equal(code, 0);
  for (const name of Object.keys(commands)) {
    const summary = (await commands[name]!()).summary;
    t.match(out, new RegExp(`^  ${name} +${summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), name);
  }
});

t.test('no command, or an unknown one, is a usage error (64)', async (t) => {
  t.equal((await cli([])).code, 64);
  const unknown = await cli(['chek']);
  t.equal(unknown.code, 64);
  t.match(unknown.err, "unknown command 'chek'");
});

t.test('an unknown flag of a subcommand is a usage error that names the flag (64)', async (t) => {
  const { code, err } = await cli(['check', 'Spec.tla', '--wokers', '2']);
  t.equal(code, 64);
  t.match(err, '--wokers');
  t.match(err, 'cloudos check --help');
});

t.test('every subcommand answers --help with its usage and exits 0', async (t) => {
  for (const name of Object.keys(commands)) {
    const { code, out } = await cli([name, '--help']);
    t.equal(code, 0, name);
    t.match(out, `cloudos ${name}`, `${name} --help shows its usage`);
  }
});
