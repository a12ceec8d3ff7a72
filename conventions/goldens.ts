// Golden files: committed output that a test compares with what the code produces now. A missing
// golden fails like a wrong one (a deleted golden must not pass, and tests never write the source
// tree); `UPDATE_GOLDENS=1` is the one way to write them, for every golden in the repository.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { repoRoot } from './repo-root.js';

/** How CONTRIBUTING.md tells a contributor to rewrite goldens after an intended change. */
export const UPDATE_GOLDENS_HINT = 'if the new output is right, rewrite the goldens with `UPDATE_GOLDENS=1 npm test` (or UPDATE_GOLDENS=1 on one test file)';

export type GoldenOutcome =
  | { kind: 'matches' }
  | { kind: 'written' }
  | { kind: 'missing' }
  | { kind: 'differs'; expected: string };

/** Compares `actual` with the golden at `path`; with UPDATE_GOLDENS=1 writes it instead. */
export function compareGolden(path: string, actual: string, env: NodeJS.ProcessEnv = process.env): GoldenOutcome {
  if (env['UPDATE_GOLDENS'] === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return { kind: 'written' };
  }
  if (!existsSync(path)) return { kind: 'missing' };
  const expected = readFileSync(path, 'utf8');
  return expected === actual ? { kind: 'matches' } : { kind: 'differs', expected };
}

/** The part of node-tap's Test that a golden check uses. */
export interface GoldenAsserts {
  pass(message: string): unknown;
  fail(message: string, extra: Record<string, unknown>): unknown;
  equal(found: unknown, wanted: unknown, message: string): unknown;
}

/** Asserts that `actual` equals the golden at `path`; a missing golden fails. */
export function matchGolden(t: GoldenAsserts, path: string, actual: string): void {
  const shown = relative(repoRoot, path);
  const outcome = compareGolden(path, actual);
  switch (outcome.kind) {
    case 'matches':
      t.pass(`${shown} matches`);
      return;
    case 'written':
      t.pass(`${shown} written (UPDATE_GOLDENS=1)`);
      return;
    case 'missing':
      t.fail(`golden ${shown} is missing; ${UPDATE_GOLDENS_HINT}`, { found: actual });
      return;
    case 'differs':
      t.equal(actual, outcome.expected, `${shown} differs; ${UPDATE_GOLDENS_HINT}`);
      return;
  }
}

/**
 * Fails for every file of a golden folder that no case produced: a golden whose case was removed
 * or renamed would otherwise sit there unchecked.
 */
export function checkNoOrphanGoldens(t: GoldenAsserts, goldens: readonly string[], checked: readonly string[]): void {
  const orphans = goldens.filter((g) => !checked.includes(g));
  if (orphans.length === 0) t.pass(`every golden has its case (${goldens.length})`);
  for (const orphan of orphans) t.fail(`golden ${relative(repoRoot, orphan)} belongs to no case: delete it, or restore its case`, { orphan });
}
