// Precedence conflicts, refused as SANY refuses them (E1005). TLA+ gives each operator a range
// of precedences; two operators whose ranges overlap may not meet without parentheses (`a = b = c`,
// `(n - 1) % 3 + 1`), while tree-sitter's grammar picks a grouping for them. SANY parses an
// expression with an operator-precedence stack (tla2sany/parser/OperatorStack.java); this module
// runs the same stack, with the same rules, over each operator chain of tree-sitter's tree (the
// chain flattened back to the operands and operators as written), so that it refuses exactly what
// SANY refuses. Bulleted /\ and \/ lists, parentheses and brackets delimit chains, as in SANY.
import type { Node } from 'web-tree-sitter';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics.js';
import { infixOperators, postfixOperators, precedences, prefixOperators, type Precedence } from './operators.js';

type Fixity = 'prefix' | 'infix' | 'postfix';

interface Operator {
  kind: 'op';
  symbol: keyof typeof precedences | '';
  fixity: Fixity;
  prec: Precedence;
  /** The symbol node (undefined for the end marker). */
  node?: Node;
}

/** An operand as written, or a part of the chain already grouped; its text (for the hint) computed only when needed. */
interface Operand {
  kind: 'operand';
  text: () => string;
}

type Element = Operator | Operand;

const chainTypes = new Set(['bound_infix_op', 'bound_prefix_op', 'bound_postfix_op']);
const fixityTables: Record<Fixity, Record<string, string>> = { infix: infixOperators, prefix: prefixOperators, postfix: postfixOperators };

/** SANY closes every expression with an infix operator of precedence 0, which makes the stack reduce to one operand. */
const end: Operator = { kind: 'op', symbol: '', fixity: 'infix', prec: { low: 0, high: 0, left: false } };

/**
 * The precedence conflicts of a module's tree: the first of each operator chain, at most `limit`.
 * `spanOf` locates a node (parse.ts's rule, shared so that every E1xxx points alike).
 */
export function precedenceConflicts(root: Node, spanOf: (n: Node) => Span, limit = 20): Diagnostic[] {
  const found: Diagnostic[] = [];
  // A chain starts at an operator node whose parent is not one (inside parentheses, a bracket, a
  // junction list's item, a definition's body); the grammar's own search finds the operator nodes.
  for (const n of root.descendantsOfType([...chainTypes])) {
    if (found.length >= limit) break;
    if (n === null || chainTypes.has(n.parent?.type ?? '')) continue;
    const conflict = chainConflict(n, spanOf);
    if (conflict) found.push(conflict);
  }
  return found;
}

/** Appends the operands and operators of a chain in source order; false if a symbol is not TLA+'s (parse.ts refuses it). */
function flatten(n: Node, out: Element[]): boolean {
  const part = (name: string): Node => n.childForFieldName(name)!;
  const op = (fixity: Fixity): boolean => {
    const node = part('symbol');
    const symbol = fixityTables[fixity][node.type] as keyof typeof precedences | undefined;
    if (symbol === undefined) return false;
    out.push({ kind: 'op', symbol, fixity, prec: precedences[symbol], node });
    return true;
  };
  switch (n.type) {
    case 'bound_infix_op': return flatten(part('lhs'), out) && op('infix') && flatten(part('rhs'), out);
    case 'bound_prefix_op': return op('prefix') && flatten(part('rhs'), out);
    case 'bound_postfix_op': return flatten(part('lhs'), out) && op('postfix');
    case 'bound_nonfix_op': {
      // Tree-sitter reads `~(a) = b` as `~` applied in prefix form, SANY as the prefix operator ~
      // before `(a) = b`; here it is what SANY reads (parse.ts refuses the prefix form, E1002).
      const symbol = part('symbol');
      const args = n.namedChildren.filter((c) => c !== null && c.startIndex >= symbol.endIndex && !c.isExtra && !c.type.endsWith('comment'));
      const name = symbol.type === 'prefix_op_symbol' ? symbol.namedChildren[0]?.type : undefined;
      const prefix = name === undefined ? undefined : (prefixOperators as Record<string, string>)[name] as keyof typeof precedences | undefined;
      if (prefix === undefined || args.length !== 1) break;
      out.push({ kind: 'op', symbol: prefix, fixity: 'prefix', prec: precedences[prefix], node: symbol });
      out.push({ kind: 'operand', text: () => shortened(`(${args[0]!.text})`) });
      return true;
    }
  }
  out.push({ kind: 'operand', text: () => shortened(n.text) });
  return true;
}

/** Runs SANY's operator stack over one chain; the first conflict it meets, as a diagnostic. */
function chainConflict(root: Node, spanOf: (n: Node) => Span): Diagnostic | undefined {
  const tokens: Element[] = [];
  if (!flatten(root, tokens)) return undefined;
  tokens.push(end);
  const stack: Element[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const top = stack[stack.length - 1];
    // SANY's lexer reads `-` after an operator as infix minus, then takes it for prefix minus (12-12),
    // and refuses it after an operator that binds tighter: `a * -b`, `2^-1`.
    if (token.kind === 'op' && token.symbol === '-.' && top?.kind === 'op' && top.fixity !== 'postfix' && top.prec.low > token.prec.high) {
      return conflictDiagnostic(top, token, spanOf, [[stack[stack.length - 2], top, group([token, operandAfter(next)], true)]]);
    }
    stack.push(token);
    if (token.kind === 'op' && stack.length > 1) {
      const conflict = reduce(stack, next, spanOf);
      if (conflict) return conflict;
    }
  }
  return undefined;
}

/** Reduces the top of the stack while the operator below binds tighter than the one just pushed (OperatorStack.reduceStack). */
function reduce(stack: Element[], next: Element | undefined, spanOf: (n: Node) => Span): Diagnostic | undefined {
  for (;;) {
    const n = stack.length - 1;
    const right = stack[n]!;
    if (right.kind !== 'op' || right.fixity === 'prefix' || n === 0) return undefined;
    const below = stack[n - 1]!;
    if (below.kind === 'op') {
      // An operator right after a postfix one applies the postfix one first (`x' + 1`, `x''`); after
      // an infix or prefix one, this is the prefix minus handled in chainConflict.
      if (below.fixity !== 'postfix') return undefined;
      stack.splice(n - 2, 2, group([stack[n - 2], below]));
      continue;
    }
    const left = stack[n - 2];
    if (left?.kind !== 'op') return undefined;
    const same = left.symbol === right.symbol && left.fixity === right.fixity;
    if (left.prec.low > right.prec.high || (same && left.prec.left)) {
      const start = left.fixity === 'infix' ? n - 3 : n - 2;
      stack.splice(start, n - start, group(stack.slice(start, n)));
      continue;
    }
    if (left.prec.high < right.prec.low) return undefined;
    // The two ways to group them, as the fix: `(a % b) + c` or `a % (b + c)`.
    const before = left.fixity === 'infix' ? stack[n - 3] : undefined;
    const after = right.fixity === 'infix' ? operandAfter(next) : undefined;
    return conflictDiagnostic(left, right, spanOf, [
      [group([before, left, below], true), right, after],
      [before, left, group([below, right, after], true)],
    ]);
  }
}

/** The operand after an operator, for the hint: `…` if it starts with another operator. */
function operandAfter(next: Element | undefined): Operand {
  return next?.kind === 'operand' ? next : { kind: 'operand', text: () => '…' };
}

/** One operand made of parts in order (missing ones left out), for the hint's text; in parentheses if asked. */
function group(parts: (Element | undefined)[], parenthesized = false): Operand {
  const text = () => written(parts);
  return { kind: 'operand', text: parenthesized ? () => `(${text()})` : text };
}

/** Parts as written, infix operators and word operators (SUBSET, ENABLED) spaced. */
function written(parts: (Element | undefined)[]): string {
  let out = '';
  let previous: Element | undefined;
  for (const e of parts) {
    if (e === undefined) continue;
    const spaced = previous !== undefined && (isInfix(e) || isInfix(previous) || (previous.kind === 'op' && /^[A-Z]/.test(previous.node?.text ?? '')));
    out += (spaced ? ' ' : '') + (e.kind === 'op' ? (e.node?.text ?? '') : e.text());
    previous = e;
  }
  return out;
}

function isInfix(e: Element): boolean {
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
function conflictDiagnostic(left: Operator, right: Operator, spanOf: (n: Node) => Span, groupings: (Element | undefined)[][]): Diagnostic {
  const message = left.symbol === right.symbol && left.fixity === right.fixity
    ? `${describe(left)} (precedence ${range(left)}) is not associative: SANY refuses a chain of it without parentheses`
    : `precedence conflict between ${describe(left)} (precedence ${range(left)}) and ${describe(right)} (${range(right)}): ` +
      'their ranges overlap, and SANY refuses them without parentheses';
  return diagnostic('E1005', message, spanOf(right.node!), `add parentheses: ${groupings.map(written).join(' or ')}`);
}
