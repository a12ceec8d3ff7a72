import t from 'tap';
import { matchGolden } from '../../conventions/index.js';
import { diagnosticsReference, referencePath } from './diagnostics-reference.js';
import { diagnosticCodes } from './diagnostics.js';

t.test('docs/diagnostics.md is generated from the registry and up to date', async (t) => {
  const reference = diagnosticsReference();
  for (const code of Object.keys(diagnosticCodes)) t.match(reference, `| ${code} |`, `${code} is documented`);
  matchGolden(t, referencePath, reference); // also written by `node dist/tools/tla/diagnostics-reference.js`
});
