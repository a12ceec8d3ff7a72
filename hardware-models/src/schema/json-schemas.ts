// JSON Schema (draft 2020-12) of the model files, generated from the zod schemas, for editors and
// for implementers in other languages. write-json-schemas.ts writes them to hardware-models/schema/.
import { z } from 'zod';
import { HardwareModelSchema } from '../models/hardware-model.js';
import { FaultsSchema } from '../models/faults.js';

/** File name (in hardware-models/schema/) → schema text, ending with a newline. */
export function jsonSchemaFiles(): Record<string, string> {
  const render = (schema: z.ZodType, id: string) =>
    JSON.stringify({ $id: id, ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) }, null, 2) + '\n';
  return {
    'hardware-model.schema.json': render(HardwareModelSchema, 'https://cloudos.dev/schema/hardware-model.schema.json'),
    'faults.schema.json': render(FaultsSchema, 'https://cloudos.dev/schema/faults.schema.json'),
  };
}
