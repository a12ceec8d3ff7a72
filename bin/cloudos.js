#!/usr/bin/env node
// The `cloudos` command: a thin launcher for the compiled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = fileURLToPath(new URL('../dist/tools/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('cloudos: the compiled CLI is missing (dist/tools/cli/main.js); run `npm run build` first\n');
  process.exit(70);
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
