// `cloudos/tla-runtime` (package.json "exports"): everything a module written by `cloudos tla2ts`
// imports, so that it runs and type-checks in any project that depends on the cloudos package.
export { bindExecutable, type BindOptions, type BoundExecutable, type EmittedExecutable } from './bind-executable.js';
export { typedState, type StateType } from './typed-state.js';
export type { CompiledDefs, EvalContext, Generator, PartialState, Runtime, Span, Value } from './runtime.js';
export type { ModelValue } from '../values/index.js';
