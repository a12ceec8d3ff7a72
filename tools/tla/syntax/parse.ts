// The TLA+ parser: tree-sitter's concrete syntax tree (the published grammar's WebAssembly build)
// turned into the AST of ast.ts. Every CST node type is either converted or refused with E1002
// naming the construct; tree-sitter's ERROR and MISSING nodes become E1001.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { diagnostic, DiagnosticError, fail, type Diagnostic, type Span } from '../diagnostics.js';
import type {
  Bound, CaseArm, ConstantDecl, ExceptStep, ExceptUpdate, Expr, Ident, InstanceExpr, InstanceStep,
  LetDef, Module, OperatorDef, FunctionDef, Param, RecordField, SubexpressionSelector, Substitution, Unit,
} from './ast.js';
import { infixOperators, postfixOperators, prefixOperators } from './operators.js';
import { chainElements, groupChain, precedenceConflicts, prefixCallArgument, startsWithPrefixCall, type Element, type Operand, type Operator } from './precedence.js';

let parserPromise: Promise<Parser> | undefined;

/** The tree-sitter parser, loaded once per process (the WebAssembly grammar takes ~50 ms). */
function loadParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    // V8 recompiles a WebAssembly function with TurboFan once it has run a budget's worth of code;
    // the grammar's lexer and parse loop reach the default budget on any spec, and recompiling
    // them costs ~0.4 CPU s, more than a spec of a few hundred lines takes to parse at the first
    // tier. A budget 100 times larger leaves them at the first tier unless the input is large
    // (21k lines of tlaplus/Examples parse in the same CPU time either way).
    setFlagsFromString('--wasm-tiering-budget=180000000');
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('@tlaplus/tree-sitter-tlaplus/tree-sitter-tlaplus.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    return parser;
  })();
  return parserPromise;
}

/**
 * Parses the first module of `text` (read from `file`, used in spans). Throws DiagnosticError
 * with E1001 for syntax errors (all of them, up to 20), E1005 for operators that need
 * parentheses (as SANY: precedence.ts) and E1002 for unsupported constructs.
 */
export async function parseModule(text: string, file: string): Promise<Module> {
  const parser = await loadParser();
  const tree = parser.parse(blankBlockComments(text));
  if (!tree) fail('E1001', 'the parser produced no tree', undefined);
  try {
    const root = tree.rootNode;
    const errors = syntaxErrors(root, file, text.split(/\r?\n/));
    if (errors.length > 0) throw new DiagnosticError(errors.slice(0, 20));
    const conflicts = precedenceConflicts(root, (n) => spanOf(n, file));
    if (conflicts.length > 0) throw new DiagnosticError(conflicts);
    const [moduleNode, ...later] = namedChildren(root).filter((n) => n.type === 'module');
    if (!moduleNode) {
      fail('E1001', 'no module found', spanOf(root, file), 'a TLA+ file holds `---- MODULE Name ----` ... `====`');
    }
    const converter = new Converter(file);
    const module = converter.module(moduleNode);
    // Modules after the first in the file are visible to it by name, as nested ones are (SANY reads them too).
    const siblings = later.map((n): Unit => ({ kind: 'module', module: converter.module(n), span: spanOf(n, file) }));
    return siblings.length === 0 ? module : { ...module, units: [...module.units, ...siblings] };
  } finally {
    tree.delete();
  }
}

/**
 * `text` with the inside of every block comment `(* ... *)` (nested ones included) replaced by spaces,
 * line breaks kept, so every position stays where it was. The grammar parses a PlusCal algorithm
 * inside a comment, and its syntax errors would be fatal; TLC ignores comments, and so must we.
 */
export function blankBlockComments(text: string): string {
  const chunks: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // A string: skip to its closing quote (escapes included); a "(*" inside it opens nothing.
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '\\' && text[i + 1] === '*') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(' && text[i + 1] === '*') {
      const start = i + 2;
      let depth = 1;
      for (i = start; i < text.length && depth > 0; i++) {
        if (text[i] === '(' && text[i + 1] === '*') (depth++, i++);
        else if (text[i] === '*' && text[i + 1] === ')') (depth--, i++);
      }
      if (depth > 0) break; // unclosed: left as it is, for the grammar to report
      chunks.push(text.slice(copied, start), text.slice(start, i - 2).replace(/[^\n\r]/g, ' '));
      copied = i - 2;
    } else i++;
  }
  if (copied === 0) return text;
  chunks.push(text.slice(copied));
  return chunks.join('');
}

/**
 * The column (0-based) at which `parseExpression` places its text: multi-line text must be laid
 * out for it (bulleted lists align by column), e.g. `printExpr(e, expressionColumn)`.
 */
export const expressionColumn = 5;

/** Parses one expression, for tests and tools: wraps it in a module as the body of `E == `. */
export async function parseExpression(text: string, file = '<expr>'): Promise<Expr> {
  const module = await parseModule(`---- MODULE Expr ----\nE == ${text}\n====\n`, file);
  const unit = module.units[0];
  if (unit?.kind !== 'operator') fail('E1001', 'not an expression', module.span);
  return unit.body;
}

function syntaxErrors(root: Node, file: string, lines: readonly string[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (n: Node): void => {
    if (n.isMissing) {
      found.push(diagnostic('E1001', `missing ${describe(n.type)}`, spanOf(n, file), `insert ${describe(n.type)} here`));
      return;
    }
    if (n.isError && !n.children.some((c) => c !== null && (c.isError || c.isMissing || c.hasError))) {
      found.push(errorNodeDiagnostic(n, file, lines));
      return;
    }
    // An ERROR node spanning much of the module usually holds the precise one inside it.
    if (n.hasError || n.isError) for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  return found;
}

const closers: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<<': '>>' };

/**
 * An ERROR node as precisely as tree-sitter's recovery allows: an unclosed bracket among its
 * tokens, else (for an error spanning lines, where recovery swallowed good text) its last token.
 */
function errorNodeDiagnostic(n: Node, file: string, lines: readonly string[]): Diagnostic {
  const open: Node[] = [];
  const tokens = n.children.filter((c): c is Node => c !== null);
  for (const token of tokens) {
    const text = token.text;
    if (closers[text] !== undefined) open.push(token);
    else if (open.length > 0 && closers[open[open.length - 1]!.text] === text) open.pop();
  }
  const unclosed = open[open.length - 1];
  if (unclosed) {
    return diagnostic('E1001', `unclosed '${unclosed.text}'`, spanOf(unclosed, file), `add the matching '${closers[unclosed.text]}'`);
  }
  const last = tokens[tokens.length - 1];
  const at = n.startPosition.row !== n.endPosition.row && last ? last : n;
  const definition = incompleteBefore(at, lines, file);
  if (definition) return definition;
  const text = at.text.split('\n')[0]!.slice(0, 40);
  return diagnostic('E1001', `unexpected ${JSON.stringify(text)}`, spanOf(at, file),
    'check this line and the one before it for an unclosed bracket or a missing operand');
}

/**
 * An error inside the `==` of a line that starts a definition (or in the closing `====`) means the
 * expression before it swallowed that line's start: report the end of that expression instead.
 */
function incompleteBefore(at: Node, lines: readonly string[], file: string): Diagnostic | undefined {
  const row = at.startPosition.row;
  const start = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\([^)]*\))?\s*==/.exec(lines[row] ?? '') ?? /^(={4,})/.exec(lines[row] ?? '');
  if (!start || at.startPosition.column >= start[0].length) return undefined;
  const what = start[1]!.startsWith('=') ? 'the end of the module' : `the definition of ${start[1]}`;
  let previous = row - 1;
  while (previous >= 0 && lines[previous]!.trim() === '') previous--;
  if (previous < 0) return undefined;
  const end = lines[previous]!.trimEnd().length;
  return diagnostic('E1001', `the expression before ${what} is incomplete`,
    { file, line: previous + 1, col: Math.max(1, end), endLine: previous + 1, endCol: end + 1 },
    'a missing operand or closing bracket at the end of this line?');
}

function describe(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`;
}

function spanOf(n: Node, file: string): Span {
  const end = contentEnd(n);
  return {
    file,
    line: n.startPosition.row + 1,
    col: n.startPosition.column + 1,
    endLine: end.row + 1,
    endCol: end.column + 1,
  };
}

/**
 * Where a node's text ends: where its last child with text ends. The grammar lets a bulleted /\ or
 * \/ list end at column 0 of the line after it (its layout scanner closes the list there, with an
 * empty token), and after comments up to the next definition; a span that TLC would print as "to
 * line 25, col 40" would then read "to line 26, col 0" or run into the next definition. Comments
 * and empty tokens are skipped.
 */
function contentEnd(n: Node): Node['endPosition'] {
  let node: Node = n;
  for (;;) {
    let last: Node | null = null;
    for (let i = node.childCount - 1; i >= 0 && !last; i--) {
      const c = node.child(i);
      if (c && !c.isExtra && c.type !== 'comment' && c.type !== 'block_comment' && c.endIndex > c.startIndex) last = c;
    }
    if (!last) return node.endPosition;
    node = last;
  }
}

/** Named children that are not comments (tree-sitter attaches comments anywhere as extras). */
function namedChildren(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null && !c.isExtra && c.type !== 'comment' && c.type !== 'block_comment');
}

function field(n: Node, name: string): Node {
  const c = n.childForFieldName(name);
  if (!c) throw new Error(`tree-sitter node ${n.type} lacks field ${name}`);
  return c;
}

function fieldNamed(n: Node, name: string): Node[] {
  return n.childrenForFieldName(name).filter((c): c is Node => c !== null && c.isNamed);
}

/** Human names of refused CST constructs, for E1002. */
const unsupportedNames: Record<string, string> = {
  real_number: 'real numbers',
  proof_step_ref: 'proof step references (outside a proof)',
};

class Converter {
  /** The modules instantiated in the LETs of the module being converted (Module.letInstances). */
  private letInstances: Ident[] = [];
  constructor(private readonly file: string) {}

  private span(n: Node): Span {
    return spanOf(n, this.file);
  }

  private unsupported(n: Node, name = unsupportedNames[n.type] ?? n.type.replace(/_/g, ' ')): never {
    fail('E1002', `unsupported construct: ${name}`, this.span(n), 'see tools/tla/SUPPORTED.md for the supported subset');
  }

  private ident(n: Node): Ident {
    return { name: n.text, span: this.span(n) };
  }

  module(n: Node): Module {
    const outerLetInstances = this.letInstances;
    this.letInstances = [];
    try {
      return this.moduleUnits(n);
    } finally {
      this.letInstances = outerLetInstances;
    }
  }

  private moduleUnits(n: Node): Module {
    const units: Unit[] = [];
    const extendsList: Ident[] = [];
    let recursive = new Set<string>();
    for (const c of namedChildren(n)) {
      switch (c.type) {
        case 'header_line': case 'double_line': case 'identifier': case 'single_line':
        case 'use_or_hide': // USE/HIDE steer the prover; TLC ignores them
          break;
        case 'extends':
          extendsList.push(...namedChildren(c).map((m) => this.ident(m)));
          break;
        default: {
          const unit = this.unit(c, false, recursive);
          if (unit.kind === 'recursive') recursive = new Set([...recursive, ...unit.decls.map((d) => d.name.name)]);
          units.push(unit);
        }
      }
    }
    return { name: this.ident(field(n, 'name')), extends: extendsList, units, letInstances: this.letInstances, file: this.file, span: this.span(n) };
  }

  private unit(n: Node, local: boolean, recursive: ReadonlySet<string>): Unit {
    const span = this.span(n);
    switch (n.type) {
      case 'operator_definition':
        return this.operatorDef(n, local, recursive);
      case 'function_definition':
        return this.functionDef(n, local);
      case 'constant_declaration':
        return { kind: 'constants', decls: namedChildren(n).map((d) => this.declaration(d)), span };
      case 'variable_declaration':
        return { kind: 'variables', names: namedChildren(n).map((d) => this.ident(d)), span };
      case 'recursive_declaration':
        return { kind: 'recursive', decls: namedChildren(n).map((d) => this.declaration(d)), span };
      case 'instance':
        return { kind: 'instance', instance: this.instance(n), local, span };
      case 'module_definition':
        return {
          kind: 'moduleDef', name: this.ident(field(n, 'name')), params: this.params(n),
          instance: this.instance(field(n, 'definition')), local, span,
        };
      case 'local_definition': {
        const inner = namedChildren(n)[0]!;
        return this.unit(inner, true, recursive);
      }
      case 'assumption': {
        const name = n.childForFieldName('name');
        const body = namedChildren(n).filter((c) => c.type !== 'identifier' && c.type !== 'def_eq');
        return { kind: 'assume', ...(name ? { name: this.ident(name) } : {}), expr: this.expr(body[body.length - 1]!), span };
      }
      case 'theorem': {
        // The proof (field 'proof') is not converted: proofs are for TLAPS, never evaluated.
        const name = n.childForFieldName('name');
        const statement = field(n, 'statement');
        return {
          kind: 'theorem', ...(name ? { name: this.ident(name) } : {}), span,
          statement: statement.type === 'assume_prove' ? { kind: 'sequent', text: statement.text } : { kind: 'expr', expr: this.expr(statement) },
        };
      }
      case 'module':
        return { kind: 'module', module: this.module(n), span };
      default:
        return this.unsupported(n);
    }
  }

  private declaration(n: Node): ConstantDecl {
    if (n.type === 'identifier') return { name: this.ident(n), arity: 0, span: this.span(n) };
    if (n.type !== 'operator_declaration') this.unsupported(n);
    const name = field(n, 'name');
    return { name: { name: this.symbolName(name), span: this.span(name) }, arity: this.placeholderCount(n), span: this.span(n) };
  }

  private placeholderCount(n: Node): number {
    return n.children.filter((c) => c?.type === 'placeholder').length;
  }

  /** The canonical name of an identifier or an operator symbol node in a definition's name. */
  private symbolName(n: Node): string {
    switch (n.type) {
      case 'identifier': case 'identifier_ref':
        return n.text;
      case 'infix_op_symbol': case 'prefix_op_symbol': case 'postfix_op_symbol':
        return this.operatorSymbol(n);
      case 'nat_number_set': return 'Nat';
      case 'int_number_set': return 'Int';
      case 'real_number_set': return 'Real';
      default:
        return this.unsupported(n);
    }
  }

  private operatorSymbol(n: Node): string {
    const inner = namedChildren(n)[0] ?? n;
    const table = n.type === 'infix_op_symbol' ? infixOperators : n.type === 'prefix_op_symbol' ? prefixOperators : postfixOperators;
    const symbol = (table as Record<string, string>)[inner.type];
    if (symbol === undefined) this.unsupported(n, `operator symbol ${inner.text}`);
    return symbol;
  }

  private params(n: Node): Param[] {
    return fieldNamed(n, 'parameter').map((p) => {
      if (p.type === 'identifier') return { binder: this.ident(p), arity: 0, span: this.span(p) };
      const decl = this.declaration(p);
      return { binder: decl.name, arity: decl.arity, span: decl.span };
    });
  }

  private operatorDef(n: Node, local: boolean, recursive: ReadonlySet<string>): OperatorDef {
    const nameNode = field(n, 'name');
    const name = { name: this.symbolName(nameNode), span: this.span(nameNode) };
    return {
      kind: 'operator', name, params: this.params(n), body: this.expr(field(n, 'definition')),
      recursive: recursive.has(name.name), local, span: this.span(n),
    };
  }

  private functionDef(n: Node, local: boolean): FunctionDef {
    const bounds = namedChildren(n).filter((c) => c.type === 'quantifier_bound').map((b) => this.bound(b));
    return { kind: 'function', name: this.ident(field(n, 'name')), bounds, body: this.expr(field(n, 'definition')), local, span: this.span(n) };
  }

  private instance(n: Node): InstanceExpr {
    const children = namedChildren(n);
    const substitutions: Substitution[] = children.filter((c) => c.type === 'substitution').map((s) => {
      const [target, , value] = namedChildren(s);
      return { name: { name: this.symbolName(target!), span: this.span(target!) }, value: this.operand(value!), span: this.span(s) };
    });
    return { module: this.ident(children[0]!), substitutions, span: this.span(n) };
  }

  private bound(n: Node): Bound {
    const intro = fieldNamed(n, 'intro');
    const set = this.expr(field(n, 'set'));
    const span = this.span(n);
    if (intro.length === 1 && intro[0]!.type === 'tuple_of_identifiers') {
      return { kind: 'tuple', names: namedChildren(intro[0]!).filter((c) => c.type === 'identifier').map((c) => this.ident(c)), set, span };
    }
    return { kind: 'names', names: intro.map((c) => this.ident(c)), set, span };
  }

  /** An argument of an operator application: an expression, a LAMBDA or an operator symbol. */
  private operand(n: Node): Expr {
    switch (n.type) {
      case 'lambda': {
        const children = namedChildren(n);
        const params: Param[] = children.slice(0, -1).map((p) => ({ binder: this.ident(p), arity: 0, span: this.span(p) }));
        return { kind: 'lambda', params, body: this.expr(children[children.length - 1]!), span: this.span(n) };
      }
      case 'infix_op_symbol': case 'prefix_op_symbol': case 'postfix_op_symbol':
        return { kind: 'apply', ref: { name: this.operatorSymbol(n), path: [], span: this.span(n) }, args: [], fixity: 'name', span: this.span(n) };
      default:
        return this.expr(n);
    }
  }

  private apply(name: string, args: Expr[], fixity: 'name' | 'call' | 'prefix' | 'infix' | 'postfix', span: Span, path: InstanceStep[] = [], nameSpan = span): Expr {
    return { kind: 'apply', ref: { name, path, span: nameSpan }, args, fixity, span };
  }

  expr(n: Node): Expr {
    const span = this.span(n);
    const kids = () => namedChildren(n);
    switch (n.type) {
      case 'nat_number':
        return { kind: 'number', value: BigInt(n.text), span };
      case 'binary_number': case 'octal_number': case 'hex_number': {
        const digits = namedChildren(n).find((c) => c.type === 'value')!.text;
        const prefix = n.type === 'binary_number' ? '0b' : n.type === 'octal_number' ? '0o' : '0x';
        return { kind: 'number', value: BigInt(prefix + digits), span };
      }
      case 'string':
        return { kind: 'string', value: this.stringValue(n), span };
      case 'boolean':
        return { kind: 'boolean', value: n.text === 'TRUE', span };
      case 'boolean_set': return this.apply('BOOLEAN', [], 'name', span);
      case 'string_set': return this.apply('STRING', [], 'name', span);
      case 'nat_number_set': return this.apply('Nat', [], 'name', span);
      case 'int_number_set': return this.apply('Int', [], 'name', span);
      // The module Reals declares it; a use is refused when evaluated (stdlib/tlc-ext.ts).
      case 'real_number_set': return this.apply('Real', [], 'name', span);
      case 'identifier_ref':
        return this.apply(n.text, [], 'name', span);
      case 'bound_op':
        return this.apply(field(n, 'name').text, fieldNamed(n, 'parameter').map((a) => this.operand(a)), 'call', span, [], this.span(field(n, 'name')));
      case 'prefixed_op':
        return this.prefixedOp(n);
      case 'subexpression':
        return this.subexpression(n);
      case 'parentheses':
        return this.expr(kids()[0]!);
      case 'label':
        // `P0 :: e` names e for subexpression references (Op!P0), which are refused; e is its meaning.
        return this.expr(field(n, 'expression'));
      case 'bound_infix_op': case 'bound_prefix_op': case 'bound_postfix_op':
        return this.chain(n);
      case 'bound_nonfix_op':
        return prefixCallArgument(n) ? this.chain(n) : this.nonfixCall(n, []);
      case 'bounded_quantification':
        return {
          kind: 'quant', quantifier: field(n, 'quantifier').type === 'forall' ? 'forall' : 'exists',
          bounds: fieldNamed(n, 'bound').map((b) => this.bound(b)), body: this.expr(field(n, 'expression')), span,
        };
      case 'unbounded_quantification': {
        const quantifier = field(n, 'quantifier');
        const temporal = quantifier.type === 'temporal_exists' || quantifier.type === 'temporal_forall';
        return {
          kind: 'unboundedQuant', quantifier: quantifier.type.endsWith('exists') ? 'exists' : 'forall', temporal, names: fieldNamed(n, 'intro').map((i) => this.ident(i)),
          body: this.expr(field(n, 'expression')), span,
        };
      }
      case 'choose': {
        const intro = field(n, 'intro');
        const set = n.childForFieldName('set');
        const tuple = intro.type === 'tuple_of_identifiers';
        const names = tuple ? namedChildren(intro).filter((c) => c.type === 'identifier').map((c) => this.ident(c)) : [this.ident(intro)];
        return { kind: 'choose', names, tuple, ...(set ? { set: this.expr(set) } : {}), body: this.expr(field(n, 'expression')), span };
      }
      case 'case': {
        const arms: CaseArm[] = [];
        let other: Expr | undefined;
        let otherSpan: Span | undefined;
        for (const c of kids()) {
          const [first, , second] = namedChildren(c);
          if (c.type === 'case_arm') arms.push({ guard: this.expr(first!), body: this.expr(second!), span: this.span(c) });
          else if (c.type === 'other_arm') [other, otherSpan] = [this.expr(namedChildren(c).find((x) => x.type !== 'case_arrow')!), this.span(c)];
        }
        return { kind: 'case', arms, ...(other ? { other, otherSpan: otherSpan! } : {}), span };
      }
      case 'conj_list': case 'disj_list':
        return {
          kind: n.type === 'conj_list' ? 'and' : 'or', bulleted: true, span,
          args: kids().map((item) => this.expr(namedChildren(item).find((c) => c.type !== 'bullet_conj' && c.type !== 'bullet_disj')!)),
        };
      case 'except': {
        const updates: ExceptUpdate[] = kids().filter((c) => c.type === 'except_update').map((u) => {
          const specifier = namedChildren(u).find((c) => c.type === 'except_update_specifier')!;
          const path: ExceptStep[] = namedChildren(specifier).map((step) =>
            step.type === 'except_update_record_field'
              ? { kind: 'field', name: namedChildren(step)[0]!.text, span: this.span(step) }
              : { kind: 'index', args: namedChildren(step).map((a) => this.expr(a)), span: this.span(step) });
          return { path, value: this.expr(field(u, 'new_val')), span: this.span(u) };
        });
        return { kind: 'except', fn: this.expr(field(n, 'expr_to_update')), updates, span };
      }
      case 'prev_func_val':
        return { kind: 'exceptAt', span };
      case 'fairness': {
        const [sub, action] = kids();
        return { kind: 'fairness', strength: n.text.startsWith('WF_') ? 'weak' : 'strong', sub: this.expr(sub!), action: this.expr(action!), span };
      }
      case 'finite_set_literal':
        return { kind: 'setEnum', elems: kids().map((c) => this.expr(c)), span };
      case 'function_evaluation': {
        if (startsWithPrefixCall(n)) return this.chain(n);
        const [fn, ...args] = kids();
        return { kind: 'funcApp', fn: this.expr(fn!), args: args.map((a) => this.expr(a)), span };
      }
      case 'function_literal': {
        const children = kids();
        return {
          kind: 'funcCtor', bounds: children.filter((c) => c.type === 'quantifier_bound').map((b) => this.bound(b)),
          body: this.expr(children[children.length - 1]!), span,
        };
      }
      case 'if_then_else':
        return { kind: 'if', cond: this.expr(field(n, 'if')), then: this.expr(field(n, 'then')), else: this.expr(field(n, 'else')), span };
      case 'let_in': {
        const defs: LetDef[] = [];
        let recursive = new Set<string>();
        for (const d of fieldNamed(n, 'definitions')) {
          if (d.type === 'recursive_declaration') {
            recursive = new Set([...recursive, ...namedChildren(d).map((c) => this.declaration(c).name.name)]);
          } else if (d.type === 'operator_definition') defs.push(this.operatorDef(d, false, recursive));
          else if (d.type === 'function_definition') defs.push(this.functionDef(d, false));
          else if (d.type === 'module_definition') {
            const instance = this.instance(field(d, 'definition'));
            this.letInstances.push(instance.module);
            defs.push({ kind: 'moduleDef', name: this.ident(field(d, 'name')), params: this.params(d), instance, span: this.span(d) });
          }
          else this.unsupported(d);
        }
        return { kind: 'let', defs, body: this.expr(field(n, 'expression')), span };
      }
      case 'record_literal':
        return { kind: 'record', fields: this.fields(n), span };
      case 'set_of_records':
        return { kind: 'recordSet', fields: this.fields(n), span };
      case 'record_value': {
        if (startsWithPrefixCall(n)) return this.chain(n);
        const [record, name] = kids();
        return { kind: 'field', record: this.expr(record!), name: name!.text, span };
      }
      case 'set_filter':
        return { kind: 'setFilter', bound: this.bound(field(n, 'generator')), pred: this.expr(field(n, 'filter')), span };
      case 'set_map':
        return { kind: 'setMap', body: this.expr(field(n, 'map')), bounds: fieldNamed(n, 'generator').map((b) => this.bound(b)), span };
      case 'set_of_functions': {
        const [domain, , range] = kids();
        return { kind: 'funcSet', domain: this.expr(domain!), range: this.expr(range!), span };
      }
      case 'step_expr_or_stutter': {
        const [action, sub] = kids();
        return { kind: 'boxAction', action: this.expr(action!), sub: this.expr(sub!), span };
      }
      case 'step_expr_no_stutter': {
        const [, action, , sub] = kids();
        return { kind: 'angleAction', action: this.expr(action!), sub: this.expr(sub!), span };
      }
      case 'tuple_literal':
        return { kind: 'tuple', elems: kids().filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket').map((c) => this.expr(c)), span };
      default:
        return this.unsupported(n);
    }
  }

  private stringValue(n: Node): string {
    const raw = n.text.slice(1, -1);
    return raw.replace(/\\(.)/g, (whole, c: string) => {
      const decoded = ({ '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', f: '\f' } as Record<string, string>)[c];
      if (decoded === undefined) fail('E1001', `unknown escape ${whole} in a string`, this.span(n), 'TLA+ strings allow \\" \\\\ \\n \\t \\r \\f');
      return decoded;
    });
  }

  private fields(n: Node): RecordField[] {
    const children = namedChildren(n).filter((c) => c.type !== 'all_map_to');
    const fields: RecordField[] = [];
    for (let i = 0; i + 1 < children.length; i += 2) {
      const name = children[i]!;
      fields.push({ name: name.text, value: this.expr(children[i + 1]!), span: this.span(name) });
    }
    return fields;
  }

  /** One `Name!` or `Name(args)!` of a prefix. */
  private instanceStep(component: Node): InstanceStep {
    if (component.type === 'subexpr_tree_nav') this.unsupported(component, 'subexpression references by label (Op!1!lab)');
    if (component.type !== 'subexpr_component') this.unsupported(component);
    const inner = namedChildren(component)[0]!;
    if (inner.type === 'identifier_ref') return { name: inner.text, args: [], span: this.span(inner) };
    if (inner.type === 'bound_op') {
      return { name: field(inner, 'name').text, args: fieldNamed(inner, 'parameter').map((a) => this.operand(a)), span: this.span(inner) };
    }
    return this.unsupported(inner, 'subexpression references (Op!+)');
  }

  private prefixedOp(n: Node): Expr {
    const path = namedChildren(field(n, 'prefix')).map((component) => this.instanceStep(component));
    const op = field(n, 'op');
    const span = this.span(n);
    switch (op.type) {
      case 'identifier_ref':
        return this.apply(op.text, [], 'name', span, path, this.span(op));
      case 'bound_op':
        return this.apply(field(op, 'name').text, fieldNamed(op, 'parameter').map((a) => this.operand(a)), 'call', span, path, this.span(field(op, 'name')));
      case 'nat_number_set': case 'int_number_set': case 'real_number_set':
        return this.apply(this.symbolName(op), [], 'name', span, path);
      case 'bound_nonfix_op':
        return this.nonfixCall(op, path, span);
      default:
        return this.unsupported(op);
    }
  }

  /** An operator symbol applied in prefix form, `+(a, b)`, `R!\leq(a, b)`, `R!-.(a)`: a call of the operator of that name, as in SANY. */
  private nonfixCall(n: Node, path: InstanceStep[], span = this.span(n)): Expr {
    const symbol = field(n, 'symbol');
    const name = this.operatorSymbol(symbol);
    if (name === "'") this.unsupported(n, "the prime applied in prefix form ('(e))");
    const args = namedChildren(n).filter((c) => c.id !== symbol.id).map((a) => this.operand(a));
    return this.apply(name, args, 'call', span, path, this.span(symbol));
  }

  /**
   * `Inv!2!1`, `Thm!:`: the definition named by the components (an instance path, then its name),
   * and the selectors that navigate its body. Labels (`Op!lab`), `!<<`, `!>>`, `!@` and `!(e)` are refused.
   */
  private subexpression(n: Node): Expr {
    const [prefix, last] = namedChildren(n);
    const parts = [...namedChildren(prefix!), last!];
    const firstSelector = parts.findIndex((p) => p.type === 'subexpr_tree_nav');
    const label = parts.slice(firstSelector).find((p) => p.type !== 'subexpr_tree_nav');
    if (label) this.unsupported(label, 'subexpression references by label (Op!lab)');
    const path = parts.slice(0, firstSelector).map((component) => this.instanceStep(component));
    const op = path.pop()!;
    if (op.args.length > 0) this.unsupported(n, 'subexpression references into an operator applied to arguments (Op(a)!1)');
    const selectors = parts.slice(firstSelector).map((nav): SubexpressionSelector => {
      const kind = namedChildren(nav)[0]!;
      if (kind.type === 'child_id') return { kind: 'operand', index: Number(kind.text), span: this.span(nav) };
      if (kind.type === 'colon') return { kind: 'body', span: this.span(nav) };
      return this.unsupported(nav, `subexpression navigation !${nav.text}`);
    });
    return { kind: 'apply', ref: { name: op.name, path, span: op.span, selectors }, args: [], fixity: 'name', span: this.span(n) };
  }

  /**
   * An operator chain, grouped as SANY groups it (precedence.ts), whatever grouping tree-sitter chose:
   * `~(a) = b` is `~((a) = b)`. /\ and \/ of one chain flatten into n-ary nodes, \X into `cartesian`.
   */
  private chain(n: Node): Expr {
    const elements: Element<Built>[] = [];
    const unknown = chainElements(n, elements, (leaf, call) => ({ expr: this.expr(leaf), span: call ? this.parenthesizedSpan(call) : this.span(leaf), grouped: false }));
    if (unknown) this.unsupported(unknown);
    const grouped = groupChain(elements, (parts) => this.group(parts), (m) => this.span(m));
    if (grouped.kind === 'conflict') throw new DiagnosticError([grouped.diagnostic]);
    return grouped.operand.value.expr;
  }

  /** Where the parenthesized operand of `~(a)` is: from its `(` to its `)`. */
  private parenthesizedSpan(call: Node): Span {
    const open = call.children.find((c) => c?.type === '(')!;
    const { line, col } = this.span(open);
    return { ...this.span(call), line, col };
  }

  /** One group of a chain: `[lhs, op, rhs]`, `[op, operand]` or `[operand, op]`. */
  private group(parts: Element<Built>[]): Built {
    const first = parts[0]!;
    const last = parts[parts.length - 1]!;
    const start = first.kind === 'op' ? this.span(first.node!) : first.value.span;
    const end = last.kind === 'op' ? this.span(last.node!) : last.value.span;
    const span: Span = { ...start, endLine: end.endLine, endCol: end.endCol };
    const built = (expr: Expr): Built => ({ expr, span, grouped: true });
    if (first.kind === 'op') {
      const arg = (parts[1] as Operand<Built>).value.expr;
      switch (first.symbol) {
        case 'ENABLED': return built({ kind: 'enabled', arg, span });
        case 'UNCHANGED': return built({ kind: 'unchanged', arg, span });
        case '[]': return built({ kind: 'always', arg, span });
        case '<>': return built({ kind: 'eventually', arg, span });
        default: return built(this.apply(first.symbol, [arg], 'prefix', span));
      }
    }
    const lhs = first.value;
    const op = parts[1] as Operator;
    if (op.fixity === 'postfix') {
      const node = op.node!;
      if (node.type === 'function_evaluation') return built({ kind: 'funcApp', fn: lhs.expr, args: namedChildren(node).slice(1).map((a) => this.expr(a)), span });
      if (node.type === 'record_value') return built({ kind: 'field', record: lhs.expr, name: namedChildren(node)[1]!.text, span });
      if (op.symbol === "'") return built({ kind: 'prime', arg: lhs.expr, span });
      return built(this.apply(op.symbol, [lhs.expr], 'postfix', span));
    }
    const rhs = (last as Operand<Built>).value;
    // Operands grouped in this chain by the same operator join it; parenthesized ones stay apart.
    const joined = (kind: 'and' | 'or' | 'cartesian', e: Built): Expr[] => {
      if (!e.grouped || e.expr.kind !== kind) return [e.expr];
      return e.expr.kind === 'cartesian' ? e.expr.sets : (e.expr as Extract<Expr, { kind: 'and' | 'or' }>).args;
    };
    switch (op.symbol) {
      case '/\\': return built({ kind: 'and', args: [...joined('and', lhs), ...joined('and', rhs)], bulleted: false, span });
      case '\\/': return built({ kind: 'or', args: [...joined('or', lhs), ...joined('or', rhs)], bulleted: false, span });
      case '\\X': return built({ kind: 'cartesian', sets: [...joined('cartesian', lhs), ...joined('cartesian', rhs)], span });
      case '~>': return built({ kind: 'leadsTo', lhs: lhs.expr, rhs: rhs.expr, span });
      default: return built(this.apply(op.symbol, [lhs.expr, rhs.expr], 'infix', span, [], this.span(op.node!)));
    }
  }
}

/** An operand or group of an operator chain: its expression, where it is (parentheses included), and whether this chain grouped it. */
interface Built {
  expr: Expr;
  span: Span;
  grouped: boolean;
}
