// Regenerates conformance/protocol/schema/*.json from the zod schemas (run after editing index.ts;
// json-schema.test.ts fails while the files are stale).
import { writeFileSync, mkdirSync } from 'node:fs';
import { protocolJsonSchemas } from './json-schema.js';
import { fromRepoRoot } from '../../conventions/index.js';

const dir = fromRepoRoot('conformance/protocol/schema');
mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(protocolJsonSchemas())) {
  writeFileSync(`${dir}/${file}`, text);
  process.stderr.write(`wrote ${dir}/${file}\n`);
}
