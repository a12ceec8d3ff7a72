// The canonical spelling of every TLA+ operator symbol, keyed by the tree-sitter node type that
// parses it. The AST and the IR use only canonical spellings (`<=` for `=<`, `\leq`, `≤`), so
// the standard library and the evaluator look operators up by one name each.

/** Infix operator symbols: node type → canonical spelling (the grammar's first ASCII form). */
export const infixOperators = {
  implies: '=>', plus_arrow: '-+->', equiv: '\\equiv', iff: '<=>', leads_to: '~>',
  land: '/\\', lor: '\\/', assign: ':=', bnf_rule: '::=', eq: '=', neq: '/=', lt: '<', gt: '>',
  leq: '<=', geq: '>=', approx: '\\approx', rs_ttile: '|-', rd_ttile: '|=', ls_ttile: '-|',
  ld_ttile: '=|', asymp: '\\asymp', cong: '\\cong', doteq: '\\doteq', gg: '\\gg', ll: '\\ll',
  in: '\\in', notin: '\\notin', prec: '\\prec', succ: '\\succ', preceq: '\\preceq',
  succeq: '\\succeq', propto: '\\propto', sim: '\\sim', simeq: '\\simeq', sqsubset: '\\sqsubset',
  sqsupset: '\\sqsupset', sqsubseteq: '\\sqsubseteq', sqsupseteq: '\\sqsupseteq',
  subset: '\\subset', supset: '\\supset', subseteq: '\\subseteq', supseteq: '\\supseteq',
  compose: '@@', map_to: ':>', map_from: '<:', setminus: '\\', cap: '\\cap', cup: '\\cup',
  dots_2: '..', dots_3: '...', plus: '+', plusplus: '++', oplus: '(+)', ominus: '(-)', mod: '%',
  modmod: '%%', vert: '|', vertvert: '||', minus: '-', minusminus: '--', amp: '&', ampamp: '&&',
  odot: '(.)', oslash: '(/)', otimes: '(\\X)', mul: '*', mulmul: '**', slash: '/',
  slashslash: '//', bigcirc: '\\bigcirc', bullet: '\\bullet', div: '\\div', circ: '\\o',
  star: '\\star', excl: '!!', hashhash: '##', dol: '$', doldol: '$$', qq: '??', sqcap: '\\sqcap',
  sqcup: '\\sqcup', uplus: '\\uplus', times: '\\X', wr: '\\wr', cdot: '\\cdot', pow: '^',
  powpow: '^^',
} as const satisfies Record<string, string>;

/**
 * Prefix operator symbols. `-.` is unary minus (how TLA+ names it in definitions). ENABLED,
 * UNCHANGED, [] and <> are listed so that they can be named, but the AST gives them own kinds.
 */
export const prefixOperators = {
  lnot: '~', negative: '-.', powerset: 'SUBSET', union: 'UNION', domain: 'DOMAIN',
  enabled: 'ENABLED', unchanged: 'UNCHANGED', always: '[]', eventually: '<>',
} as const satisfies Record<string, string>;

/** Postfix operator symbols; prime has its own AST kind. */
export const postfixOperators = {
  sup_plus: '^+', asterisk: '^*', sup_hash: '^#', prime: "'",
} as const satisfies Record<string, string>;

export type InfixOperator = (typeof infixOperators)[keyof typeof infixOperators];
export type PrefixOperator = (typeof prefixOperators)[keyof typeof prefixOperators];
export type PostfixOperator = (typeof postfixOperators)[keyof typeof postfixOperators];

const infixSymbols = new Set<string>(Object.values(infixOperators));
const prefixSymbols = new Set<string>(Object.values(prefixOperators));
const postfixSymbols = new Set<string>(Object.values(postfixOperators));

export function isInfixOperator(name: string): boolean {
  return infixSymbols.has(name);
}
export function isPrefixOperator(name: string): boolean {
  return prefixSymbols.has(name);
}
export function isPostfixOperator(name: string): boolean {
  return postfixSymbols.has(name);
}
