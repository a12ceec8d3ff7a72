// The command line that replays one test exactly: same test, seed, implementation and hardware.

export interface ReplayContext {
  /** The --impl command, absent for the in-process reference kernel. */
  impl?: string;
  hardware?: string;
  mutant?: string;
}

export function replayCommand(id: string, seed: number, context: ReplayContext): string {
  const parts = ['cloudos conform', `--tests ${id}`, `--seed ${seed}`];
  if (context.impl !== undefined) parts.push(`--impl ${shellQuote(context.impl)}`);
  if (context.hardware !== undefined) parts.push(`--hardware ${context.hardware}`);
  if (context.mutant !== undefined) parts.push(`--mutant ${context.mutant}`);
  return parts.join(' ');
}

/** One word for /bin/sh: quoted only when it needs to be. */
export function shellQuote(text: string): string {
  return /^[\w./:=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
