// `cloudos tla2ts`: compiles a TLA+ spec (with its .cfg: into an executable module) into a
// TypeScript module and its JavaScript, for reading, type-checking or loading elsewhere.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseConfig } from '../tla/cfg/config.js';
import { DiagnosticError, fileErrorReason, makeFolders, renderDiagnostic } from '../tla/diagnostics.js';
import { Interpreter } from '../tla/eval/index.js';
import { bindConstants, buildModel, planExecutable } from '../tla/load.js';
import { resolveSpec } from '../tla/names/index.js';
import { emitModule, type EmitOptions, type ExecutableOptions } from '../tla/tla2ts/emit.js';
import { constantEvaluator, stateTypes, typeInvariantOf } from '../tla/tla2ts/state-types.js';
import { reportDiagnostics, sourceOf } from './check.js';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { ExitCode } from '../../conventions/index.js';

const options = {
  out: { type: 'string', short: 'o', value: 'DIR', help: 'output directory (created if missing)' },
  config: { type: 'string', value: 'FILE', help: 'the TLC configuration (default: Spec.cfg beside Spec.tla, if there);\nwithout one the CONSTANTs are unbound and only definitions are written' },
  'search-path': { type: 'string', value: 'DIR', multiple: true, help: 'another directory to find modules in (repeatable)' },
  format: { type: 'string', value: 'text|json', default: 'text', help: 'a summary line (default) or one JSON object on stdout' },
  runtime: { type: 'string', value: 'SPECIFIER', default: 'cloudos/tla-runtime', help: 'the module the output imports its runtime from (default: the cloudos package\'s export)' },
} as const satisfies OptionTable;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(options, argv, { positionals: true });
  if (positionals.length !== 1) throw new UsageError('expected exactly one spec file, e.g. cloudos tla2ts Spec.tla -o out/');
  if (values.out === undefined) throw new UsageError('missing --out DIR (-o DIR)');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not ${values.format}`);
  const spec = resolve(io.cwd, positionals[0]!);
  const outDir = resolve(io.cwd, values.out);
  try {
    const searchPath = (values['search-path'] ?? []).map((p) => resolve(io.cwd, p));
    const module = await resolveSpec(spec, { searchPath });
    // As `cloudos check`: --config, else Spec.cfg beside Spec.tla when there is one.
    const besideSpec = spec.replace(/\.tla$/, '') + '.cfg';
    const configPath = values.config !== undefined ? resolve(io.cwd, values.config) : existsSync(besideSpec) ? besideSpec : undefined;
    let entryPoints: EmitOptions['entryPoints'];
    let executable: ExecutableOptions | undefined;
    let evaluate = constantEvaluator(module, { constants: module.constants.map(() => undefined) });
    // Span files relative to the spec's folder, so that no path of this machine is written into the
    // output and the same spec gives the same module wherever tla2ts runs.
    const fileName = (file: string) => relative(dirname(spec), file).split(sep).join('/');
    if (configPath !== undefined) {
      const text = await readFile(configPath, 'utf8').catch(() => {
        throw new UsageError(`cannot read the configuration ${values.config ?? configPath}`);
      });
      const config = parseConfig(text, configPath);
      buildModel(module, config); // binds every name of the .cfg, refusing what the spec lacks
      entryPoints = {
        ...(config.init ? { init: config.init.name } : {}), ...(config.next ? { next: config.next.name } : {}),
        ...(config.specification ? { specification: config.specification.name } : {}),
        invariants: config.invariants.map((n) => n.name), properties: config.properties.map((n) => n.name),
      };
      const constants = bindConstants(module, config);
      const plan = planExecutable(module, config, new Interpreter(module, constants));
      executable = { plan, config: { file: fileName(configPath), text } };
      evaluate = constantEvaluator(module, constants);
    } else {
      io.err(`tla2ts: no configuration (no --config, no ${relative(io.cwd, besideSpec)}): the CONSTANTs are unbound, so ${relative(io.cwd, outDir)} gets the compiled definitions only, without initial states, actions or invariants\n`);
    }
    const emitOptions: EmitOptions = {
      runtimeImport: values.runtime,
      fileName,
      types: stateTypes(module, typeInvariantOf(module, entryPoints?.invariants ?? []), evaluate),
      ...(entryPoints ? { entryPoints } : {}),
      ...(executable ? { executable } : {}),
    };
    const { source, refused, refusedGenerators } = emitModule(module, emitOptions);
    // Module names are TLA+ identifiers; the replacement only guards the file system.
    const base = join(outDir, module.name.replace(/[^A-Za-z0-9_]/g, '_'));
    const javascript = emitModule(module, { ...emitOptions, language: 'js' }).source;
    try {
      makeFolders(outDir);
      await writeFile(`${base}.ts`, source);
      await writeFile(`${base}.mjs`, javascript); // .mjs: an ES module wherever it is written
    } catch (error) {
      throw new UsageError(`-o ${values.out}: cannot write ${join(values.out, basename(base))}.ts: ${fileErrorReason(error)}; name a folder you can write`);
    }
    // Temporal formulas (Spec == Init /\ [][Next]_v) are the checker's to read, not values to compute.
    const temporal = refused.filter((d) => d.code === 'E5001');
    const unsupported = refused.filter((d) => d.code !== 'E5001');
    for (const d of unsupported) io.err(renderDiagnostic({ ...d, severity: 'warning' }, d.span ? sourceOf(d.span.file) : undefined));
    // An action tla2ts cannot compile still runs, on the interpreter's generator (as in `cloudos check`).
    for (const d of refusedGenerators) io.err(renderDiagnostic({ ...d, severity: 'warning', hint: 'this action runs on the interpreter when the module is loaded' }, d.span ? sourceOf(d.span.file) : undefined));
    const actions = executable?.plan.actions.map((a) => a.name) ?? null;
    const files = [`${base}.ts`, `${base}.mjs`].map((f) => relative(io.cwd, f));
    const compiled = module.defs.length - refused.length;
    if (values.format === 'json') {
      io.out(JSON.stringify({ result: 'written', module: module.name, files, definitions: module.defs.length, compiled, temporal: temporal.length, refused: unsupported, executable: actions !== null, actions, interpretedActions: refusedGenerators }) + '\n');
    } else {
      const notes = [temporal.length > 0 ? `${temporal.length} temporal formula(s) left to the checker` : '', unsupported.length > 0 ? `${unsupported.length} refused (see warnings)` : ''].filter(Boolean);
      const executableNote = actions === null ? 'definitions only (no configuration)' : `executable: Init and ${actions.length} action(s)`;
      io.out(`tla2ts: wrote ${files.join(' and ')}: ${compiled} of ${module.defs.length} definitions compiled${notes.length > 0 ? `; ${notes.join(', ')}` : ''}; ${executableNote}\n`);
    }
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof DiagnosticError) return reportDiagnostics(error, io);
    throw error;
  }
}

export const command: Command = {
  name: 'tla2ts',
  summary: 'compile a TLA+ spec to TypeScript',
  usage: 'tla2ts Spec.tla -o DIR [options]',
  description: `Compiles the spec into DIR/Spec.ts (a State typed from TypeOK, one function per definition)
and DIR/Spec.mjs (the same as JavaScript), both importing their runtime from the cloudos package
(\`cloudos/tla-runtime\`): a project that depends on cloudos compiles and runs them. With a
configuration the module is executable and self-contained (the spec and .cfg are embedded):
\`await load()\` gives its initial states, the successors of each action (named as \`cloudos check\`
names them), the invariants and fingerprints (see tools/tla/tla2ts/README.md). Definitions outside
the compiled subset (ENABLED, operator CONSTANTs) are listed as warnings and left to the interpreter.`,
  options,
  epilogue: 'exit codes: 0 written, 64 usage, 65 bad input (spec or config), 70 internal error.',
  run,
};
