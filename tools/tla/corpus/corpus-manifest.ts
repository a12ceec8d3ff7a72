// Reads tools/tla/corpus/corpus.json (the corpus models and their expected verdicts and counts)
// and spec/checks.json (the cloudOS spec configurations), validated with zod so that a typo in
// either file is reported with the JSON path rather than surfacing as a confusing test failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues, repoRoot } from '../../../conventions/index.js';

const Verdict = z.enum(['holds', 'invariant-violated', 'property-violated', 'deadlock']);
export type Verdict = z.infer<typeof Verdict>;

const Expected = z.strictObject({
  result: Verdict,
  /** The invariant or temporal property the counterexample names (violations only). */
  property: z.string().optional(),
  distinctStates: z.number().int().nonnegative().optional(),
  statesGenerated: z.number().int().nonnegative().optional(),
  depth: z.number().int().nonnegative().optional(),
  /** Number of states in the counterexample, the initial state included (safety violations). */
  traceLength: z.number().int().positive().optional(),
});
export type Expected = z.infer<typeof Expected>;

const Provenance = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('published-tlc'), source: z.string() }),
  z.strictObject({ kind: z.literal('independent-enumeration'), transcription: z.string(), note: z.string().optional() }),
]);

const CorpusModel = z.strictObject({
  name: z.string(),
  spec: z.string(),
  cfg: z.string(),
  tier: z.enum(['ci', 'nightly']),
  expected: Expected,
  provenance: z.array(Provenance).min(1),
});
export type CorpusModel = z.infer<typeof CorpusModel>;

const Corpus = z.strictObject({ about: z.string(), models: z.array(CorpusModel) });

const SpecCheck = z.strictObject({
  name: z.string(),
  /** Paths relative to the repository root. */
  spec: z.string(),
  cfg: z.string(),
  tier: z.enum(['ci', 'nightly']),
  /** What the configuration demonstrates, for the README and for failure messages. */
  purpose: z.string(),
  expected: Expected,
});
export type SpecCheck = z.infer<typeof SpecCheck>;

const SpecChecks = z.strictObject({ about: z.string(), checks: z.array(SpecCheck) });

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} does not match its schema:\n  ${formatIssues(parsed.error.issues, { separator: '\n  ' })}\nfix the fields named above`);
  }
  return parsed.data;
}

/** The corpus models, with `spec` and `cfg` resolved to absolute paths. */
export function loadCorpus(): CorpusModel[] {
  const folder = join(repoRoot, 'tools', 'tla', 'corpus');
  const corpus = readJson(join(folder, 'corpus.json'), Corpus);
  return corpus.models.map((m) => ({ ...m, spec: join(folder, m.spec), cfg: join(folder, m.cfg) }));
}

/** The spec/ configurations, with `spec` and `cfg` resolved to absolute paths. */
export function loadSpecChecks(): SpecCheck[] {
  const checks = readJson(join(repoRoot, 'spec', 'checks.json'), SpecChecks);
  return checks.checks.map((c) => ({ ...c, spec: join(repoRoot, c.spec), cfg: join(repoRoot, c.cfg) }));
}
