// The interpreter of the resolved IR: value-mode closures (interpreter.ts) and state generators
// for Init and actions (actions.ts), both over the value operations of operations.ts (which
// tla2ts's runtime calls too).
export { Interpreter, type Override, type InterpreterOptions, type CompiledDefinitions } from './interpreter.js';
export * as ops from './operations.js';
export { actionConjunct, actionForallBody, initConjunct, initForallBody, argumentPlan, binaryFastPath, evaluatedAtCall, refuseUnboundedQuantifier, forEachBinding, withBindings, type CompiledBound, type CompiledFilter } from './operations.js';
export { evalError, locate, locateEnumeration } from './eval-error.js';
export { ActionCompiler, ActionShape, allAssigned, conjoinOverBindings, forEachBindingAtRandom, isImplication, type ConjunctShape, type Generator, type GeneratorMode } from './actions.js';
export { EvalContext, LazyArgument, LetThunk, forced, someInRandomOrder, type PartialState, type Closure, type Local, type RandomBelow } from './eval-context.js';
export { Coverage, CoverageNode, coverageLines } from './coverage.js';
