// Runs tla2ts output in this process: the JavaScript form of the generated module, imported from a
// data: URL (it imports nothing at run time; the runtime is passed to its `compile`).
import { Interpreter, type InterpreterOptions } from '../eval/index.js';
import type { ResolvedModule } from '../names/index.js';
import { emitModule } from './emit.js';
import { Runtime, type CompiledDefs } from './runtime.js';

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
  const generated = await importGenerated(emitModule(module, { language: 'js', runtimeImport: './runtime.js' }).source);
  const rt = new Runtime(module, new Interpreter(module, options));
  rt.install(generated.compile(rt));
  return rt;
}
