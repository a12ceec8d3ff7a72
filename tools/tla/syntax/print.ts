// The AST printed back to TLA+ text that parses to the same AST: every compound operand is
// parenthesized, and bulleted /\ and \/ lists are laid out on their own lines with the bullets
// aligned (TLA+'s column rule), which is why printing tracks the column it starts at.
import type { Bound, ExceptStep, Expr, InstanceExpr, LetDef, Module, NameRef, Param, Phase, Unit } from './ast.js';
import { isInfixOperator, isPostfixOperator, isPrefixOperator } from './operators.js';

/** Prints a module. */
export function printModule(module: Module): string {
  const lines = [`---- MODULE ${module.name.name} ----`];
  if (module.extends.length > 0) lines.push(`EXTENDS ${module.extends.map((e) => e.name).join(', ')}`);
  for (const unit of module.units) lines.push(printUnit(unit));
  lines.push('====');
  return lines.join('\n') + '\n';
}

/** Prints an expression of the syntax phase, as if it started at column `col` (0-based). */
export function printExpr(e: Expr, col = 0): string {
  return expr(e, col);
}

function printUnit(unit: Unit): string {
  const local = 'local' in unit && unit.local ? 'LOCAL ' : '';
  switch (unit.kind) {
    case 'operator': case 'function':
      return local + definition(unit, 0);
    case 'constants':
      return `CONSTANTS ${unit.decls.map((d) => declaration(d.name.name, d.arity)).join(', ')}`;
    case 'variables':
      return `VARIABLES ${unit.names.map((n) => n.name).join(', ')}`;
    case 'recursive':
      return `RECURSIVE ${unit.decls.map((d) => declaration(d.name.name, d.arity)).join(', ')}`;
    case 'instance':
      return local + instance(unit.instance);
    case 'moduleDef':
      return `${local}${unit.name.name}${paramList(unit.params)} == ${instance(unit.instance)}`;
    case 'assume': {
      const head = `ASSUME ${unit.name ? `${unit.name.name} == ` : ''}`;
      return head + expr(unit.expr, head.length);
    }
    case 'theorem': {
      const head = `THEOREM ${unit.name ? `${unit.name.name} == ` : ''}`;
      return head + (unit.statement.kind === 'sequent' ? unit.statement.text : expr(unit.statement.expr, head.length));
    }
    case 'module':
      return printModule(unit.module).trimEnd();
    default:
      return unit satisfies never;
  }
}

function declaration(name: string, arity: number): string {
  return arity === 0 ? name : `${name}(${Array.from({ length: arity }, () => '_').join(', ')})`;
}

function paramList<P extends Phase>(params: Param<P>[]): string {
  return params.length === 0 ? '' : `(${params.map((p) => declaration(binderName(p.binder), p.arity)).join(', ')})`;
}

function binderName(binder: unknown): string {
  return (binder as { name: string }).name;
}

function instance(i: InstanceExpr): string {
  const withs = i.substitutions.map((s) => `${s.name.name} <- ${operand(s.value, 0)}`);
  return `INSTANCE ${i.module.name}${withs.length > 0 ? ` WITH ${withs.join(', ')}` : ''}`;
}

/** `Op(a, b) == body`, `a + b == body`, `f[x \in S] == body`, starting at column `col`. */
function definition(def: LetDef, col: number): string {
  const name = def.name.name;
  let head: string;
  if (def.kind === 'moduleDef') return `${name}${paramList(def.params)} == ${instance(def.instance)}`;
  if (def.kind === 'function') head = `${name}[${bounds(def.bounds, col)}] == `;
  else {
    const params = def.params.map((p) => p.binder.name);
    if (params.length === 2 && def.params.every((p) => p.arity === 0) && isInfixOperator(name)) head = `${params[0]} ${name} ${params[1]} == `;
    else if (params.length === 1 && def.params[0]!.arity === 0 && isPrefixOperator(name)) head = `${name} ${params[0]} == `;
    else if (params.length === 1 && def.params[0]!.arity === 0 && isPostfixOperator(name)) head = `${params[0]}${name} == `;
    else head = `${name}${paramList(def.params)} == `;
  }
  return head + expr(def.body, col + head.length);
}

function bounds(list: Bound[], col: number): string {
  const pieces: (string | ((c: number) => string))[] = [];
  list.forEach((b, i) => {
    const names = b.names.map((n) => n.name).join(', ');
    pieces.push(`${i > 0 ? ', ' : ''}${b.kind === 'tuple' ? `<<${names}>>` : names} \\in `, (c) => operand(b.set, c));
  });
  return seq(col, ...pieces);
}

function ref(r: NameRef, col: number): string {
  const pieces: (string | ((c: number) => string))[] = [];
  for (const step of r.path) {
    if (step.args.length === 0) pieces.push(`${step.name}!`);
    else pieces.push(`${step.name}(`, (c) => list(step.args, c), ')!');
  }
  const selectors = (r.selectors ?? []).map((s) => (s.kind === 'body' ? '!:' : `!${s.index}`)).join('');
  return seq(col, ...pieces, r.name + selectors);
}

/** Column after `text` when it starts at `col`, in code points (as the grammar's layout rule counts). */
function after(text: string, col: number): number {
  const newline = text.lastIndexOf('\n');
  const last = newline < 0 ? text : text.slice(newline + 1);
  return (newline < 0 ? col : 0) + [...last].length;
}

/** Joins pieces left to right, giving each function piece the column where it starts. */
function seq(col: number, ...pieces: (string | ((col: number) => string))[]): string {
  let out = '';
  let at = col;
  for (const piece of pieces) {
    const text = typeof piece === 'string' ? piece : piece(at);
    out += text;
    at = after(text, at);
  }
  return out;
}

function list(items: Expr[], col: number, separator = ', ', print = operand): string {
  const pieces: (string | ((c: number) => string))[] = [];
  items.forEach((item, i) => {
    if (i > 0) pieces.push(separator);
    pieces.push((c) => print(item, c));
  });
  return seq(col, ...pieces);
}

/** Whether an expression needs no parentheses as an operand (it is closed by its own brackets). */
function isAtom(e: Expr): boolean {
  switch (e.kind) {
    case 'number': case 'string': case 'boolean': case 'exceptAt': case 'setEnum': case 'setFilter': case 'setMap':
    case 'funcCtor': case 'funcSet': case 'record': case 'recordSet': case 'except': case 'tuple': case 'boxAction':
    case 'angleAction': case 'fairness':
      return true;
    case 'apply':
      return e.fixity === 'name' || e.fixity === 'call';
    case 'funcApp': case 'field': case 'prime':
      return true;
    default:
      return false;
  }
}

/** The subscript of [A]_v, <<A>>_v, WF_v: the grammar admits fewer forms there than as operands. */
function subscript(e: Expr, col: number): string {
  const direct = e.kind === 'apply' ? e.fixity === 'name' || e.fixity === 'call'
    : ['setEnum', 'setFilter', 'setMap', 'funcCtor', 'funcSet', 'record', 'recordSet', 'except', 'tuple'].includes(e.kind);
  return direct ? expr(e, col) : seq(col, '(', (c) => expr(e, c), ')');
}

/** An argument of an operator call: a LAMBDA stands bare there (the grammar refuses it in parentheses). */
function argument(e: Expr, col: number): string {
  return e.kind === 'lambda' ? expr(e, col) : operand(e, col);
}

/**
 * The operand of a prefix operator: postfix forms (e', f[x], r.a, e^+) are parenthesized too, as
 * SANY refuses a postfix operator after ENABLED, UNCHANGED, [] and <> (`[]v'`, precedence.ts).
 */
function prefixOperand(e: Expr, col: number): string {
  const postfix = e.kind === 'prime' || e.kind === 'funcApp' || e.kind === 'field' || (e.kind === 'apply' && e.fixity === 'postfix');
  return postfix ? seq(col, '(', (c) => expr(e, c), ')') : operand(e, col);
}

/** An operand: parenthesized unless atomic. */
function operand(e: Expr, col: number): string {
  return isAtom(e) ? expr(e, col) : seq(col, '(', (c) => expr(e, c), ')');
}

function expr(e: Expr, col: number): string {
  switch (e.kind) {
    case 'number':
      return e.value.toString();
    case 'string':
      return `"${e.value.replace(/[\\"\n\t\r\f]/g, (c) => stringEscapes[c]!)}"`;
    case 'boolean':
      return e.value ? 'TRUE' : 'FALSE';
    case 'exceptAt':
      return '@';
    case 'apply': {
      const name = ref(e.ref, col);
      switch (e.fixity) {
        case 'name': return name;
        case 'call': return seq(col, `${name}(`, (c) => list(e.args, c, ', ', argument), ')');
        case 'infix': return seq(col, (c) => operand(e.args[0]!, c), ` ${name} `, (c) => operand(e.args[1]!, c));
        case 'prefix': return seq(col, e.ref.name === '-.' ? '-' : /^[A-Z]/.test(e.ref.name) ? `${name} ` : name, (c) => prefixOperand(e.args[0]!, c));
        case 'postfix': return seq(col, (c) => operand(e.args[0]!, c), name);
        default: return e.fixity satisfies never;
      }
    }
    case 'and': case 'or': {
      const symbol = e.kind === 'and' ? '/\\' : '\\/';
      if (!e.bulleted) return list(e.args, col, ` ${symbol} `);
      return e.args.map((a, i) => (i === 0 ? '' : '\n' + ' '.repeat(col)) + `${symbol} ` + expr(a, col + 3)).join('');
    }
    case 'lambda':
      return seq(col, `LAMBDA ${e.params.map((p) => p.binder.name).join(', ')} : `, (c) => expr(e.body, c));
    case 'if':
      return seq(col, 'IF ', (c) => expr(e.cond, c), ' THEN ', (c) => expr(e.then, c), ' ELSE ', (c) => expr(e.else, c));
    case 'case': {
      const pieces: (string | ((c: number) => string))[] = ['CASE '];
      e.arms.forEach((arm, i) => {
        if (i > 0) pieces.push(' [] ');
        pieces.push((c) => operand(arm.guard, c), ' -> ', (c) => operand(arm.body, c));
      });
      if (e.other) pieces.push(' [] OTHER -> ', (c) => operand(e.other!, c));
      return seq(col, ...pieces);
    }
    case 'let': {
      const defs = e.defs.map((d, i) => (i === 0 ? '' : '\n' + ' '.repeat(col + 4)) + (d.kind === 'operator' && d.recursive ? recursiveHead(d, col) : '') + definition(d, col + 4)).join('');
      return `LET ${defs}\n${' '.repeat(col)}IN  ${expr(e.body, col + 4)}`;
    }
    case 'quant':
      return seq(col, e.quantifier === 'forall' ? '\\A ' : '\\E ', (c) => bounds(e.bounds, c), ' : ', (c) => expr(e.body, c));
    case 'unboundedQuant':
      return seq(col, `${e.quantifier === 'forall' ? '\\A' : '\\E'}${e.temporal ? e.quantifier === 'forall' ? 'A' : 'E' : ''} ${e.names.map((n) => n.name).join(', ')} : `, (c) => expr(e.body, c));
    case 'choose': {
      const names = e.names.map((n) => n.name).join(', ');
      const intro = e.tuple ? `<<${names}>>` : names;
      return seq(col, `CHOOSE ${intro}`, e.set ? (c) => ` \\in ${operand(e.set!, c + 5)}` : '', ' : ', (c) => expr(e.body, c));
    }
    case 'setEnum':
      return seq(col, '{', (c) => list(e.elems, c), '}');
    case 'setFilter':
      return seq(col, '{', (c) => bounds([e.bound], c), ' : ', (c) => expr(e.pred, c), '}');
    case 'setMap':
      return seq(col, '{', (c) => operand(e.body, c), ' : ', (c) => bounds(e.bounds, c), '}');
    case 'cartesian':
      return list(e.sets, col, ' \\X ');
    case 'funcCtor':
      return seq(col, '[', (c) => bounds(e.bounds, c), ' |-> ', (c) => expr(e.body, c), ']');
    case 'funcSet':
      return seq(col, '[', (c) => operand(e.domain, c), ' -> ', (c) => operand(e.range, c), ']');
    case 'funcApp':
      return seq(col, (c) => operand(e.fn, c), '[', (c) => list(e.args, c), ']');
    case 'record': case 'recordSet': {
      const arrow = e.kind === 'record' ? ' |-> ' : ' : ';
      const pieces: (string | ((c: number) => string))[] = ['['];
      e.fields.forEach((f, i) => pieces.push(i === 0 ? '' : ', ', f.name + arrow, (c) => operand(f.value, c)));
      return seq(col, ...pieces, ']');
    }
    case 'field':
      return seq(col, (c) => operand(e.record, c), `.${e.name}`);
    case 'except': {
      const pieces: (string | ((c: number) => string))[] = ['[', (c) => operand(e.fn, c), ' EXCEPT '];
      e.updates.forEach((u, i) => {
        if (i > 0) pieces.push(', ');
        pieces.push('!');
        for (const step of u.path) pieces.push((c) => exceptStep(step, c));
        pieces.push(' = ', (c) => operand(u.value, c));
      });
      return seq(col, ...pieces, ']');
    }
    case 'tuple':
      return seq(col, '<<', (c) => list(e.elems, c), '>>');
    case 'prime':
      return seq(col, (c) => operand(e.arg, c), "'");
    case 'unchanged':
      return seq(col, 'UNCHANGED ', (c) => prefixOperand(e.arg, c));
    case 'enabled':
      return seq(col, 'ENABLED ', (c) => prefixOperand(e.arg, c));
    case 'always':
      return seq(col, '[]', (c) => prefixOperand(e.arg, c));
    case 'eventually':
      return seq(col, '<>', (c) => prefixOperand(e.arg, c));
    case 'leadsTo':
      return seq(col, (c) => operand(e.lhs, c), ' ~> ', (c) => operand(e.rhs, c));
    case 'boxAction':
      return seq(col, '[', (c) => expr(e.action, c), ']_', (c) => subscript(e.sub, c));
    case 'angleAction':
      return seq(col, '<<', (c) => expr(e.action, c), '>>_', (c) => subscript(e.sub, c));
    case 'fairness':
      return seq(col, e.strength === 'weak' ? 'WF_' : 'SF_', (c) => subscript(e.sub, c), '(', (c) => expr(e.action, c), ')');
    default:
      return e satisfies never;
  }
}

/** TLA+'s string escapes; every other character stands for itself. */
const stringEscapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\f': '\\f' };

function recursiveHead(def: LetDef, col: number): string {
  const arity = def.kind === 'operator' ? def.params.length : 0;
  return `RECURSIVE ${declaration(def.name.name, arity)}\n${' '.repeat(col + 4)}`;
}

function exceptStep(step: ExceptStep, col: number): string {
  return step.kind === 'field' ? `.${step.name}` : seq(col, '[', (c) => list(step.args, c), ']');
}
