// Turns tla2ts output into running code in this process: TypeScript → JavaScript with the
// compiler's transpileModule, imported from a data: URL (the module imports nothing at run time).
import ts from 'typescript';
import { Interpreter, type InterpreterOptions } from '../eval/index.js';
import type { ResolvedModule } from '../names/index.js';
import { emitModule } from './emit.js';
import { Runtime, type CompiledDefs } from './runtime.js';

export interface GeneratedModule {
  moduleName: string;
  variables: readonly string[];
  definitions: { index: number; name: string; params: number; compiled: boolean }[];
  compile(rt: Runtime): CompiledDefs;
}

/** JavaScript for a generated TypeScript module. */
export function transpile(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
}

export async function importGenerated(source: string): Promise<GeneratedModule> {
  const js = transpile(source);
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as GeneratedModule;
}

/**
 * Compiles `module` with tla2ts, loads the output, and returns the runtime running it; pass it as
 * `InterpreterOptions.compiled` so that every definition the interpreter meets runs compiled.
 */
export async function compiledRuntime(module: ResolvedModule, options: InterpreterOptions): Promise<Runtime> {
  const generated = await importGenerated(emitModule(module, { runtimeImport: './runtime.js' }).source);
  const rt = new Runtime(module, new Interpreter(module, options));
  rt.install(generated.compile(rt));
  return rt;
}
