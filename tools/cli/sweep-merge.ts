// Combines the result files of a sweep's shards into one: checks that they are shards of the same
// sweep, finds seeds no file covers and seeds two files cover, and decides the one verdict.
import { isDeepStrictEqual } from 'node:util';
import { ExitCode } from '../../conventions/index.js';
import { formatRange, shardSeeds, SweepFileError, type SeedRange, type SeedRecord, type SeedStatus, type SweepFile } from './sweep-file.js';

export interface NamedSweepFile {
  path: string;
  file: SweepFile;
}

/** passed: every seed of the range ran and nothing failed; failed: some test failed at some seed
 * (whatever else is missing); incomplete: seeds missing or run twice, or a test without a verdict. */
export type SweepVerdict = 'passed' | 'failed' | 'incomplete';

export interface MergedSweep {
  /** The whole sweep as one file (no shard): `complete` when every seed ran exactly once. */
  file: SweepFile;
  verdict: SweepVerdict;
  /** Why the sweep is incomplete, one sentence each, naming the seeds, shards and files. */
  gaps: string[];
  sources: string[];
}

export const VERDICT_EXIT: Record<SweepVerdict, number> = { passed: ExitCode.ok, failed: ExitCode.violated, incomplete: ExitCode.unknown };

const FAILING: ReadonlySet<SeedStatus> = new Set(['failed', 'unexpected-pass']);

/** Merges shards; throws SweepFileError (exit 65) when the files are not shards of one sweep. */
export function mergeSweeps(files: readonly NamedSweepFile[]): MergedSweep {
  const first = files[0];
  if (first === undefined) throw new Error('mergeSweeps needs at least one file');
  for (const other of files.slice(1)) checkSameSweep(first, other);
  const { sweep } = first.file;

  // Each seed's record, from the first file (in the order given) that has it.
  const owner = new Map<number, { record: SeedRecord; path: string }>();
  const overlaps: { seed: number; paths: [string, string]; disagree?: string }[] = [];
  for (const { path, file } of files) {
    for (const record of file.seeds) {
      const earlier = owner.get(record.seed);
      if (earlier === undefined) owner.set(record.seed, { record, path });
      else overlaps.push({ seed: record.seed, paths: [earlier.path, path], ...disagreement(earlier.record, record) });
    }
  }
  const seeds = [...owner.keys()].sort((a, b) => a - b);
  const failures = files
    .flatMap(({ path, file }) => file.failures.filter((f) => owner.get(f.seed)?.path === path))
    .sort((a, b) => a.seed - b.seed || a.test.localeCompare(b.test));

  const gaps = [...overlapGaps(overlaps), ...missingGaps(sweep.seeds, new Set(seeds), files)];
  const unknown = failures.some((f) => f.status === 'unknown');
  const verdict: SweepVerdict = failures.some((f) => FAILING.has(f.status)) ? 'failed' : gaps.length > 0 || unknown ? 'incomplete' : 'passed';
  return {
    file: {
      ...first.file,
      command: files.length === 1 ? first.file.command : `cloudos report merge ${files.map((f) => f.path).join(' ')}`,
      shard: undefined,
      complete: gaps.length === 0,
      seeds: seeds.map((seed) => owner.get(seed)!.record),
      failures,
      run: { workers: Math.max(...files.map((f) => f.file.run.workers)), durationMs: files.reduce((sum, f) => sum + f.file.run.durationMs, 0) },
    },
    verdict,
    gaps,
    sources: files.map((f) => f.path),
  };
}

/** Files from different sweeps (or cloudos versions) cannot be merged: names the field that differs. */
function checkSameSweep(a: NamedSweepFile, b: NamedSweepFile): void {
  const fields: [string, unknown, unknown][] = [
    ['tool.version', a.file.tool.version, b.file.tool.version],
    ['sweep.kind', a.file.sweep.kind, b.file.sweep.kind],
    ['sweep.seeds', a.file.sweep.seeds, b.file.sweep.seeds],
    ['sweep.tests', a.file.sweep.tests, b.file.sweep.tests],
    ...[...new Set([...Object.keys(a.file.sweep.settings), ...Object.keys(b.file.sweep.settings)])].map(
      (key): [string, unknown, unknown] => [`sweep.settings.${key}`, a.file.sweep.settings[key], b.file.sweep.settings[key]],
    ),
  ];
  for (const [field, left, right] of fields) {
    if (!isDeepStrictEqual(left, right)) {
      throw new SweepFileError(
        `${b.path}: ${field}: ${show(right)} differs from ${show(left)} in ${a.path}; only shards of one sweep (same command apart from --shard, same cloudos) can be merged`,
      );
    }
  }
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (typeof value === 'object' && value !== null && 'from' in value && 'to' in value) return formatRange(value as SeedRange);
  return JSON.stringify(value);
}

function disagreement(a: SeedRecord, b: SeedRecord): { disagree?: string } {
  const test = Object.keys(a.verdicts).find((t) => a.verdicts[t] !== b.verdicts[t]);
  return test === undefined ? {} : { disagree: `${test}: ${a.verdicts[test]} vs ${b.verdicts[test]}` };
}

function overlapGaps(overlaps: readonly { seed: number; paths: [string, string]; disagree?: string }[]): string[] {
  const byPair = new Map<string, { paths: [string, string]; seeds: number[]; disagree: string[] }>();
  for (const o of overlaps) {
    const key = JSON.stringify(o.paths);
    const entry = byPair.get(key) ?? { paths: o.paths, seeds: [], disagree: [] };
    entry.seeds.push(o.seed);
    if (o.disagree) entry.disagree.push(`seed ${o.seed} ${o.disagree}`);
    byPair.set(key, entry);
  }
  return [...byPair.values()].map(
    ({ paths, seeds, disagree }) =>
      `seeds ${ranges(seeds)} are in both ${paths[0]} and ${paths[1]} (the same shard given twice, or shards of different --shard counts); pass each shard once` +
      (disagree.length > 0 ? `; they disagree (the run is not deterministic: report it): ${disagree.slice(0, 3).join('; ')}` : ''),
  );
}

function missingGaps(range: SeedRange, covered: ReadonlySet<number>, files: readonly NamedSweepFile[]): string[] {
  const missing: number[] = [];
  for (let seed = range.from; seed <= range.to; seed++) if (!covered.has(seed)) missing.push(seed);
  if (missing.length === 0) return [];
  const counts = new Set(files.map((f) => f.file.shard?.count));
  const [count] = counts;
  if (counts.size !== 1 || count === undefined) {
    const stopped = files.filter((f) => !f.file.complete).map((f) => f.path);
    return [`seeds ${ranges(missing)} ${stopped.length > 0 ? `did not run: ${stopped.join(', ')} stopped early (complete: false); rerun` : 'are in no file'}`];
  }
  const missingSet = new Set(missing);
  const gaps: string[] = [];
  for (let index = 1; index <= count; index++) {
    const seeds = shardSeeds(range, { index, count });
    const lacking: number[] = [];
    for (let seed = seeds.from; seed <= seeds.to; seed++) if (missingSet.has(seed)) lacking.push(seed);
    if (lacking.length === 0) continue;
    const stopped = files.find((f) => f.file.shard?.index === index && !f.file.complete);
    gaps.push(
      stopped
        ? `shard ${index}/${count} stopped early in ${stopped.path} (complete: false): seeds ${ranges(lacking)} did not run; rerun the shard`
        : `shard ${index}/${count} (seeds ${formatRange(seeds)}) is missing: ${lacking.length === seeds.to - seeds.from + 1 ? 'no file has it' : `seeds ${ranges(lacking)} are in no file`}`,
    );
  }
  return gaps;
}

/** Sorted seeds as `1..4, 7, 9..10`, at most 10 runs listed. */
export function ranges(seeds: readonly number[]): string {
  const sorted = [...seeds].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(formatRange({ from: sorted[i]!, to: sorted[j]! }));
    i = j + 1;
  }
  return runs.length <= 10 ? runs.join(', ') : `${runs.slice(0, 10).join(', ')} and ${runs.length - 10} more runs of seeds`;
}

const LABELS: Record<SeedStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  'expected-failure': 'expected failures',
  'unexpected-pass': 'unexpected passes',
  unknown: 'unknown',
  'not-applicable': 'not applicable',
};

/** The sweep as text: a line per test with its counts over the seeds, every failure with its replay line, the gaps, the verdict. */
export function sweepTextReport(merged: MergedSweep): string {
  const { file } = merged;
  const { sweep } = file;
  const total = sweep.seeds.to - sweep.seeds.from + 1;
  const settings = Object.entries(sweep.settings).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : v}`);
  const lines = [
    `cloudos ${sweep.kind} sweep, seeds ${formatRange(sweep.seeds)} (${total} seeds, ${file.seeds.length} run), cloudos ${file.tool.version}${merged.sources.length > 1 ? `, ${merged.sources.length} files merged` : ''}`,
    ...(settings.length > 0 ? [`  ${settings.join('; ')}`] : []),
    '',
  ];
  const width = Math.max(...sweep.tests.map((t) => t.length));
  for (const test of sweep.tests) {
    const counts = new Map<SeedStatus, number>();
    for (const record of file.seeds) counts.set(record.verdicts[test]!, (counts.get(record.verdicts[test]!) ?? 0) + 1);
    const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${n} ${LABELS[status]}`);
    lines.push(`${test.padEnd(width)}  ${parts.join(', ') || 'no seed run'}`);
  }
  if (file.failures.length > 0) {
    lines.push('', 'failures:');
    for (const f of file.failures) lines.push(`  seed ${f.seed} ${f.test}: ${f.status}, ${f.property}: ${f.message}`, `    replay: ${f.replay}`);
  }
  if (merged.gaps.length > 0) lines.push('', 'incomplete:', ...merged.gaps.map((g) => `  ${g}`));
  const failing = file.failures.filter((f) => FAILING.has(f.status));
  const notApplicable = file.seeds.reduce((n, record) => n + Object.values(record.verdicts).filter((v) => v === 'not-applicable').length, 0);
  const failingSeeds = new Set(failing.map((f) => f.seed)).size;
  lines.push(
    '',
    `verdict: ${merged.verdict}` +
      (merged.verdict === 'failed' ? ` (${failing.length} failure${failing.length === 1 ? '' : 's'} at ${failingSeeds} of ${file.seeds.length} seeds)` : '') +
      (merged.verdict === 'passed' ? ` (${total} seeds x ${sweep.tests.length} test${sweep.tests.length === 1 ? '' : 's'}${notApplicable > 0 ? `; ${notApplicable} of these runs not applicable` : ''})` : ''),
  );
  return lines.join('\n') + '\n';
}
