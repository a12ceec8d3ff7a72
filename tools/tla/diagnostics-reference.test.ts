import t from 'tap';
import { readFileSync } from 'node:fs';
import { diagnosticsReference, referencePath } from './diagnostics-reference.js';
import { diagnosticCodes } from './diagnostics.js';

t.test('docs/diagnostics.md is generated from the registry and up to date', async (t) => {
  const reference = diagnosticsReference();
  for (const code of Object.keys(diagnosticCodes)) t.match(reference, `| ${code} |`, `${code} is documented`);
  t.equal(readFileSync(referencePath, 'utf8'), reference, 'stale: run `node dist/tools/tla/diagnostics-reference.js`');
});
