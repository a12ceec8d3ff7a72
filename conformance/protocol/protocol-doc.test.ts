// PROTOCOL.md's error and feature tables must list exactly the registries in index.ts, so that
// the documentation cannot drift from the code.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { errorCodes, features, operationFeature } from './index.js';
import { fromRepoRoot } from '../../conventions/index.js';

const doc = readFileSync(fromRepoRoot('conformance/protocol/PROTOCOL.md'), 'utf8');
const section = (name: string) => doc.split(`<!-- ${name}`)[1]?.split(`<!-- end ${name}`)[0] ?? '';

t.test('PROTOCOL.md feature table matches features and operationFeature', async (t) => {
  const rows = [...section('feature-table').matchAll(/^\| `(\w+)` \| (\d+) \| (.+) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3], m[4]]);
  const expected = Object.entries(features).map(([name, f]) => [
    name,
    f.sinceVersion,
    Object.entries(operationFeature).filter(([, feature]) => feature === name).map(([op]) => `\`${op}\``).join(', '),
    f.meaning,
  ]);
  t.same(rows, expected, 'update the feature table in PROTOCOL.md from features and operationFeature in index.ts');
});

t.test('PROTOCOL.md error table matches errorCodes', async (t) => {
  const table = section('error-table');
  const rows = [...table.matchAll(/^\| `(\w+)` \| (definite|indefinite) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
  const expected = Object.entries(errorCodes).map(([code, e]) => [code, e.definite ? 'definite' : 'indefinite', e.meaning]);
  t.same(rows, expected, 'update the table in PROTOCOL.md from errorCodes in index.ts');
});
