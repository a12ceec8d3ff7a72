// Renders the protocol's zod schemas as JSON Schema (draft 2020-12) for implementers in other
// languages. `node dist/conformance/protocol/write-json-schema.js` writes them to schema/.
import { z } from 'zod';
import { Input, Step, Operation, TraceEvent, Effect, PROTOCOL_VERSION } from './index.js';

const documents = {
  'input.json': { schema: Input, title: 'cloudOS adapter protocol: a line the suite writes to the implementation' },
  'step.json': { schema: Step, title: 'cloudOS adapter protocol: the line the implementation writes back for each input' },
  'effect.json': { schema: Effect, title: 'cloudOS adapter protocol: one effect of a step' },
  'operation.json': { schema: Operation, title: 'cloudOS adapter protocol: an operation the suite asks for' },
  'trace-event.json': { schema: TraceEvent, title: 'cloudOS adapter protocol: a trace event (the spec vocabulary)' },
} as const;

/** File name → JSON text, exactly as stored under conformance/protocol/schema/. */
export function protocolJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [file, { schema, title }] of Object.entries(documents)) {
    const json = { ...z.toJSONSchema(schema), $id: `cloudos:protocol/v${PROTOCOL_VERSION}/${file}`, title };
    files[file] = JSON.stringify(json, null, 2) + '\n';
  }
  return files;
}
