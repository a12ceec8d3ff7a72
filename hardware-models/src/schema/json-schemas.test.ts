// The committed JSON Schemas match the zod schemas, and every preset names the schema.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { presetDirectory } from '../presets/presets.js';
import { jsonSchemaFiles } from './json-schemas.js';

t.test('hardware-models/schema/*.json are up to date', async (t) => {
  const directory = join(dirname(presetDirectory()), 'schema');
  for (const [name, text] of Object.entries(jsonSchemaFiles())) {
    const committed = readFileSync(join(directory, name), 'utf8');
    t.equal(committed, text, `${name} is stale: run \`npx tsc -p tsconfig.json && node dist/hardware-models/src/schema/write-json-schemas.js\``);
  }
});

t.test('the model schema describes the top-level fields', async (t) => {
  const schema = JSON.parse(jsonSchemaFiles()['hardware-model.schema.json']!) as { properties: Record<string, unknown>; required: string[] };
  t.same(Object.keys(schema.properties).sort(), ['$schema', 'description', 'faults', 'machineTypes', 'name', 'nicTypes', 'sources', 'stacks', 'topology']);
  t.same([...schema.required].sort(), ['description', 'machineTypes', 'name', 'nicTypes', 'topology']);
});
