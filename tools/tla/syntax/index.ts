// The syntax phase: TLA+ text → AST (ast.ts), the canonical operator spellings, and the printer.
export type * from './ast.js';
export { parseModule, parseExpression } from './parse.js';
export { infixOperators, prefixOperators, postfixOperators, isInfixOperator, isPrefixOperator, isPostfixOperator } from './operators.js';
