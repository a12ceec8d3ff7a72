// The TLC model configuration (.cfg) read as TLC reads it: a sequence of keyword sections
// (CONSTANT(S), INIT, NEXT, SPECIFICATION, INVARIANT(S), PROPERTY(IES), ...), every entry with its Span.
import { fail, type Span } from '../diagnostics.js';

/** A constant value written in a .cfg, as TLC accepts it after `=`. */
export type ConfigValue =
  | { kind: 'int'; value: bigint; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  /** A bare identifier on the right of `=` is a model value (TLC: `CONSTANT p = p`, `S = {a, b}`). */
  | { kind: 'modelValue'; name: string; span: Span }
  | { kind: 'set'; elements: ConfigValue[]; span: Span }
  | { kind: 'tuple'; elements: ConfigValue[]; span: Span };

export type ConstantBinding =
  /** `N = 3`: the constant takes the value; `N = [Mod] v`: the definition N of module Mod does. */
  | { kind: 'value'; name: string; nameSpan: Span; value: ConfigValue; module?: string; span: Span }
  /** `N <- Def` or `N <- [Mod] Def`: the constant (or operator) is replaced by the definition `Def` (of module `Mod`). */
  | { kind: 'substitution'; name: string; nameSpan: Span; definition: string; definitionSpan: Span; module?: string; span: Span };

/** A name in a section such as INVARIANT Inv: the operator of the spec it refers to. */
export interface ConfigName {
  name: string;
  span: Span;
}

export interface ModelConfig {
  file: string;
  constants: ConstantBinding[];
  init?: ConfigName;
  next?: ConfigName;
  specification?: ConfigName;
  invariants: ConfigName[];
  properties: ConfigName[];
  constraints: ConfigName[];
  actionConstraints: ConfigName[];
  symmetry?: ConfigName;
  view?: ConfigName;
  /** ALIAS and POSTCONDITION are parsed so that a binder can refuse or honour them by name. */
  alias?: ConfigName;
  postconditions: ConfigName[];
  /** Absent means TLC's default: deadlock is checked. */
  checkDeadlock?: { value: boolean; span: Span };
}

type Section =
  | 'constants'
  | 'init'
  | 'next'
  | 'specification'
  | 'invariants'
  | 'properties'
  | 'constraints'
  | 'actionConstraints'
  | 'symmetry'
  | 'view'
  | 'alias'
  | 'postconditions'
  | 'checkDeadlock';

const keywords: Record<string, Section> = {
  CONSTANT: 'constants',
  CONSTANTS: 'constants',
  INIT: 'init',
  NEXT: 'next',
  SPECIFICATION: 'specification',
  INVARIANT: 'invariants',
  INVARIANTS: 'invariants',
  PROPERTY: 'properties',
  PROPERTIES: 'properties',
  CONSTRAINT: 'constraints',
  CONSTRAINTS: 'constraints',
  ACTION_CONSTRAINT: 'actionConstraints',
  ACTION_CONSTRAINTS: 'actionConstraints',
  SYMMETRY: 'symmetry',
  VIEW: 'view',
  ALIAS: 'alias',
  POSTCONDITION: 'postconditions',
  POSTCONDITIONS: 'postconditions',
  CHECK_DEADLOCK: 'checkDeadlock',
};

const keywordList = Object.keys(keywords).join(', ');

type Token =
  | { kind: 'ident'; text: string; span: Span }
  | { kind: 'keyword'; text: string; section: Section; span: Span }
  | { kind: 'int'; text: string; span: Span }
  | { kind: 'string'; text: string; span: Span }
  | { kind: 'punct'; text: '=' | '<-' | '{' | '}' | '<<' | '>>' | ',' | '[' | ']' | '-'; span: Span }
  | { kind: 'end'; text: ''; span: Span };

/** Splits .cfg text into tokens, skipping whitespace, `\*` line comments and nested `(* *)` comments. */
function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const spanFrom = (start: number, startLine: number, startLineStart: number): Span => ({
    file,
    line: startLine,
    col: start - startLineStart + 1,
    endLine: line,
    endCol: i - lineStart + 1,
  });
  const advance = () => {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
    i++;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      advance();
      continue;
    }
    const start = i;
    const startLine = line;
    const startLineStart = lineStart;
    if (c === '\\' && text[i + 1] === '*') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '(' && text[i + 1] === '*') {
      let depth = 0;
      while (i < text.length) {
        if (text[i] === '(' && text[i + 1] === '*') {
          depth++;
          advance();
          advance();
        } else if (text[i] === '*' && text[i + 1] === ')') {
          depth--;
          advance();
          advance();
          if (depth === 0) break;
        } else advance();
      }
      if (depth !== 0) {
        fail('E4001', 'unterminated comment', spanFrom(start, startLine, startLineStart), 'close the comment with *)');
      }
      continue;
    }
    if (/[A-Za-z0-9_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      const word = text.slice(start, i);
      const span = spanFrom(start, startLine, startLineStart);
      // As in TLA+, a word of digits only is a number; any letter or underscore makes it a name.
      if (/^[0-9]+$/.test(word)) tokens.push({ kind: 'int', text: word, span });
      else if (Object.hasOwn(keywords, word)) tokens.push({ kind: 'keyword', text: word, section: keywords[word]!, span });
      else tokens.push({ kind: 'ident', text: word, span });
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === '\n') {
          fail('E4001', 'unterminated string', spanFrom(start, startLine, startLineStart), 'close the string with " on the same line');
        }
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          const e = text[i + 1];
          const escaped: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', f: '\f' };
          if (e === undefined || !Object.hasOwn(escaped, e)) {
            i += 2;
            fail('E4001', `unknown escape \\${e ?? ''} in string`, spanFrom(i - 2, line, lineStart), 'TLA+ strings allow \\" \\\\ \\n \\t \\r \\f');
          }
          value += escaped[e];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value, span: spanFrom(start, startLine, startLineStart) });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<-' || two === '<<' || two === '>>') {
      i += 2;
      tokens.push({ kind: 'punct', text: two, span: spanFrom(start, startLine, startLineStart) });
      continue;
    }
    if (c === '=' || c === '{' || c === '}' || c === ',' || c === '[' || c === ']' || c === '-') {
      i++;
      tokens.push({ kind: 'punct', text: c, span: spanFrom(start, startLine, startLineStart) });
      continue;
    }
    i++;
    fail('E4001', `unexpected character '${c}'`, spanFrom(start, startLine, startLineStart), `a .cfg holds keyword sections (${keywordList}) with names and constant values`);
  }
  const endSpan = { file, line, col: i - lineStart + 1, endLine: line, endCol: i - lineStart + 1 };
  tokens.push({ kind: 'end', text: '', span: endSpan });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the file';
    case 'string':
      return `string "${token.text}"`;
    case 'keyword':
      return `keyword ${token.text}`;
    case 'ident':
      return `'${token.text}'`;
    case 'int':
      return `number ${token.text}`;
    case 'punct':
      return `'${token.text}'`;
  }
}

function join(from: Span, to: Span): Span {
  return { file: from.file, line: from.line, col: from.col, endLine: to.endLine, endCol: to.endCol };
}

/**
 * Parses a TLC .cfg. Throws DiagnosticError E4001 (with file:line:col and a hint) on malformed input.
 * Names are not resolved here: binding them to the spec (E4002) is the loader's job.
 */
export function parseConfig(text: string, file: string): ModelConfig {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  const config: ModelConfig = {
    file,
    constants: [],
    invariants: [],
    properties: [],
    constraints: [],
    actionConstraints: [],
    postconditions: [],
  };

  const expectIdent = (what: string, section: string): { name: string; span: Span } => {
    const t = next();
    if (t.kind !== 'ident') {
      fail('E4001', `expected ${what} after ${section}, found ${describe(t)}`, t.span, `write ${section} followed by the name of an operator defined in the spec`);
    }
    return { name: t.text, span: t.span };
  };

  const parseValue = (): ConfigValue => {
    const t = next();
    switch (t.kind) {
      case 'int':
        return { kind: 'int', value: BigInt(t.text), span: t.span };
      case 'string':
        return { kind: 'string', value: t.text, span: t.span };
      case 'ident':
        if (t.text === 'TRUE' || t.text === 'FALSE') return { kind: 'bool', value: t.text === 'TRUE', span: t.span };
        return { kind: 'modelValue', name: t.text, span: t.span };
      case 'punct': {
        if (t.text === '-') {
          const n = next();
          if (n.kind !== 'int') fail('E4001', `expected a number after '-', found ${describe(n)}`, n.span, 'write a negative number as -5');
          return { kind: 'int', value: -BigInt(n.text), span: join(t.span, n.span) };
        }
        if (t.text === '{' || t.text === '<<') {
          const close = t.text === '{' ? '}' : '>>';
          const elements: ConfigValue[] = [];
          if (peek().kind === 'punct' && peek().text === close) {
            return { kind: t.text === '{' ? 'set' : 'tuple', elements, span: join(t.span, next().span) };
          }
          for (;;) {
            elements.push(parseValue());
            const sep = next();
            if (sep.kind === 'punct' && sep.text === close) {
              return { kind: t.text === '{' ? 'set' : 'tuple', elements, span: join(t.span, sep.span) };
            }
            if (sep.kind !== 'punct' || sep.text !== ',') {
              fail('E4001', `expected ',' or '${close}' in ${t.text === '{' ? 'set' : 'tuple'}, found ${describe(sep)}`, sep.span, `separate elements with commas and close with ${close}`);
            }
          }
        }
        break;
      }
      case 'keyword':
      case 'end':
        break;
    }
    return fail('E4001', `expected a value, found ${describe(t)}`, t.span, 'a constant value is a number, a "string", TRUE, FALSE, a model value name, a set {a, b} or a tuple <<1, 2>>');
  };

  const parseConstant = (): ConstantBinding => {
    const { name, span: nameSpan } = expectIdent('a constant name', 'CONSTANT');
    const op = next();
    // `[Mod]` after `=` or `<-` scopes the entry to the definitions of module Mod, as TLC reads it.
    let module: string | undefined;
    const moduleScope = (arrow: string) => {
      const open = peek();
      if (open.kind !== 'punct' || open.text !== '[') return;
      next();
      module = expectIdent('a module name', `${arrow} [`).name;
      const close = next();
      if (close.kind !== 'punct' || close.text !== ']') fail('E4001', `expected ']' after the module name, found ${describe(close)}`, close.span, `write N ${arrow} [Module] ${arrow === '=' ? 'value' : 'Definition'}`);
    };
    if (op.kind === 'punct' && op.text === '=') {
      moduleScope('=');
      const value = parseValue();
      return { kind: 'value', name, nameSpan, value, ...(module !== undefined ? { module } : {}), span: join(nameSpan, value.span) };
    }
    if (op.kind === 'punct' && op.text === '<-') {
      moduleScope('<-');
      const def = next();
      if (def.kind !== 'ident') {
        fail('E4001', `expected the name of a definition after '<-', found ${describe(def)}`, def.span, `write ${name} <- SomeDefinition, where SomeDefinition is an operator of the spec`);
      }
      return { kind: 'substitution', name, nameSpan, definition: def.text, definitionSpan: def.span, ...(module !== undefined ? { module } : {}), span: join(nameSpan, def.span) };
    }
    return fail('E4001', `expected '=' or '<-' after constant ${name}, found ${describe(op)}`, op.span, `write ${name} = value or ${name} <- Definition`);
  };

  const single = (t: Token & { kind: 'keyword' }, current: ConfigName | undefined, value: ConfigName): ConfigName => {
    if (current) {
      fail('E4001', `${t.text} given twice (first ${current.name} at ${file}:${current.span.line}:${current.span.col})`, value.span, `a configuration has at most one ${t.text}; remove one`);
    }
    return value;
  };

  const startsEntry = () => peek().kind === 'ident';
  // A list section may be empty, as TLC reads it (PROPERTIES with every entry commented out).
  const endsList = () => peek().kind === 'keyword' || peek().kind === 'end';

  for (;;) {
    const t = next();
    if (t.kind === 'end') break;
    if (t.kind !== 'keyword') {
      fail('E4001', `expected a keyword, found ${describe(t)}`, t.span, `sections start with one of ${keywordList}`);
    }
    const section = t.section;
    switch (section) {
      case 'constants':
        if (!endsList()) do config.constants.push(parseConstant());
        while (startsEntry());
        break;
      case 'init':
      case 'next':
      case 'specification':
      case 'symmetry':
      case 'view':
      case 'alias':
        config[section] = single(t, config[section], expectIdent('a name', t.text));
        break;
      case 'invariants':
      case 'properties':
      case 'constraints':
      case 'actionConstraints':
      case 'postconditions': {
        const list = config[section];
        if (!endsList()) do list.push(expectIdent('a name', t.text));
        while (startsEntry());
        break;
      }
      case 'checkDeadlock': {
        const v = next();
        if (v.kind !== 'ident' || (v.text !== 'TRUE' && v.text !== 'FALSE')) {
          fail('E4001', `expected TRUE or FALSE after CHECK_DEADLOCK, found ${describe(v)}`, v.span, 'write CHECK_DEADLOCK FALSE to stop reporting deadlocks');
        }
        if (config.checkDeadlock) {
          fail('E4001', 'CHECK_DEADLOCK given twice', v.span, 'keep one CHECK_DEADLOCK line');
        }
        config.checkDeadlock = { value: v.text === 'TRUE', span: v.span };
        break;
      }
      default: {
        const unreachable: never = section;
        throw new Error(`unhandled section ${String(unreachable)}`);
      }
    }
  }
  if (config.specification && (config.init || config.next)) {
    const other = (config.init ?? config.next)!;
    fail('E4001', `both SPECIFICATION and ${config.init ? 'INIT' : 'NEXT'} are given`, other.span, 'give either SPECIFICATION Spec, or INIT Init with NEXT Next, not both');
  }
  if ((config.init === undefined) !== (config.next === undefined)) {
    const given = (config.init ?? config.next)!;
    fail('E4001', `${config.init ? 'INIT' : 'NEXT'} is given without ${config.init ? 'NEXT' : 'INIT'}`, given.span, 'INIT and NEXT go together; or use SPECIFICATION Spec');
  }
  return config;
}
