// A seed sweep's result file (`--seeds A..B [--shard i/N] --output F`): versioned JSON that holds
// what `cloudos report merge` needs to combine shards run on different machines into one verdict.
// The zod schema that reads one back is in sweep-schema.ts, so that writing one does not load zod.
import type { SeedRange, SweepFile } from './sweep-schema.js';
import { UsageError } from './command.js';
import { parseSeed } from './seed.js';

export const SWEEP_FORMAT = 'cloudos-sweep';
/** Bumped whenever a field changes meaning, so that a merge never mixes two readings of a file. */
export const SWEEP_FORMAT_VERSION = 1;

/**
 * A test's outcome at one seed. passed / failed / expected-failure / unexpected-pass / unknown as
 * `cloudos conform` classifies them; not-applicable: the implementation lacks a feature the test
 * needs (counted apart, never as passed).
 */
export const SEED_STATUSES = ['passed', 'failed', 'expected-failure', 'unexpected-pass', 'unknown', 'not-applicable'] as const;
export type SeedStatus = (typeof SEED_STATUSES)[number];

export type { SeedRange, SeedRecord, SweepFailure, SweepFile } from './sweep-schema.js';

/** A malformed result file: the file, the JSON field and what is wrong (exit 65). */
export class SweepFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepFileError';
  }
}

/** The file as written: one line per seed record and per failure, so that a 1,000-seed file stays readable and diffable. */
export function serializeSweepFile(file: SweepFile): string {
  const { seeds, failures, ...head } = file;
  const list = (items: readonly object[]) => (items.length === 0 ? '[]' : `[\n${items.map((item) => `  ${JSON.stringify(item)}`).join(',\n')}\n ]`);
  return `${JSON.stringify(head, null, 1).slice(0, -2)},\n "seeds": ${list(seeds)},\n "failures": ${list(failures)}\n}\n`;
}

/** `A..B`, both ends included, each end a seed as `parseSeed` reads it. */
export function parseSeedRange(text: string): SeedRange {
  const match = /^([^.]*)\.\.([^.]*)$/.exec(text);
  const form = `--seeds: '${text}' is not a range A..B of seeds with A <= B (e.g. --seeds 0..999)`;
  if (!match) throw new UsageError(form);
  const range = { from: parseSeed(match[1], '--seeds'), to: parseSeed(match[2], '--seeds') };
  if (range.from > range.to) throw new UsageError(form);
  return range;
}

export interface Shard {
  /** 1-based, as in `--shard 1/4` (Jest and Playwright count the same way). */
  index: number;
  count: number;
}

/** `i/N` with 1 <= i <= N. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || index > count) throw new UsageError(`--shard: '${text}' is not i/N with 1 <= i <= N (e.g. --shard 2/4; a Kubernetes index k is shard $((k+1))/N)`);
  return { index, count };
}

/** The seeds shard i of N runs: the i-th of N contiguous, near-equal blocks of the range (N <= its size). */
export function shardSeeds(range: SeedRange, shard: Shard): SeedRange {
  const total = range.to - range.from + 1;
  const start = (i: number) => range.from + Math.floor((i * total) / shard.count);
  return { from: start(shard.index - 1), to: start(shard.index) - 1 };
}

export function formatRange(range: SeedRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}..${range.to}`;
}
