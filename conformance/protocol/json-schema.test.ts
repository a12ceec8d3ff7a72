// The JSON Schema files implementers read must be exactly what the zod schemas generate.
import t from 'tap';
import { protocolJsonSchemas } from './json-schema.js';
import { fromRepoRoot, matchGolden } from '../../conventions/index.js';

t.test('schema/*.json are up to date with protocol/index.ts', async (t) => {
  // Also written by `node dist/conformance/protocol/write-json-schema.js`.
  for (const [file, text] of Object.entries(protocolJsonSchemas())) matchGolden(t, fromRepoRoot('conformance/protocol/schema', file), text);
});

t.test('every generated schema is a JSON Schema object with a title', async (t) => {
  for (const [file, text] of Object.entries(protocolJsonSchemas())) {
    const json = JSON.parse(text) as Record<string, unknown>;
    t.equal(json.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
    t.type(json.title, 'string', file);
  }
});
