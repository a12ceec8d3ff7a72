// A seed sweep's result file (`--seeds A..B [--shard i/N] --output F`): versioned JSON that holds
// what `cloudos report merge` needs to combine shards run on different machines into one verdict.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues } from '../../conventions/index.js';
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

const Seed = z.number().int().nonnegative();
const SeedRange = z.strictObject({ from: Seed, to: Seed }).refine((r) => r.from <= r.to, { message: 'from must not exceed to' });
export type SeedRange = z.infer<typeof SeedRange>;

const Failure = z.strictObject({
  seed: Seed,
  test: z.string(),
  status: z.enum(SEED_STATUSES),
  /** The violated property (or `deadlock`, a protocol violation's kind, `no verdict`). */
  property: z.string(),
  message: z.string(),
  /** The command that replays this one test at this seed. */
  replay: z.string(),
});
export type SweepFailure = z.infer<typeof Failure>;

const SeedRecord = z.strictObject({ seed: Seed, verdicts: z.record(z.string(), z.enum(SEED_STATUSES)) });
export type SeedRecord = z.infer<typeof SeedRecord>;

export const SweepFileSchema = z.strictObject({
  format: z.literal(SWEEP_FORMAT),
  formatVersion: z.literal(SWEEP_FORMAT_VERSION),
  tool: z.strictObject({ name: z.literal('cloudos'), version: z.string() }),
  /** The command line that produced the file, as typed. */
  command: z.string(),
  /**
   * What was swept; equal in every shard of one sweep (a merge refuses files that differ here).
   * `kind` names the subcommand; `tests` the test ids (conform) or the spec (simulate); `settings`
   * every other choice that changes a verdict (implementation, hardware, depth, ...).
   */
  sweep: z.strictObject({
    kind: z.enum(['conform', 'simulate']),
    seeds: SeedRange,
    tests: z.array(z.string()).min(1),
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  }),
  /** Absent when one run covers the whole range. */
  shard: z.strictObject({ index: z.number().int().positive(), count: z.number().int().positive(), seeds: SeedRange }).optional(),
  /** false when the run stopped (Ctrl-C, a signal) before every seed of its shard ran. */
  complete: z.boolean(),
  /** One record per seed run, in seed order: every test's status at that seed. */
  seeds: z.array(SeedRecord),
  /** Every test at every seed that did not pass (failed, unexpected pass, unknown), with its replay line. */
  failures: z.array(Failure),
  /** How the run went; not part of the results (they do not depend on it). */
  run: z.strictObject({ workers: z.number().int().positive(), durationMs: z.number().nonnegative() }),
});
export type SweepFile = z.infer<typeof SweepFileSchema>;

/** A malformed result file: the file, the JSON field and what is wrong (exit 65). */
export class SweepFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepFileError';
  }
}

/** Reads and validates one result file; throws SweepFileError naming the file (as `name`) and the field. */
export function readSweepFile(path: string, name = path): SweepFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SweepFileError(`${name}: cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SweepFileError(`${name}: not JSON: ${(error as Error).message}; a result file is written by \`cloudos conform|simulate --seeds A..B --output FILE\``);
  }
  return parseSweepFile(json, name);
}

export function parseSweepFile(json: unknown, path: string): SweepFile {
  const header = z.object({ format: z.literal(SWEEP_FORMAT), formatVersion: z.number() }).safeParse(json);
  if (!header.success) throw new SweepFileError(`${path}: not a cloudos sweep result: ${formatIssues(header.error.issues, { max: 5 })}`);
  if (header.data.formatVersion !== SWEEP_FORMAT_VERSION) {
    throw new SweepFileError(`${path}: formatVersion: ${header.data.formatVersion} is not read by this cloudos (it reads version ${SWEEP_FORMAT_VERSION}); merge with the cloudos that wrote the file`);
  }
  const parsed = SweepFileSchema.safeParse(json);
  if (!parsed.success) throw new SweepFileError(`${path}: ${formatIssues(parsed.error.issues, { max: 5 })}`);
  const file = parsed.data;
  const range = file.shard?.seeds ?? file.sweep.seeds;
  let previous = -1;
  for (const [i, record] of file.seeds.entries()) {
    if (record.seed <= previous) throw new SweepFileError(`${path}: seeds[${i}].seed: ${record.seed} is out of order or repeated (after ${previous})`);
    if (record.seed < range.from || record.seed > range.to) throw new SweepFileError(`${path}: seeds[${i}].seed: ${record.seed} lies outside the ${file.shard ? 'shard' : 'sweep'}'s seeds ${formatRange(range)}`);
    const missing = file.sweep.tests.find((test) => !(test in record.verdicts));
    if (missing !== undefined) throw new SweepFileError(`${path}: seeds[${i}].verdicts: no verdict for '${missing}', one of sweep.tests`);
    previous = record.seed;
  }
  if (file.shard) {
    const total = file.sweep.seeds.to - file.sweep.seeds.from + 1;
    if (file.shard.count > total) throw new SweepFileError(`${path}: shard.count: ${file.shard.count} shards for the ${total} seeds of ${formatRange(file.sweep.seeds)}`);
    const expected = shardSeeds(file.sweep.seeds, file.shard);
    if (expected.from !== file.shard.seeds.from || expected.to !== file.shard.seeds.to) {
      throw new SweepFileError(`${path}: shard.seeds: shard ${file.shard.index}/${file.shard.count} of ${formatRange(file.sweep.seeds)} covers ${formatRange(expected)}, not ${formatRange(file.shard.seeds)}`);
    }
  }
  return file;
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
