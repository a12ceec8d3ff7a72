// INTERPRETING.md's property table must list exactly the checkers' registry, so the guide cannot
// drift from the code; and conformance/ must never import the reference kernel (it talks to any
// implementation through the protocol; only the CLI hands it the reference kernel).
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { properties } from './checkers/properties.js';
import { fromRepoRoot } from '../../conventions/index.js';

t.test('INTERPRETING.md property table matches the registry', async (t) => {
  const doc = readFileSync(fromRepoRoot('conformance/INTERPRETING.md'), 'utf8');
  const table = doc.split('<!-- properties-table')[1]?.split('<!-- end properties-table')[0] ?? '';
  const rows = [...table.matchAll(/^\| `(\w+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
  t.same(rows, Object.entries(properties), 'update the table in INTERPRETING.md from src/checkers/properties.ts');
});

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'python' ? [] : typescriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

t.test('conformance/ never imports reference/', async (t) => {
  const offenders = typescriptFiles(fromRepoRoot('conformance')).filter((file) => /from\s+['"][^'"]*\/reference\//.test(readFileSync(file, 'utf8')));
  t.same(offenders, []);
});
