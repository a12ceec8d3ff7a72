// The shape every `cloudos` subcommand has: a name, a one-line summary, a --help text and run().

/** Where a command writes: results to `out` (stdout), progress and diagnostics to `err` (stderr). */
export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Working directory against which relative paths on the command line are resolved. */
  cwd: string;
  /** Aborted on SIGINT/SIGTERM; long runs stop, print what they found, and exit 2. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  /** Full usage text printed by `cloudos NAME --help`. */
  help: string;
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
