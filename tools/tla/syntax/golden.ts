// Golden-file checks for rendered diagnostics: each testdata/NAME.tla has NAME.expected holding
// what the user reads. UPDATE_GOLDEN=1 rewrites the .expected files from the current output.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { DiagnosticError, renderDiagnostic } from '../diagnostics.js';
import { repoRoot } from './testdata-path.js';

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
    const expectedPath = path.replace(/\.tla$/, '.expected');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) writeFileSync(expectedPath, rendered);
    t.equal(rendered, readFileSync(expectedPath, 'utf8'), file);
  }
}
