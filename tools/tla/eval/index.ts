// The interpreter of the resolved IR: value-mode closures (interpreter.ts) and state generators
// for Init and actions (actions.ts).
export { Interpreter, binaryFastPath, evalPrimed, exceptUpdate, recordField, type Override, type InterpreterOptions, type CompiledDefinitions, type CompiledBound } from './interpreter.js';
export { evalError, locate, locateEnumeration } from './eval-error.js';
export { ActionCompiler, ActionShape, allAssigned, conjoinOverBindings, forEachBindingAtRandom, isImplication, type ConjunctShape, type Generator, type GeneratorMode } from './actions.js';
export { EvalContext, LetThunk, someInRandomOrder, type PartialState, type Closure, type Local, type RandomBelow } from './eval-context.js';
