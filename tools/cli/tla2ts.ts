// `cloudos tla2ts`: compiles a TLA+ spec (and optionally checks it against its .cfg) into a
// TypeScript module and its JavaScript, for reading, type-checking or loading elsewhere.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../tla/cfg/config.js';
import { DiagnosticError, renderDiagnostic } from '../tla/diagnostics.js';
import { buildModel } from '../tla/load.js';
import { resolveSpec } from '../tla/names/index.js';
import { emitModule } from '../tla/tla2ts/emit.js';
import { reportDiagnostics, sourceOf } from './check.js';
import { UsageError, type Command, type CommandIO } from './command.js';
import { ExitCode } from './exit-codes.js';

const help = `usage: cloudos tla2ts Spec.tla -o DIR [options]

Compiles the spec into DIR/Spec.ts (typed state, one function per definition, running on
tools/tla/tla2ts/runtime.ts) and DIR/Spec.mjs (the same as JavaScript). Definitions outside the
compiled subset (ENABLED, operator CONSTANTs) are listed as warnings and left to the interpreter.

options:
  -o, --out DIR            output directory (created if missing)
  --config FILE            also bind the spec to this TLC configuration: its names are checked
                           (E4xxx) and its INIT/NEXT/INVARIANTS are recorded in the output
  --search-path DIR        another directory to find modules in (repeatable)
  --format text|json       a summary line (default) or one JSON object on stdout
  -h, --help               this help

exit codes: 0 written, 64 usage, 65 bad input (spec or config), 70 internal error.
`;

/** The runtime's source file, so that the generated TypeScript imports its types by a relative path. */
function runtimeSource(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!dir.endsWith('/dist') && dirname(dir) !== dir) dir = dirname(dir);
  return join(dirname(dir), 'tools/tla/tla2ts/runtime.js');
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      config: { type: 'string' },
      'search-path': { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('expected exactly one spec file, e.g. cloudos tla2ts Spec.tla -o out/');
  if (values.out === undefined) throw new UsageError('missing --out DIR (-o DIR)');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not ${values.format}`);
  const spec = resolve(io.cwd, positionals[0]!);
  const outDir = resolve(io.cwd, values.out);
  try {
    const module = await resolveSpec(spec, { searchPath: (values['search-path'] ?? []).map((p) => resolve(io.cwd, p)) });
    let entryPoints;
    if (values.config !== undefined) {
      const configPath = resolve(io.cwd, values.config);
      const text = await readFile(configPath, 'utf8').catch(() => {
        throw new UsageError(`cannot read the configuration ${values.config}`);
      });
      const config = parseConfig(text, configPath);
      buildModel(module, config); // binds every name of the .cfg, refusing what the spec lacks
      entryPoints = {
        ...(config.init ? { init: config.init.name } : {}), ...(config.next ? { next: config.next.name } : {}),
        ...(config.specification ? { specification: config.specification.name } : {}),
        invariants: config.invariants.map((n) => n.name), properties: config.properties.map((n) => n.name),
      };
    }
    let runtimeImport = relative(outDir, runtimeSource());
    if (!runtimeImport.startsWith('.')) runtimeImport = `./${runtimeImport}`;
    const emitOptions = { runtimeImport, ...(entryPoints ? { entryPoints } : {}) };
    const { source, refused } = emitModule(module, emitOptions);
    // Module names are TLA+ identifiers; the replacement only guards the file system.
    const base = join(outDir, module.name.replace(/[^A-Za-z0-9_]/g, '_'));
    await mkdir(outDir, { recursive: true });
    await writeFile(`${base}.ts`, source);
    await writeFile(`${base}.mjs`, emitModule(module, { ...emitOptions, language: 'js' }).source); // .mjs: an ES module wherever it is written
    // Temporal formulas (Spec == Init /\ [][Next]_v) are the checker's to read, not values to compute.
    const temporal = refused.filter((d) => d.code === 'E5001');
    const unsupported = refused.filter((d) => d.code !== 'E5001');
    for (const d of unsupported) io.err(renderDiagnostic({ ...d, severity: 'warning' }, d.span ? sourceOf(d.span.file) : undefined));
    const files = [`${base}.ts`, `${base}.mjs`].map((f) => relative(io.cwd, f));
    const compiled = module.defs.length - refused.length;
    if (values.format === 'json') {
      io.out(JSON.stringify({ result: 'written', module: module.name, files, definitions: module.defs.length, compiled, temporal: temporal.length, refused: unsupported }) + '\n');
    } else {
      const notes = [temporal.length > 0 ? `${temporal.length} temporal formula(s) left to the checker` : '', unsupported.length > 0 ? `${unsupported.length} refused (see warnings)` : ''].filter(Boolean);
      io.out(`tla2ts: wrote ${files.join(' and ')}: ${compiled} of ${module.defs.length} definitions compiled${notes.length > 0 ? `; ${notes.join(', ')}` : ''}\n`);
    }
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof DiagnosticError) return reportDiagnostics(error, io);
    throw error;
  }
}

export const command: Command = { name: 'tla2ts', summary: 'compile a TLA+ spec to TypeScript', help, run };
