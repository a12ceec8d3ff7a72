// Test support: the single-node fake behind the JSON-lines protocol (stdin/stdout), so that the
// subprocess driver can be tested without the reference kernel. `--duplicate-third-send` plants the bug.
import { createInterface } from 'node:readline';
import { Input } from '../../protocol/index.js';
import { SingleNodeFake } from './single-node-fake.js';

const fake = new SingleNodeFake({ duplicateThirdSend: process.argv.includes('--duplicate-third-send') });
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const input = Input.parse(JSON.parse(line));
  process.stdout.write(JSON.stringify(fake.step(input)) + '\n');
});
