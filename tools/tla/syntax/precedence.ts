// Operator chains, grouped and refused as SANY groups and refuses them. TLA+ gives each operator a
// range of precedences; two operators whose ranges overlap may not meet without parentheses
// (`a = b = c`, `(n - 1) % 3 + 1`: E1005). SANY parses an expression with an operator-precedence
// stack (tla2sany/parser/OperatorStack.java); this module runs the same stack, with the same rules,
// over each operator chain of tree-sitter's tree (the chain flattened back to the operands and
// operators as written), so that it refuses exactly what SANY refuses and groups what it accepts as
// SANY does, whatever grouping tree-sitter chose. Bulleted /\ and \/ lists, parentheses and
// brackets delimit chains, as in SANY.
import type { Node } from 'web-tree-sitter';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics.js';
import { infixOperators, postfixOperators, precedences, prefixOperators, type Precedence } from './operators.js';

type Fixity = 'prefix' | 'infix' | 'postfix';

export interface Operator {
  kind: 'op';
  /** The canonical spelling; '' for the end marker and for a selector (`[x]`, `.a`: `node` says which). */
  symbol: keyof typeof precedences | '';
  fixity: Fixity;
  prec: Precedence;
  /** The symbol node; for a selector, the function_evaluation or record_value node (undefined for the end marker). */
  node?: Node;
  /** The operator as written, when not its node's text (a selector's node holds its operand too). */
  written?: () => string;
}

/** An operand as written, or a part of the chain already grouped: its value (the caller's) and its text (for the hint, computed only when needed). */
export interface Operand<T> {
  kind: 'operand';
  value: T;
  text: () => string;
}

export type Element<T> = Operator | Operand<T>;

const chainTypes = ['bound_infix_op', 'bound_prefix_op', 'bound_postfix_op'];
const fixityTables: Record<Fixity, Record<string, string>> = { infix: infixOperators, prefix: prefixOperators, postfix: postfixOperators };

/** SANY closes every expression with an infix operator of precedence 0, which makes the stack reduce to one operand. */
const end: Operator = { kind: 'op', symbol: '', fixity: 'infix', prec: { low: 0, high: 0, left: false } };

/** `f[x]` and `r.a` bind tighter than every operator: after `~(a)`, SANY reads `~((a)[x])` (below). */
const selector: Precedence = { low: 16, high: 16, left: false };

/**
 * The argument of `~(a)`, `SUBSET(S)`, `[](P)`: a prefix operator before a parenthesized operand,
 * which tree-sitter reads as the operator applied in prefix form (bound_nonfix_op), binding it
 * tighter than anything after it (`~(a) = b` as `(~a) = b`). SANY reads the prefix operator, whose
 * operand is `(a)` and what follows it as its precedence allows: `~((a) = b)`. Undefined if `n` is
 * not such a node (a prefix form of another operator, `+(a, b)`, is refused by parse.ts).
 */
export function prefixCallArgument(n: Node): Node | undefined {
  if (n.type !== 'bound_nonfix_op' || n.childForFieldName('symbol')?.type !== 'prefix_op_symbol') return undefined;
  const args = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'prefix_op_symbol' && !c.isExtra && !c.type.endsWith('comment'));
  return args.length === 1 ? args[0] : undefined;
}

/**
 * Whether `n`, a function application or a record field, is one whose function or record starts
 * with `~(a)` (`~(a)[x]`, `~(a)'.f`): it is then part of the prefix operator's chain, not an operand.
 */
export function startsWithPrefixCall(n: Node): boolean {
  for (let m: Node | null = n; m !== null;) {
    if (prefixCallArgument(m)) return true;
    if (m.type === 'bound_postfix_op') m = m.childForFieldName('lhs');
    else if (m.type === 'function_evaluation' || m.type === 'record_value') m = m.firstNamedChild;
    else return false;
  }
  return false;
}

/**
 * The precedence conflicts of a module's tree: the first of each operator chain, at most `limit`.
 * `spanOf` locates a node (parse.ts's rule, shared so that every E1xxx points alike).
 */
export function precedenceConflicts(root: Node, spanOf: (n: Node) => Span, limit = 20): Diagnostic[] {
  const found: Diagnostic[] = [];
  // The grammar's own search finds the operator nodes, outer ones first; a chain starts at one that
  // no earlier chain took in (inside parentheses, a bracket, a junction list's item, a definition's body).
  const taken = new Set<number>();
  for (const n of root.descendantsOfType(chainTypes)) {
    if (found.length >= limit) break;
    if (n === null || taken.has(n.id)) continue;
    const tokens: Element<undefined>[] = [];
    if (chainElements(n, tokens, () => undefined, taken) !== undefined) continue;
    const grouped = groupChain(tokens, () => undefined, spanOf);
    if (grouped.kind === 'conflict') found.push(grouped.diagnostic);
  }
  return found;
}

/**
 * Appends the operands and operators of the chain at `n` in source order, each operand's value
 * given by `leaf` (its node, and for the argument of `~(a)` that node, whose parentheses the operand
 * includes); `taken` collects the operator nodes read. Returns the symbol node of an operator that
 * is not TLA+'s (parse.ts refuses it), else undefined.
 */
export function chainElements<T>(n: Node, out: Element<T>[], leaf: (n: Node, call?: Node) => T, taken?: Set<number>): Node | undefined {
  const part = (name: string): Node => n.childForFieldName(name)!;
  const op = (fixity: Fixity, node: Node, type = node.type): Node | undefined => {
    const symbol = fixityTables[fixity][type] as keyof typeof precedences | undefined;
    if (symbol === undefined) return node;
    out.push({ kind: 'op', symbol, fixity, prec: precedences[symbol], node });
    return undefined;
  };
  taken?.add(n.id);
  switch (n.type) {
    case 'bound_infix_op': return chainElements(part('lhs'), out, leaf, taken) ?? op('infix', part('symbol')) ?? chainElements(part('rhs'), out, leaf, taken);
    case 'bound_prefix_op': return op('prefix', part('symbol')) ?? chainElements(part('rhs'), out, leaf, taken);
    case 'bound_postfix_op': return chainElements(part('lhs'), out, leaf, taken) ?? op('postfix', part('symbol'));
    case 'bound_nonfix_op': {
      const arg = prefixCallArgument(n);
      if (!arg) break;
      const symbol = part('symbol');
      const unknown = op('prefix', symbol, symbol.firstNamedChild?.type);
      if (unknown) return unknown;
      out.push({ kind: 'operand', value: leaf(arg, n), text: () => shortened(`(${arg.text})`) });
      return undefined;
    }
    case 'function_evaluation': case 'record_value': {
      if (!startsWithPrefixCall(n)) break;
      const [first, ...rest] = n.namedChildren.filter((c): c is Node => c !== null && !c.isExtra && !c.type.endsWith('comment'));
      const unknown = chainElements(first!, out, leaf, taken);
      if (unknown) return unknown;
      const written = n.type === 'record_value' ? () => `.${rest[0]!.text}` : () => `[${rest.map((a) => a.text).join(', ')}]`;
      out.push({ kind: 'op', symbol: '', fixity: 'postfix', prec: selector, node: n, written });
      return undefined;
    }
  }
  out.push({ kind: 'operand', value: leaf(n), text: () => shortened(n.text) });
  return undefined;
}

export type Grouped<T> = { kind: 'grouped'; operand: Operand<T> } | { kind: 'conflict'; diagnostic: Diagnostic };

/**
 * Runs SANY's operator stack over one chain: the chain grouped, each group's value made by `combine`
 * from its parts (`[lhs, op, rhs]`, `[op, operand]` or `[operand, op]`), or the first conflict.
 */
export function groupChain<T>(tokens: Element<T>[], combine: (parts: Element<T>[]) => T, spanOf: (n: Node) => Span): Grouped<T> {
  const all = [...tokens, end];
  const stack: Element<T>[] = [];
  for (let i = 0; i < all.length; i++) {
    const token = all[i]!;
    const next = all[i + 1];
    const top = stack[stack.length - 1];
    // SANY's lexer reads `-` after an operator as infix minus, then takes it for prefix minus (12-12),
    // and refuses it after an operator that binds tighter: `a * -b`, `2^-1`.
    if (token.kind === 'op' && token.symbol === '-.' && top?.kind === 'op' && top.fixity !== 'postfix' && top.prec.low > token.prec.high) {
      return conflictDiagnostic(top, token, spanOf, [[stack[stack.length - 2], top, hint([token, operandAfter(next)], true)]]);
    }
    stack.push(token);
    if (token.kind === 'op' && stack.length > 1) {
      const conflict = reduce(stack, next, combine, spanOf);
      if (conflict) return conflict;
    }
  }
  return { kind: 'grouped', operand: stack[0] as Operand<T> };
}

/** Reduces the top of the stack while the operator below binds tighter than the one just pushed (OperatorStack.reduceStack). */
function reduce<T>(stack: Element<T>[], next: Element<T> | undefined, combine: (parts: Element<T>[]) => T, spanOf: (n: Node) => Span): Grouped<T> | undefined {
  const group = (start: number, count: number): void => {
    const parts = stack.slice(start, start + count);
    stack.splice(start, count, { kind: 'operand', value: combine(parts), text: () => written(parts) });
  };
  for (;;) {
    const n = stack.length - 1;
    const right = stack[n]!;
    if (right.kind !== 'op' || right.fixity === 'prefix' || n === 0) return undefined;
    const below = stack[n - 1]!;
    if (below.kind === 'op') {
      // An operator right after a postfix one applies the postfix one first (`x' + 1`, `x''`); after
      // an infix or prefix one, this is the prefix minus handled in groupChain.
      if (below.fixity !== 'postfix') return undefined;
      group(n - 2, 2);
      continue;
    }
    const left = stack[n - 2];
    if (left?.kind !== 'op') return undefined;
    const same = left.symbol === right.symbol && left.fixity === right.fixity;
    if (left.prec.low > right.prec.high || (same && left.prec.left)) {
      const start = left.fixity === 'infix' ? n - 3 : n - 2;
      group(start, n - start);
      continue;
    }
    if (left.prec.high < right.prec.low) return undefined;
    // The two ways to group them, as the fix: `(a % b) + c` or `a % (b + c)`.
    const before = left.fixity === 'infix' ? stack[n - 3] : undefined;
    const after = right.fixity === 'infix' ? operandAfter(next) : undefined;
    return conflictDiagnostic(left, right, spanOf, [
      [hint([before, left, below], true), right, after],
      [before, left, hint([below, right, after], true)],
    ]);
  }
}

/** The operand after an operator, for the hint: `…` if it starts with another operator. */
function operandAfter(next: Element<unknown> | undefined): Element<unknown> {
  return next?.kind === 'operand' ? next : { kind: 'operand', value: undefined, text: () => '…' };
}

/** One operand made of parts in order (missing ones left out), for the hint's text; in parentheses if asked. */
function hint(parts: (Element<unknown> | undefined)[], parenthesized = false): Element<unknown> {
  const text = () => written(parts);
  return { kind: 'operand', value: undefined, text: parenthesized ? () => `(${text()})` : text };
}

/** Parts as written, infix operators and word operators (SUBSET, ENABLED) spaced. */
function written(parts: (Element<unknown> | undefined)[]): string {
  let out = '';
  let previous: Element<unknown> | undefined;
  for (const e of parts) {
    if (e === undefined) continue;
    const spaced = previous !== undefined && (isInfix(e) || isInfix(previous) || (previous.kind === 'op' && /^[A-Z]/.test(previous.node?.text ?? '')));
    out += (spaced ? ' ' : '') + (e.kind === 'op' ? (e.written?.() ?? e.node?.text ?? '') : e.text());
    previous = e;
  }
  return out;
}

function isInfix(e: Element<unknown>): boolean {
  return e.kind === 'op' && e.fixity === 'infix';
}

/** An operand as written, or `…` if it is long or spans lines. */
function shortened(text: string): string {
  return text.includes('\n') || text.length > 40 ? '…' : text;
}

/** The operator as written (`#` for /=), in backquotes. */
function describe(op: Operator): string {
  return op.symbol === '-.' ? 'prefix `-`' : `\`${op.node?.text ?? op.symbol}\``;
}

function range(op: Operator): string {
  return `${op.prec.low}-${op.prec.high}`;
}

/** E1005 at the second operator, naming both with their ranges; the hint writes the groupings that resolve it. */
function conflictDiagnostic(left: Operator, right: Operator, spanOf: (n: Node) => Span, groupings: (Element<unknown> | undefined)[][]): Grouped<never> {
  const message = left.symbol === right.symbol && left.fixity === right.fixity
    ? `${describe(left)} (precedence ${range(left)}) is not associative: SANY refuses a chain of it without parentheses`
    : `precedence conflict between ${describe(left)} (precedence ${range(left)}) and ${describe(right)} (${range(right)}): ` +
      'their ranges overlap, and SANY refuses them without parentheses';
  return { kind: 'conflict', diagnostic: diagnostic('E1005', message, spanOf(right.node!), `add parentheses: ${groupings.map(written).join(' or ')}`) };
}
