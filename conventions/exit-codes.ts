// Exit codes of every cloudOS program (the `cloudos` subcommands, the reference adapter), in bands CI
// can rely on (see README "Exit codes").
export const ExitCode = {
  /** The property holds / the suite passed. */
  ok: 0,
  /** A property is violated / a test failed. */
  violated: 1,
  /** Unknown: a bound, a time limit or an interruption stopped the run before a verdict. */
  unknown: 2,
  /** The command line is wrong (unknown flag, missing argument). */
  usage: 64,
  /** The input is wrong (a spec, a config, a model file, a malformed message). */
  badInput: 65,
  /** A bug in cloudOS itself. */
  internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
