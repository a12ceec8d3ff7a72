// The shape every `cloudos` subcommand has: a name, a one-line summary, an option table from which
// both the parser and the --help text are made (so that neither can name a flag the other lacks),
// and run().
import { parseArgs } from 'node:util';

/** Where a command writes: results to `out` (stdout), progress and diagnostics to `err` (stderr). */
export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Working directory against which relative paths on the command line are resolved. */
  cwd: string;
  /** Aborted on SIGINT/SIGTERM; long runs stop, print what they found, and exit 2. */
  signal: AbortSignal;
}

/** One flag: how node's parseArgs reads it, and how --help shows it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value as --help names it (`FILE`, `N`, `text|json`); string options only. */
  value?: string;
  short?: string;
  multiple?: boolean;
  default?: string | boolean | readonly string[];
  /** What the flag does; each further line of the text continues the description in --help. */
  help: string;
  /** The heading the flag is listed under in --help (default `options`). */
  group?: string;
  /** The value is this many words (`--dump-trace itf FILE`: 2), read here: parseArgs takes one. */
  words?: number;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface Command {
  name: string;
  summary: string;
  /** What follows `usage: cloudos ` (`check Spec.tla [options]`); one line per form. */
  usage: string;
  /** What the command does, in prose, under the usage line. */
  description: string;
  options: OptionTable;
  /** Printed after the options: exit codes, notes. */
  epilogue: string;
  /** Returns the process exit code (see exit-codes.ts). */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** A command-line mistake; the CLI prints it with the usage hint and exits 64. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'this help' };

function flagColumn(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.value !== undefined ? ` ${spec.value}` : ''}`;
  return spec.short !== undefined ? `-${spec.short}, ${long}` : long;
}

/** `cloudos NAME --help`: usage, description, the option table by group, epilogue. */
export function helpText(command: Command): string {
  const entries = [...Object.entries(command.options), ['help', HELP_OPTION] as const];
  const width = Math.max(...entries.map(([name, spec]) => flagColumn(name, spec).length)) + 2;
  const groups = new Map<string, string[]>();
  for (const [name, spec] of entries) {
    const [first, ...more] = spec.help.split('\n');
    const lines = [`  ${flagColumn(name, spec).padEnd(width)}${first}`, ...more.map((line) => `  ${' '.repeat(width)}${line.trim()}`)];
    const group = spec.group ?? 'options';
    groups.set(group, [...(groups.get(group) ?? []), ...lines]);
  }
  const usage = command.usage.split('\n').map((form, i) => `${i === 0 ? 'usage:' : '      '} cloudos ${form}`);
  const sections = [usage.join('\n'), command.description.trim(), ...[...groups].map(([group, lines]) => `${group}:\n${lines.join('\n')}`), command.epilogue.trim()];
  return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

/**
 * Parses argv by the option table and nothing else (unknown flags are usage errors). Flags whose
 * value is several words come back in `words`, the rest as parseArgs returns them.
 */
export function parseCommandLine<T extends OptionTable>(options: T, argv: string[], { positionals = false } = {}) {
  const words: Record<string, string[]> = {};
  let args = argv;
  const table: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean | string[] }> = {};
  for (const [name, spec] of Object.entries(options)) {
    if (spec.words !== undefined) {
      const at = args.indexOf(`--${name}`);
      if (at < 0) continue;
      const value = args.slice(at + 1, at + 1 + spec.words);
      if (value.length < spec.words || value.some((w) => w.startsWith('-'))) throw new UsageError(`--${name} expects ${spec.value ?? `${spec.words} words`}`);
      words[name] = value;
      args = [...args.slice(0, at), ...args.slice(at + 1 + spec.words)];
      continue;
    }
    table[name] = {
      type: spec.type,
      ...(spec.short !== undefined ? { short: spec.short } : {}),
      ...(spec.multiple !== undefined ? { multiple: spec.multiple } : {}),
      ...(spec.default !== undefined ? { default: spec.default as string | boolean | string[] } : {}),
    };
  }
  // `--seed -1` would be read as --seed missing its value: a negative number is handed to the
  // option, whose own check then explains what it accepts.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (table[args[i]!.replace(/^--/, '')]?.type === 'string' && args[i]!.startsWith('--') && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else joined.push(args[i]!);
  }
  const parsed = parseArgs({ args: joined, options: table, allowPositionals: positionals, strict: true });
  return {
    values: parsed.values as ParsedValues<T>,
    positionals: parsed.positionals,
    words,
  };
}

/** The value of each flag as parseArgs gives it; a flag with a default is never undefined. */
type ParsedValues<T extends OptionTable> = {
  [K in keyof T as T[K] extends { words: number } ? never : K]:
    | (T[K]['type'] extends 'boolean' ? boolean : T[K] extends { multiple: true } ? string[] : string)
    | (T[K] extends { default: unknown } ? never : undefined);
};
