// The JSON Schema files implementers read must be exactly what the zod schemas generate.
import t from 'tap';
import { readFileSync, existsSync } from 'node:fs';
import { protocolJsonSchemas } from './json-schema.js';
import { sourceDir } from '../src/source-dir.js';

t.test('schema/*.json are up to date with protocol/index.ts', async (t) => {
  for (const [file, text] of Object.entries(protocolJsonSchemas())) {
    const path = sourceDir(`conformance/protocol/schema/${file}`);
    t.ok(existsSync(path), `${file} exists`);
    const stored = existsSync(path) ? readFileSync(path, 'utf8') : '';
    t.equal(stored, text, `${file} is stale: run \`npx tsc -p tsconfig.json && node dist/conformance/protocol/write-json-schema.js\``);
  }
});

t.test('every generated schema is a JSON Schema object with a title', async (t) => {
  for (const [file, text] of Object.entries(protocolJsonSchemas())) {
    const json = JSON.parse(text) as Record<string, unknown>;
    t.equal(json.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
    t.type(json.title, 'string', file);
  }
});
