// Golden-file checks for rendered diagnostics: each testdata/NAME.tla has NAME.expected holding
// what the user reads (a missing one fails; UPDATE_GOLDENS=1 rewrites them, see CONTRIBUTING.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { DiagnosticError, renderDiagnostic } from '../diagnostics.js';
import { checkNoOrphanGoldens, matchGolden, repoRoot } from '../../../conventions/index.js';

/**
 * Runs `load` on every .tla file (absolute path) of `directory` (relative to the repository root), renders the
 * DiagnosticError it throws with source snippets, and compares with the .expected file.
 */
export async function checkGoldenDiagnostics(t: Test, directory: string, load: (file: string) => Promise<unknown>): Promise<void> {
  const dir = join(repoRoot, directory);
  const files = readdirSync(dir).filter((f) => f.endsWith('.tla') && !f.startsWith('_'));
  t.ok(files.length > 0, `golden cases in ${directory}`);
  for (const file of files) {
    const path = join(dir, file);
    let rendered: string;
    try {
      await load(path);
      rendered = 'no diagnostic\n';
    } catch (error) {
      if (!(error instanceof DiagnosticError)) throw error;
      rendered = error.diagnostics
        .map((d) => renderDiagnostic(d, d.span ? readFileSync(d.span.file, 'utf8') : undefined))
        .join('')
        .split(repoRoot + '/').join(''); // goldens hold repository-relative paths, whatever the checkout
    }
    matchGolden(t, path.replace(/\.tla$/, '.expected'), rendered);
  }
  const goldens = readdirSync(dir).filter((f) => f.endsWith('.expected')).map((f) => join(dir, f));
  checkNoOrphanGoldens(t, goldens, files.map((f) => join(dir, f.replace(/\.tla$/, '.expected'))));
}
