// Writes hardware-models/schema/*.json from the zod schemas: `node dist/hardware-models/src/schema/write-json-schemas.js`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { presetDirectory } from '../presets/presets.js';
import { jsonSchemaFiles } from './json-schemas.js';

const schemaDirectory = join(dirname(presetDirectory()), 'schema');
for (const [name, text] of Object.entries(jsonSchemaFiles())) {
  writeFileSync(join(schemaDirectory, name), text);
  process.stdout.write(`wrote ${join(schemaDirectory, name)}\n`);
}
