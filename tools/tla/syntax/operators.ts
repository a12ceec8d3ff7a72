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

/**
 * An operator's precedence range and whether it is left-associative, as SANY has them
 * (tla2sany/parser/Operators.java, on the scale of Specifying Systems' table on p. 271: SANY's
 * numbers divided by 10). Two operators whose ranges overlap may not share an expression without
 * parentheses, unless they are the same left-associative infix operator (`a + b + c`).
 */
export interface Precedence {
  low: number;
  high: number;
  left: boolean;
}

const p = (low: number, high: number, left = false): Precedence => ({ low, high, left });

/** Every operator symbol's precedence, keyed by canonical spelling (the spellings of the three fixities do not collide). */
export const precedences = {
  // infix
  '=>': p(1, 1), '-+->': p(2, 2), '\\equiv': p(2, 2), '<=>': p(2, 2), '~>': p(2, 2),
  '/\\': p(3, 3, true), '\\/': p(3, 3, true),
  ':=': p(5, 5), '::=': p(5, 5), '=': p(5, 5), '/=': p(5, 5), '<': p(5, 5), '>': p(5, 5), '<=': p(5, 5),
  '>=': p(5, 5), '\\approx': p(5, 5), '|-': p(5, 5), '|=': p(5, 5), '-|': p(5, 5), '=|': p(5, 5),
  '\\asymp': p(5, 5), '\\cong': p(5, 5), '\\doteq': p(5, 5), '\\gg': p(5, 5), '\\ll': p(5, 5), '\\in': p(5, 5),
  '\\notin': p(5, 5), '\\prec': p(5, 5), '\\succ': p(5, 5), '\\preceq': p(5, 5), '\\succeq': p(5, 5),
  '\\propto': p(5, 5), '\\sim': p(5, 5), '\\simeq': p(5, 5), '\\sqsubset': p(5, 5), '\\sqsupset': p(5, 5),
  '\\sqsubseteq': p(5, 5), '\\sqsupseteq': p(5, 5), '\\subset': p(5, 5), '\\supset': p(5, 5),
  '\\subseteq': p(5, 5), '\\supseteq': p(5, 5),
  '\\cdot': p(5, 14, true), '@@': p(6, 6, true), ':>': p(7, 7), '<:': p(7, 7),
  '\\': p(8, 8), '\\cap': p(8, 8, true), '\\cup': p(8, 8, true), '..': p(9, 9), '...': p(9, 9),
  '$': p(9, 13, true), '$$': p(9, 13, true), '??': p(9, 13, true), '##': p(9, 13, true), '!!': p(9, 13),
  '\\uplus': p(9, 13, true), '\\sqcap': p(9, 13, true), '\\sqcup': p(9, 13, true), '\\wr': p(9, 14),
  '+': p(10, 10, true), '++': p(10, 10, true), '(+)': p(10, 10, true), '\\X': p(10, 13, true),
  '%': p(10, 11), '%%': p(10, 11, true), '|': p(10, 11, true), '||': p(10, 11, true),
  '-': p(11, 11, true), '--': p(11, 11, true), '(-)': p(11, 11, true),
  '*': p(13, 13, true), '**': p(13, 13, true), '(.)': p(13, 13, true), '(\\X)': p(13, 13, true),
  '&': p(13, 13, true), '&&': p(13, 13, true), '\\star': p(13, 13, true), '\\o': p(13, 13, true),
  '\\bigcirc': p(13, 13, true), '\\bullet': p(13, 13, true), '/': p(13, 13), '//': p(13, 13), '(/)': p(13, 13),
  '\\div': p(13, 13), '^': p(14, 14), '^^': p(14, 14),
  // prefix
  '~': p(4, 4), 'ENABLED': p(4, 15), 'UNCHANGED': p(4, 15), '[]': p(4, 15), '<>': p(4, 15),
  'SUBSET': p(10, 13), 'UNION': p(10, 13), 'DOMAIN': p(10, 13), '-.': p(12, 12),
  // postfix
  "'": p(15, 15), '^+': p(15, 15), '^*': p(15, 15), '^#': p(15, 15),
} as const satisfies Record<InfixOperator | PrefixOperator | PostfixOperator, Precedence>;
