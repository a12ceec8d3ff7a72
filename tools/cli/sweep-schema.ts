// The schema of a seed sweep's result file (sweep-file.ts) and its reader (`cloudos report merge`),
// apart from the rest so that only reading one loads zod.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues } from '../../conventions/index.js';
import { formatRange, SEED_STATUSES, shardSeeds, SWEEP_FORMAT, SWEEP_FORMAT_VERSION, SweepFileError } from './sweep-file.js';

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
