// The registry of `cloudos` subcommands. Each entry loads its module lazily so that
// `cloudos hw ...` does not pay for the TLA+ front end, and the reverse.
import type { Command } from './command.js';

export const commands: Record<string, () => Promise<Command>> = {
  all: async () => (await import('./all.js')).command,
  check: async () => (await import('./check.js')).command,
  simulate: async () => (await import('./simulate.js')).command,
  conform: async () => (await import('./conform.js')).command,
  hw: async () => (await import('./hw.js')).command,
  tla2ts: async () => (await import('./tla2ts.js')).command,
  report: async () => (await import('./report.js')).command,
};
