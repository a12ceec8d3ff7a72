// The one seed convention of every `cloudos` subcommand: a whole number from 0 to MAX_SEED, a
// fixed default (never random, so that a run without --seed replays too), printed in the run's
// header and in the replay line after any failure.
import { MAX_SEED } from '../../conventions/index.js';
import { UsageError } from './command.js';

/** The seed of a run without --seed; the same for every subcommand. */
export const DEFAULT_SEED = 1;

/** What every seeded command's --help says of --seed, with its default (a command that runs several seeds by default says which). */
export function seedHelp(defaultText = String(DEFAULT_SEED)): string {
  return `seed of every random choice: a whole number from 0 to ${MAX_SEED} (default ${defaultText})`;
}
export const SEED_HELP = seedHelp();

/**
 * A seed given on the command line, or DEFAULT_SEED when absent. Refuses negatives, fractions,
 * exponents and anything beyond 32 bits (the engine would replay another seed) with a usage error
 * (exit 64) that names the flag and the fix.
 */
export function parseSeed(text: string | undefined, flag = '--seed'): number {
  if (text === undefined) return DEFAULT_SEED;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || seed > MAX_SEED) {
    throw new UsageError(`${flag} expects a whole number from 0 to ${MAX_SEED}, got '${text}'; give e.g. ${flag} ${DEFAULT_SEED} (the default)`);
  }
  return seed;
}
