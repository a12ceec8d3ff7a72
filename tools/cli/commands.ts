// The registry of `cloudos` subcommands. Each entry loads its module lazily so that
// `cloudos hw ...` does not pay for the TLA+ front end, and the reverse.
import type { Command } from './command.js';

/** Each loader gets the command's arguments, for what must happen before its modules load. */
export const commands: Record<string, (args?: readonly string[]) => Promise<Command>> = {
  all: async (args) => {
    // The main job always reports the kernel's branches (see conform below for why it starts first).
    if (!asksForHelp(args)) await startKernelCoverage();
    return (await import('./all.js')).command;
  },
  check: async () => (await import('./check.js')).command,
  simulate: async () => (await import('./simulate.js')).command,
  conform: async (args) => {
    // V8 gives block counts only for code compiled after block coverage starts, and the kernel
    // runs code as its modules load (constants): so it starts before conform.js imports the kernel.
    if (args?.includes('--kernel-coverage') && !asksForHelp(args)) await startKernelCoverage();
    return (await import('./conform.js')).command;
  },
  hw: async () => (await import('./hw.js')).command,
  tla2ts: async () => (await import('./tla2ts.js')).command,
  report: async () => (await import('./report.js')).command,
};

/** `--help` runs nothing: no coverage session to open. */
function asksForHelp(args: readonly string[] | undefined): boolean {
  return args?.includes('--help') === true || args?.includes('-h') === true;
}

async function startKernelCoverage(): Promise<void> {
  (await import('../../conformance/src/kernel-coverage.js')).startKernelCoverage();
}
