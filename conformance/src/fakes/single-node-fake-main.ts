// Test support: the single-node fake behind the JSON-lines protocol (stdin/stdout), so that the
// subprocess driver can be tested without the reference kernel. `--duplicate-third-send` plants the
// bug; `--features a,b` makes it a version-2 port declaring those features.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { FeatureNameSchema, Input } from '../../protocol/index.js';
import { SingleNodeFake } from './single-node-fake.js';

const { values } = parseArgs({ options: { 'duplicate-third-send': { type: 'boolean' }, features: { type: 'string' } } });
const fake = new SingleNodeFake({
  duplicateThirdSend: values['duplicate-third-send'] === true,
  ...(values.features !== undefined ? { features: values.features.split(',').map((f) => FeatureNameSchema.parse(f)) } : {}),
});
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const input = Input.parse(JSON.parse(line));
  process.stdout.write(JSON.stringify(fake.step(input)) + '\n');
});
