// For tests that check small specs written inline: each is written to a fresh temporary folder (so
// EXTENDS and INSTANCE find the modules beside it) and loaded as `cloudos check` loads it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from './cfg/config.js';
import type { Model } from './check/model.js';
import { buildCompiledModel, buildModel } from './load.js';
import { resolveSource } from './names/index.js';
import { temporaryFolder } from '../../conventions/index.js';

/** The root module `name` (with `others` beside it) bound to `cfg`, interpreted or compiled by tla2ts. */
export async function modelFromText(name: string, root: string, cfg: string, others: Record<string, string> = {}, compiled = false): Promise<Model> {
  const dir = temporaryFolder('tla-model-');
  for (const [file, text] of Object.entries(others)) await writeFile(join(dir, `${file}.tla`), text);
  const file = join(dir, `${name}.tla`);
  await writeFile(file, root);
  const spec = await resolveSource(root, file);
  const config = parseConfig(cfg, join(dir, `${name}.cfg`));
  return compiled ? buildCompiledModel(spec, config) : buildModel(spec, config);
}

/** The lines Print and PrintT write (to stderr) while `fn` runs, empty lines left out. */
export async function printedLines(fn: () => unknown): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((text: string) => (lines.push(...text.split('\n').filter((l) => l !== '')), true)) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = write;
  }
  return lines;
}
