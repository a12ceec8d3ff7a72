// Runs tla2ts output in this process: the JavaScript form of the generated module, imported from a
// data: URL (the runtime is passed to its `compile`; it imports only tla-runtime.js, by absolute URL).
import { Interpreter, type Generator, type InterpreterOptions } from '../eval/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedModule } from '../names/index.js';
import { emitModule } from './emit.js';
import { emitGenerators, type GeneratorRequest } from './generators.js';
import { Runtime, type CompiledDefs } from './runtime.js';

/** The runtime generated JavaScript imports when it runs in this process (from a data: URL, so by absolute URL). */
export const runtimeUrl = new URL('./tla-runtime.js', import.meta.url).href;

export interface GeneratedModule {
  moduleName: string;
  variables: readonly string[];
  definitions: { index: number; name: string; params: number; compiled: boolean }[];
  compile(rt: Runtime): CompiledDefs;
  toState(values: readonly unknown[]): Record<string, unknown>;
}

/** Imports generated JavaScript (`emitModule(…, { language: 'js' })`). */
export async function importGenerated(javascript: string): Promise<GeneratedModule> {
  return (await import(`data:text/javascript;base64,${Buffer.from(javascript).toString('base64')}`)) as GeneratedModule;
}

/**
 * Compiles `module` with tla2ts, loads the output, and returns the runtime running it; pass it as
 * `InterpreterOptions.compiled` so that every definition the interpreter meets runs compiled.
 */
export async function compiledRuntime(module: ResolvedModule, options: InterpreterOptions): Promise<Runtime> {
  const generated = await importGenerated(emitModule(module, { language: 'js', runtimeImport: runtimeUrl }).source);
  const rt = new Runtime(module, new Interpreter(module, options));
  rt.install(generated.compile(rt));
  return rt;
}

/**
 * Compiles Init and action formulas into generators running on `rt`; where a formula holds a
 * construct tla2ts does not compile, its entry is undefined and `refused` says why.
 */
export async function compiledGenerators(rt: Runtime, requests: readonly GeneratorRequest[]): Promise<{ generators: (Generator | undefined)[]; refused: (Diagnostic | undefined)[] }> {
  const emitted = emitGenerators(rt.module, requests);
  const loaded = (await import(`data:text/javascript;base64,${Buffer.from(emitted.source).toString('base64')}`)) as { compileGenerators(rt: Runtime): (Generator | null)[] };
  return { generators: loaded.compileGenerators(rt).map((g) => g ?? undefined), refused: emitted.refused };
}
