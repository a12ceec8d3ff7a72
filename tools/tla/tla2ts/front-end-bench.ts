// Front-end timings (not a test): parse + resolve + tla2ts emit of every corpus spec, median of
// five runs after a warm-up. Run: npx tsc -p tsconfig.json && node dist/tools/tla/tla2ts/front-end-bench.js
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSpec } from '../names/index.js';
import { emitModule } from './emit.js';
import { median, repoRoot } from '../../../conventions/index.js';

const corpus = join(repoRoot, 'tools/tla/corpus');
const specs = readdirSync(corpus).filter((f) => f.endsWith('.tla')).sort();
await resolveSpec(join(corpus, specs[0]!)); // loads the grammar's WebAssembly once
for (const spec of specs) {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    emitModule(await resolveSpec(join(corpus, spec)), { language: 'js', runtimeImport: './tla-runtime.js' });
    times.push(performance.now() - start);
  }
  process.stdout.write(`${spec.padEnd(22)} parse+resolve+emit median ${median(times).toFixed(1)} ms\n`);
}
process.stdout.write('command: node dist/tools/tla/tla2ts/front-end-bench.js\n');
