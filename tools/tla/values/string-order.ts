// TLC's order on strings, where it shows: TLC compares two strings by when each was first interned
// (util/UniqueString.compareTo compares intern numbers, not characters). Our canonical order
// (order.ts, UTF-16 code units) stays everywhere values are stored, compared for equality and
// fingerprinted; this order is applied only where TLC's choice is observable, CHOOSE.
//
// A string's rank is its position in: TLC's start-up table, the root module's name, SANY's node-name
// table, then the identifiers, keywords and numbers of each module in the order SANY lexes the
// modules, then the string literals of each module in the order SANY's semantic pass processes the
// modules, then strings first met at run time, in the order CHOOSE meets them (TLC: as evaluation
// makes them). See SUPPORTED.md, "Strings in TLC's order", for how this was measured.
import { compareValues, finiteElements } from './order.js';
import { semanticStartTable, standardModules, startupTable, syntaxNodeTable } from './tlc-intern-data.js';
import type { FcnValue, Value } from './value.js';

/** What SANY interns from one module's text, and the modules it names. */
export interface ModuleTokens {
  /** Identifiers, keywords and numbers, in order of appearance (comments and strings skipped). */
  words: readonly string[];
  /** String literals' contents, in order of appearance. */
  literals: readonly string[];
  extends: readonly string[];
  instances: readonly string[];
}

/**
 * Reads a module's text as SANY's lexer would for interning: from its `---- MODULE` line to its
 * `====` line, skipping (nested) comments; `\in`-style operators are not words; `WF_v` is `WF_`
 * then `v`. Operator symbols are left out: a string "==" in CHOOSE is not worth tracking.
 */
export function moduleTokens(text: string): ModuleTokens {
  const words: string[] = [];
  const literals: string[] = [];
  /** Per word: whether a lone comma separates it from the word before (for EXTENDS lists). */
  const afterComma: boolean[] = [];
  let between = ''; // the symbols since the last word
  // The header `---- MODULE` is one token (not the word MODULE).
  const header = /-{4,}\s*MODULE\b/.exec(text);
  let i = header ? header.index + header[0].length : 0;
  let depth = 0; // nesting of (* *)
  let lineStart = true;
  const word = /\\[A-Za-z]+|[A-Za-z0-9_]+/y;
  const push = (w: string): void => {
    words.push(w);
    afterComma.push(between === ',');
    between = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (depth > 0) {
      if (text.startsWith('(*', i)) {
        depth++;
        i += 2;
      } else if (text.startsWith('*)', i)) {
        depth--;
        i += 2;
      } else i++;
      continue;
    }
    if (lineStart && text.startsWith('====', i) && words.length > 0) break;
    lineStart = c === '\n' || (lineStart && (c === ' ' || c === '\t'));
    if (text.startsWith('(*', i)) {
      depth = 1;
      i += 2;
    } else if (text.startsWith('\\*', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      let s = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[++i]!;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'f' ? '\f' : e;
        } else s += text[i];
      }
      literals.push(s);
      between += '"';
      i++;
    } else {
      word.lastIndex = i;
      const m = word.exec(text);
      if (!m) {
        if (!/\s/.test(c)) between += c;
        i++;
        continue;
      }
      const w = m[0];
      i += w.length;
      if (w[0] === '\\') between += w;
      else if ((w.startsWith('WF_') || w.startsWith('SF_')) && w.length > 3) {
        push(w.slice(0, 3));
        push(w.slice(3));
      } else push(w);
    }
  }
  const extendsList: string[] = [];
  const e = words.indexOf('EXTENDS');
  if (e >= 0 && e + 1 < words.length) {
    extendsList.push(words[e + 1]!);
    for (let j = e + 2; j < words.length && afterComma[j]; j++) extendsList.push(words[j]!);
  }
  const instances = words.flatMap((w, j) => (w === 'INSTANCE' && j + 1 < words.length ? [words[j + 1]!] : []));
  return { words, literals, extends: extendsList, instances };
}

/** Ranks of strings in TLC's intern order for one spec; strings not met before are ranked as met. */
export class StringOrder {
  private readonly ranks = new Map<string, number>();
  /** A set's elements in this order, by its canonical element array (sets are immutable; CHOOSE repeats). */
  readonly sorted = new WeakMap<readonly Value[], readonly Value[]>();

  constructor(initial: Iterable<string>) {
    for (const s of initial) this.intern(s);
  }

  rank(s: string): number {
    return this.ranks.get(s) ?? this.intern(s);
  }

  private intern(s: string): number {
    let r = this.ranks.get(s);
    if (r === undefined) {
      r = this.ranks.size;
      this.ranks.set(s, r);
    }
    return r;
  }
}

/**
 * TLC's order for a spec: `root` names the root module; `modules` gives the tokens of each module
 * read from a file (a standard module TLC ships is taken from the measured table; one neither read
 * nor known, such as a community module, contributes nothing); `configStrings` are the strings the
 * .cfg holds, which TLC interns before anything else (configStrings).
 */
export function stringOrderOf(root: string, modules: ReadonlyMap<string, ModuleTokens>, configStrings: readonly string[] = []): StringOrder {
  const of = (name: string): ModuleTokens => {
    const t = modules.get(name) ?? standardModules[name] ?? { words: [], literals: [], extends: [], instances: [] };
    // TLC's default run extends the root module with _TLCTrace (its trace-file post-condition).
    return name === root ? { ...t, extends: [...t.extends, '_TLCTrace'] } : t;
  };
  const order: string[] = [...configStrings, ...startupTable, root, ...syntaxNodeTable];
  for (const name of lexingOrder(root, of)) order.push(...of(name).words);
  order.push(...semanticStartTable);
  for (const name of semanticOrder(root, of)) order.push(...of(name).literals);
  return new StringOrder(order);
}

/** The tokens of every module a resolved spec read from a file, by module name. */
export function specModuleTokens(spec: { sources: ReadonlyMap<string, string> }): Map<string, ModuleTokens> {
  const modules = new Map<string, ModuleTokens>();
  for (const [file, text] of spec.sources) modules.set(file.replace(/^.*[\\/]/, '').replace(/\.tla$/, ''), moduleTokens(text));
  return modules;
}

/**
 * The order in which SANY reads modules (tla2sany/modanalyzer/SpecObj.loadSpec): repeatedly the
 * first unresolved EXTENDS found by a depth-first search from the root, else the first unresolved
 * INSTANCE; a name is resolved per module that names it, but each module is read once.
 */
function lexingOrder(root: string, of: (name: string) => ModuleTokens): string[] {
  const read = [root];
  const resolved = new Set<string>(); // "module\0name"
  const find = (kind: 'extends' | 'instances'): [string, string] | undefined => {
    const visited = new Set<string>();
    const search = (m: string): [string, string] | undefined => {
      if (visited.has(m)) return undefined;
      visited.add(m);
      const t = of(m);
      for (const n of t[kind]) if (!resolved.has(`${m}\0${n}`)) return [m, n];
      for (const n of t.extends) { const f = search(n); if (f) return f; }
      for (const n of t.instances) if (resolved.has(`${m}\0${n}`)) { const f = search(n); if (f) return f; }
      return undefined;
    };
    return search(root);
  };
  for (let next = find('extends') ?? find('instances'); next; next = find('extends') ?? find('instances')) {
    const [m, n] = next;
    resolved.add(`${m}\0${n}`);
    if (!read.includes(n)) read.push(n);
  }
  return read;
}

/** SANY's semantic pass: modules after those they extend or instantiate (depth first), the root last. */
function semanticOrder(root: string, of: (name: string) => ModuleTokens): string[] {
  const done: string[] = [];
  const seen = new Set<string>();
  const visit = (m: string): void => {
    if (seen.has(m)) return;
    seen.add(m);
    for (const n of [...of(m).extends, ...of(m).instances]) visit(n);
    done.push(m);
  };
  visit(root);
  return done;
}

let current = new StringOrder([...startupTable, ...syntaxNodeTable]);

/** Makes `order` the one CHOOSE follows (set when a model is built from its spec). */
export function useStringOrder(order: StringOrder): void {
  current = order;
}

/** A value in the .cfg, as cfg/config.ts parses it (values come before the .cfg reader in the phases). */
export interface ConfigValueLike {
  kind: string;
  value?: unknown;
  name?: string;
  elements?: readonly ConfigValueLike[];
}

/**
 * The strings and model-value names of the .cfg's constant values in file order: TLC parses the
 * .cfg first and interns each as it makes the value (measured: `S = {"k2", "k1"}` puts "k2" before
 * every other string, so CHOOSE s \in S picks "k2"); its other names are not interned then.
 */
export function configStrings(constants: readonly object[]): string[] {
  const out: string[] = [];
  const walk = (v: ConfigValueLike): void => {
    if (v.kind === 'string' && typeof v.value === 'string') out.push(v.value);
    else if (v.kind === 'modelValue' && v.name !== undefined) out.push(v.name);
    else for (const e of v.elements ?? []) walk(e);
  };
  for (const c of constants) {
    const v = 'value' in c ? c.value : undefined;
    if (typeof v === 'object' && v !== null && 'kind' in v) walk(v as ConfigValueLike);
  }
  return out;
}

/** Makes a resolved spec's order, with its .cfg's constants, the one CHOOSE follows. */
export function useSpecStringOrder(spec: { name: string; sources: ReadonlyMap<string, string> }, config: { constants: readonly object[] }): void {
  current = stringOrderOf(spec.name, specModuleTokens(spec), configStrings(config.constants));
}

/** The order CHOOSE follows now. */
export function currentStringOrder(): StringOrder {
  return current;
}

/** Whether TLC's order on `v` can differ from ours: it holds strings (sets are homogeneous, so the first element decides for scalars). */
function holdsStrings(v: Value): boolean {
  switch (typeof v) {
    case 'string':
      return true;
    case 'object':
      if (v.kind === 'model') return false;
      if (v.kind === 'fcn') return (v.domain !== null && v.domain.some(holdsStrings)) || v.values.some(holdsStrings);
      return v.kind === 'enum' && v.elems.some(holdsStrings);
    default:
      return false;
  }
}

/** A set's elements (in our canonical order) in TLC's order: re-sorted only when they hold strings. */
export function inTlcOrder(elems: readonly Value[]): readonly Value[] {
  if (elems.length < 2 || typeof elems[0] === 'number' || typeof elems[0] === 'boolean') return elems;
  // A set without strings is already in TLC's order; remembering that answer in the WeakMap cost
  // more than the scan (GameOfLife's CHOOSE over ever-new sets of tuples: 3.4x the CPU of the search).
  if (!elems.some(holdsStrings)) return elems;
  const order = current;
  let sorted = order.sorted.get(elems);
  if (!sorted) {
    sorted = elems.slice().sort((a, b) => compareTlc(a, b, order));
    order.sorted.set(elems, sorted);
  }
  return sorted;
}

/** compareValues with strings ordered by `order` (TLC's compareTo on its values). */
function compareTlc(a: Value, b: Value, order: StringOrder): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') return order.rank(a) - order.rank(b);
  if (typeof a === 'object' && typeof b === 'object') {
    if (a.kind === 'fcn' && b.kind === 'fcn') return compareFcns(a, b, order);
    if (a.kind !== 'fcn' && a.kind !== 'model' && b.kind !== 'fcn' && b.kind !== 'model') {
      const xs = inTlcOrder(finiteElements(a));
      const ys = inTlcOrder(finiteElements(b));
      if (xs.length !== ys.length) return xs.length - ys.length;
      for (let i = 0; i < xs.length; i++) {
        const c = compareTlc(xs[i]!, ys[i]!, order);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
  return compareValues(a, b);
}

/** Functions and records: by size, then the domains in TLC's order, then the values at them. */
function compareFcns(a: FcnValue, b: FcnValue, order: StringOrder): number {
  if (a.values.length !== b.values.length) return a.values.length - b.values.length;
  const pa = pairsInTlcOrder(a, order);
  const pb = pairsInTlcOrder(b, order);
  for (let i = 0; i < pa.length; i++) {
    const c = compareTlc(pa[i]![0], pb[i]![0], order);
    if (c !== 0) return c;
  }
  for (let i = 0; i < pa.length; i++) {
    const c = compareTlc(pa[i]![1], pb[i]![1], order);
    if (c !== 0) return c;
  }
  return 0;
}

function pairsInTlcOrder(f: FcnValue, order: StringOrder): [Value, Value][] {
  const pairs = f.values.map((v, i): [Value, Value] => [f.domain === null ? i + 1 : f.domain[i]!, v]);
  return f.domain !== null && f.domain.some((d) => typeof d === 'string') ? pairs.sort((x, y) => compareTlc(x[0], y[0], order)) : pairs;
}
