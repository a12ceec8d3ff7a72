// Entry point of the `cloudos` command: dispatches to a subcommand and maps failures to exit codes.

import { commands } from './commands.js';
import { helpText, UsageError, type CommandIO } from './command.js';
import { ExitCode } from '../../conventions/index.js';
import { version } from './version.js';

async function topLevelHelp(): Promise<string> {
  const names = Object.keys(commands).sort();
  const summaries = await Promise.all(names.map(async (n) => (await commands[n]!()).summary));
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: cloudos <command> [options]',
    '',
    'commands:',
    ...names.map((n, i) => `  ${n.padEnd(width)}  ${summaries[i]}`),
    '',
    'Run `cloudos <command> --help` for the options of a command.',
    'Exit codes: 0 holds/passed, 1 violated/failed, 2 unknown (bound, timeout, interrupted),',
    '            64 usage error, 65 bad input, 70 internal error.',
    '',
  ].join('\n');
}

export async function run(argv: string[], io?: Partial<CommandIO>): Promise<number> {
  const controller = new AbortController();
  const fullIO: CommandIO = {
    out: io?.out ?? ((t) => void process.stdout.write(t)),
    err: io?.err ?? ((t) => void process.stderr.write(t)),
    cwd: io?.cwd ?? process.cwd(),
    signal: io?.signal ?? controller.signal,
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    fullIO.out(await topLevelHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version') {
    fullIO.out(`cloudos ${version}\n`);
    return ExitCode.ok;
  }
  const load = commands[name];
  if (!load) {
    fullIO.err(`cloudos: unknown command '${name}'\n${await topLevelHelp()}`);
    return ExitCode.usage;
  }
  const command = await load(rest);
  if (rest.includes('--help') || rest.includes('-h')) {
    fullIO.out(helpText(command));
    return ExitCode.ok;
  }
  const onSignal = () => controller.abort();
  if (!io?.signal) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    return await command.run(rest, fullIO);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      fullIO.err(`cloudos ${name}: ${(error as Error).message}\nRun \`cloudos ${name} --help\` for usage.\n`);
      return ExitCode.usage;
    }
    fullIO.err(`cloudos ${name}: internal error: ${(error as Error)?.stack ?? String(error)}\nThis is a bug in cloudOS; please report it with the command line above.\n`);
    return ExitCode.internal;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

