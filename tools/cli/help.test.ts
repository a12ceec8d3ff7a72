// --help is made from each command's option table, and the parser reads the same table: every
// flag in the table is in --help and accepted, and no command parses flags any other way.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText, parseCommandLine, UsageError, type OptionTable } from './command.js';
import { commands } from './commands.js';
import { fromRepoRoot } from '../../conventions/index.js';

const cliSource = fromRepoRoot('tools/cli');

t.test('every flag of every option table is listed in --help', async (t) => {
  for (const name of Object.keys(commands)) {
    const command = await commands[name]!();
    const help = helpText(command);
    t.match(help, new RegExp(`^usage: cloudos ${name}\\b`, 'm'), name);
    t.match(help, /^  -h, --help +this help$/m, `${name} documents --help`);
    for (const [flag, spec] of Object.entries(command.options)) {
      const column = `${spec.short !== undefined ? `-${spec.short}, ` : ''}--${flag}${spec.value !== undefined ? ` ${spec.value}` : ''}`;
      t.ok(help.split('\n').some((line) => line.startsWith(`  ${column} `)), `${name} --help lists ${column}`);
      t.ok(spec.help.trim().length > 0, `${name} --${flag} says what it does`);
      t.equal(spec.type === 'string', spec.value !== undefined, `${name} --${flag}: a value is named exactly when the flag takes one`);
    }
  }
});

t.test('the parser accepts every flag of the table, and no other', async (t) => {
  for (const name of Object.keys(commands)) {
    const { options } = await commands[name]!();
    for (const [flag, spec] of Object.entries(options)) {
      const argv = [`--${flag}`, ...(spec.type === 'string' ? Array.from({ length: spec.words ?? 1 }, (_, i) => `v${i}`) : [])];
      t.doesNotThrow(() => parseCommandLine(options, argv, { positionals: true }), `${name} ${argv.join(' ')}`);
    }
    t.throws(() => parseCommandLine(options, ['--not-a-flag'], { positionals: true }), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }, `${name} refuses a flag outside its table`);
  }
});

t.test('no command file parses its command line other than through the option table', async (t) => {
  const files = readdirSync(cliSource).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'command.ts');
  t.ok(files.length >= Object.keys(commands).length);
  for (const file of files) t.notMatch(readFileSync(join(cliSource, file), 'utf8'), /\bparseArgs\s*\(|process\.argv/, `${file} reads flags only through parseCommandLine`);
});

t.test('multi-word values, negative numbers and help layout', async (t) => {
  const options = {
    dump: { type: 'string', value: 'itf FILE', words: 2, help: 'two words' },
    seed: { type: 'string', value: 'S', help: 'a number\ncontinued' },
    quiet: { type: 'boolean', short: 'q', help: 'no output', group: 'other' },
  } as const satisfies OptionTable;
  const parsed = parseCommandLine(options, ['x.tla', '--dump', 'itf', 'out.json', '--seed', '-3', '-q'], { positionals: true });
  t.same(parsed.words, { dump: ['itf', 'out.json'] });
  t.equal(parsed.values.seed, '-3', 'a negative number is the value, left to the flag\'s own check');
  t.equal(parsed.values.quiet, true);
  t.same(parsed.positionals, ['x.tla']);
  t.throws(() => parseCommandLine(options, ['--dump', 'itf']), new UsageError('--dump expects itf FILE'));
  const help = helpText({ name: 'x', summary: '', usage: 'x FILE', description: 'Does x.', options, epilogue: 'exit codes: 0.', run: async () => 0 });
  t.equal(help, [
    'usage: cloudos x FILE', '', 'Does x.', '',
    'options:',
    '  --dump itf FILE  two words',
    '  --seed S         a number',
    '                   continued',
    '  -h, --help       this help', '',
    'other:',
    '  -q, --quiet      no output', '',
    'exit codes: 0.', '',
  ].join('\n'));
});
