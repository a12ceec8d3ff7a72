// What an executable module written by `cloudos tla2ts --config` calls once when loaded: binds its
// generated code to the spec's constants (read from the .cfg, as `cloudos check` reads them) and to
// the interpreter that evaluates what tla2ts left out (ENABLED, operator CONSTANTs, .cfg overrides).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../cfg/config.js';
import { fail, type Span } from '../diagnostics.js';
import { ActionCompiler, EvalContext, Interpreter, evalError, type Generator, type PartialState } from '../eval/index.js';
import { bindConstants, planExecutable } from '../load.js';
import { resolveSpec } from '../names/index.js';
import { seededRandom } from '../stdlib/index.js';
import { fingerprintState, type Value } from '../values/index.js';
import { Runtime, type CompiledDefs } from './runtime.js';

/** The parts of an emitted module that `bindExecutable` needs. */
export interface EmittedExecutable {
  /** The spec, its .cfg and search path, relative to the emitted file. */
  source: { spec: string; config: string; searchPath: readonly string[] };
  definitions: readonly { name: string }[];
  actionNames: readonly string[];
  compile(rt: Runtime): CompiledDefs;
  compileGenerators(rt: Runtime): (Generator | null)[];
}

export interface BindOptions {
  /** Seed of RandomElement's generator (0 by default, as `cloudos check`). */
  seed?: number;
}

/** The generated code, running. */
export interface BoundExecutable {
  rt: Runtime;
  /** Init, then one generator per action. */
  generators: Generator[];
  /** An evaluation context reading `state` (and `next` inside an action). */
  context(state: PartialState, next?: PartialState | null): EvalContext;
  /** The values of a state whose generator assigned every variable, or E3001 naming those left out. */
  complete(values: PartialState, what: string, span: Span): Value[];
  fingerprint(values: readonly Value[]): bigint;
}

/** Binds `emitted` (written beside `fileUrl`) to its spec and configuration. */
export async function bindExecutable(emitted: EmittedExecutable, fileUrl: string, options: BindOptions = {}): Promise<BoundExecutable> {
  const path = (relative: string) => fileURLToPath(new URL(relative, fileUrl));
  const specPath = path(emitted.source.spec);
  const configPath = path(emitted.source.config);
  const module = await resolveSpec(specPath, { searchPath: emitted.source.searchPath.map(path) });
  const stale = () => new Error(`${fileURLToPath(fileUrl)} was generated from another version of ${specPath} or ${configPath}; regenerate it with cloudos tla2ts`);
  if (module.defs.map((d) => d.name.name).join('\n') !== emitted.definitions.map((d) => d.name).join('\n')) throw stale();
  const text = await readFile(configPath, 'utf8').catch(() => fail('E4001', `cannot read the configuration ${configPath}`, undefined, 'regenerate the module with --config pointing at an existing .cfg'));
  const config = parseConfig(text, configPath);
  const constants = bindConstants(module, config);
  const rt = new Runtime(module, new Interpreter(module, constants));
  rt.install(emitted.compile(rt));
  const interp = new Interpreter(module, { ...constants, compiled: rt });
  const plan = planExecutable(module, config, interp);
  if (plan.actions.map((a) => a.name).join('\n') !== emitted.actionNames.join('\n')) throw stale();
  // A generator tla2ts refused when it wrote the file runs on the interpreter, as in `cloudos check`.
  const generators = emitted.compileGenerators(rt).map((g, i) => g ?? new ActionCompiler(interp, plan.generators[i]!.shape.mode).compile(plan.generators[i]!.expr));
  const std = { print: (s: string) => void process.stderr.write(s + '\n'), random: seededRandom(options.seed ?? 0), registers: new Map() };
  const variables = module.variables.map((v) => v.name);
  return {
    rt,
    generators,
    context: (state, next = null) => new EvalContext(std, state, next),
    complete(values, what, span) {
      if (!values.includes(undefined)) return (values as Value[]).slice();
      const missing = values.flatMap((v, i) => (v === undefined ? [variables[i]!] : []));
      return evalError('E3001', `${what} leaves ${missing.join(', ')} without a value`, span, "assign every variable (x' = e, x' \\in S or UNCHANGED x)");
    },
    fingerprint: (values) => fingerprintState(values),
  };
}
