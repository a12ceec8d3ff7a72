// The repository root, found from any module in the source tree or in dist/: tests read fixtures,
// goldens and schemas kept in the source tree, and presets ship there.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `start` holding package.json. */
export function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root (a folder with package.json) above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The cloudOS checkout this module belongs to (the same from source and from dist/). */
export const repoRoot: string = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** A path in the source tree, given relative to the repository root. */
export function fromRepoRoot(...segments: string[]): string {
  return join(repoRoot, ...segments);
}
