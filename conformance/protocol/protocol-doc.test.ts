// PROTOCOL.md's error table must list exactly the codes of the registry in index.ts, so that the
// documentation cannot drift from the code.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { errorCodes } from './index.js';
import { sourceDir } from '../src/source-dir.js';

t.test('PROTOCOL.md error table matches errorCodes', async (t) => {
  const doc = readFileSync(sourceDir('conformance/protocol/PROTOCOL.md'), 'utf8');
  const table = doc.split('<!-- error-table')[1]?.split('<!-- end error-table')[0] ?? '';
  const rows = [...table.matchAll(/^\| `(\w+)` \| (definite|indefinite) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
  const expected = Object.entries(errorCodes).map(([code, e]) => [code, e.definite ? 'definite' : 'indefinite', e.meaning]);
  t.same(rows, expected, 'update the table in PROTOCOL.md from errorCodes in index.ts');
});
