// Locates folders of the source tree (fixtures, test data, schema files) from compiled code in
// dist/, by searching upward for the repository's package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The repository root: the nearest ancestor of this file holding package.json. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

/** A path inside the source tree, given relative to the repository root. */
export function sourceDir(relative: string): string {
  return join(repoRoot(), relative);
}
