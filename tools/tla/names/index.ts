// The names phase: parsed modules → one ResolvedModule (the IR the evaluator and tla2ts consume).
export type * from './ir.js';
export { resolveSpec, resolveSource, type ResolveOptions } from './resolve.js';
export { substitutePrimedParameters } from './substitute-primed.js';
export { subexpressions, bindersDeclaredIn, cacheableDependencies, capturedBinders, letEvaluatedAtOnce, parameterEvaluatedFirst, readsWhereWritten, reenteredBinders, sameForEveryValueOf, type ReenteredBinders, closedDependencies, ConstantLevels, definitionExpr, filterBinders, filterTested, readsOf, orderFreeDefinitions, type Reads, type Replacements } from './levels.js';
export { standardModules, coreOperators, isStandardModule, type StandardModuleName, type StandardModule } from '../stdlib/standard-modules.js';
