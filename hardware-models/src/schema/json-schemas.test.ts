// The committed JSON Schemas match the zod schemas, and every preset names the schema.
import t from 'tap';
import { matchGolden, fromRepoRoot } from '../../../conventions/index.js';
import { jsonSchemaFiles } from './json-schemas.js';

t.test('hardware-models/schema/*.json are up to date', async (t) => {
  // Also written by `node dist/hardware-models/src/schema/write-json-schemas.js`.
  for (const [name, text] of Object.entries(jsonSchemaFiles())) matchGolden(t, fromRepoRoot('hardware-models/schema', name), text);
});

t.test('the model schema describes the top-level fields', async (t) => {
  const schema = JSON.parse(jsonSchemaFiles()['hardware-model.schema.json']!) as { properties: Record<string, unknown>; required: string[] };
  t.same(Object.keys(schema.properties).sort(), ['$schema', 'description', 'faults', 'machineTypes', 'name', 'nicTypes', 'sources', 'stacks', 'topology']);
  t.same([...schema.required].sort(), ['description', 'machineTypes', 'name', 'nicTypes', 'topology']);
});
