// TLC's order on strings and model values, where it shows: TLC compares two strings by when each was
// first interned (util/UniqueString.compareTo compares intern numbers, not characters), and two model
// values by their names' intern numbers (ModelValue.compareTo), in the same table: `S = {b, a}` in the
// .cfg makes CHOOSE s \in S pick b. Our canonical order
// (order.ts, UTF-16 code units) stays everywhere values are stored, compared for equality and
// fingerprinted; this order is applied only where TLC's order is observable: which element CHOOSE
// picks, the order in which \E, \A, x' \in S, set filters and function constructors go through a
// set (which decides the counterexample BFS finds first), and how sets and records print.
//
// A string's rank is its position in: TLC's start-up table, the root module's name, SANY's node-name
// table, then the identifiers, keywords and numbers of each module in the order SANY lexes the
// modules, then the string literals of each module in the order SANY's semantic pass processes the
// modules, then strings first met at run time, in the order CHOOSE meets them (TLC: as evaluation
// makes them). Each loaded model has its own order (the evaluation context's `std.strings`).
// See SUPPORTED.md, "Strings in TLC's order", for how this was measured.
import { compareValues, finiteElements, printedElements } from './order.js';
import { semanticStartTable, standardModules, startupTable, syntaxNodeTable } from './tlc-intern-data.js';
import type { ElementOrder } from './format.js';
import type { EnumSet, FcnValue, SetValue, Value } from './value.js';

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

/** How many small sets `StringOrder.recentElems` holds. */
const recentSets = 8;

/** Ranks of strings in TLC's intern order for one spec; strings not met before are ranked as met. */
export class StringOrder implements ElementOrder {
  private readonly ranks = new Map<string, number>();
  /**
   * A set's elements (or a function's domain) in this order, with each one's canonical position, by
   * the canonical array (values are immutable, and the same set is enumerated again and again).
   */
  readonly arranged = new WeakMap<readonly Value[], Arranged | null>();
  /**
   * The last small sets arranged (not remembered in `arranged`), by canonical array, and each one's
   * answer (null: their canonical order): one state's set is filtered at each use in its
   * successors (Slush's `message`, 6 filters per state, sorted 6 times).
   */
  readonly recentElems: (readonly Value[] | undefined)[] = new Array<undefined>(recentSets).fill(undefined);
  readonly recentArranged: (Arranged | null)[] = new Array<null>(recentSets).fill(null);
  recentNext = 0;
  /**
   * The last function domain arranged and its answer: sorting a set of records compares them two by
   * two, each comparison arranging both domains (the same array for records built alike), and the
   * WeakMap lookup was most of a comparison (SlushSmall's messages).
   */
  lastDomain: readonly Value[] | undefined = undefined;
  lastDomainArranged: Arranged | undefined = undefined;

  constructor(initial: Iterable<string>) {
    for (const s of initial) this.intern(s);
  }

  arrange(elems: readonly Value[]): readonly Value[] {
    return inTlcOrder(elems, this);
  }

  positions(elems: readonly Value[]): readonly number[] | null {
    return arranged(elems, this)?.positions ?? null;
  }

  printed(s: SetValue): readonly Value[] | null {
    return printedElements(s);
  }

  rank(s: string): number {
    return this.ranks.get(s) ?? this.intern(s);
  }

  /** `s`, made at run time (`\o`, SubSeq, ToString), ranked now: TLC interns a string when it makes one, not when it first compares it. */
  made(s: string): string {
    this.intern(s);
    return s;
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

/** The order before any spec is read (TLC's start-up tables), for evaluating bare expressions. */
export function startStringOrder(): StringOrder {
  return new StringOrder([...startupTable, ...syntaxNodeTable]);
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

/**
 * A resolved spec's order with its .cfg's constants: from the texts it read, or from the tokens
 * embedded in place of them (tla2ts's executables).
 */
export function specStringOrder(
  spec: { name: string; sources: ReadonlyMap<string, string>; moduleTokens?: ReadonlyMap<string, ModuleTokens> },
  config: { constants: readonly object[] },
): StringOrder {
  return stringOrderOf(spec.name, spec.moduleTokens ?? specModuleTokens(spec), configStrings(config.constants));
}

/** Whether TLC's order on `v` can differ from ours: it holds strings or model values (sets are homogeneous, so the first element decides for scalars). */
function holdsNames(v: Value): boolean {
  if (typeof v === 'string') return true;
  if (typeof v !== 'object') return false;
  if (v.kind === 'model') return true;
  if (v.kind === 'fcn') return (v.domain !== null && someHoldNames(v.domain)) || someHoldNames(v.values);
  return v.kind === 'enum' && someHoldNames(v.elems);
}

/**
 * Whether any of `vs` holds strings or model values. A loop that passes over numbers and booleans in
 * place rather than `vs.some(holdsNames)`: CHOOSE asks this of every element of its set each time (GameOfLife's
 * Sum over sets of integer pairs, 8 % of its time through `some`).
 */
function someHoldNames(vs: readonly Value[]): boolean {
  for (let i = 0; i < vs.length; i++) {
    const x = vs[i]!;
    if (typeof x !== 'number' && typeof x !== 'boolean' && holdsNames(x)) return true;
  }
  return false;
}

/** Sorted elements and, for each, its index in the canonical array. */
interface Arranged {
  elems: readonly Value[];
  positions: readonly number[];
}

/** A set's elements (in our canonical order) in TLC's order: re-sorted only when they hold strings or model values. */
export function inTlcOrder(elems: readonly Value[], order: StringOrder): readonly Value[] {
  return arranged(elems, order)?.elems ?? elems;
}

/** inTlcOrder for an enumerated set (EnumSet.tlcOrdered). */
export function enumInTlcOrder(set: EnumSet, order: StringOrder): readonly Value[] {
  return enumArranged(set, order)?.elems ?? set.elems;
}

/** StringOrder.positions for an enumerated set (EnumSet.tlcOrdered). */
export function enumPositions(set: EnumSet, order: StringOrder): readonly number[] | null {
  return enumArranged(set, order)?.positions ?? null;
}

/**
 * `arranged` for an enumerated set, remembering on the set when that is its canonical order (no
 * strings or model values, or names already in TLC's order: `Node = {n1, n2, n3}`, a sample of
 * them). Then so is every subset's, and `S \ T` passes it on: a recursive Sum's CHOOSE over each
 * smaller S skips the scan for strings (GameOfLife), Slush's sets of processes skip the sort. An
 * order that differs is not kept on the set: a state's set would hold it for as long as the state
 * lives, and Slush, which sorted half as often so, ran no faster with a larger heap.
 */
function enumArranged(set: EnumSet, order: StringOrder): Arranged | undefined {
  if (set.tlcOrdered) return undefined;
  const found = arranged(set.elems, order);
  if (found === undefined) set.tlcOrdered = true;
  return found;
}

/** `elems` in `order`, or undefined when that is their canonical order (no strings or model values in them, or those already in TLC's order). */
function arranged(elems: readonly Value[], order: StringOrder, isDomain = false): Arranged | undefined {
  if (elems.length < 2 || typeof elems[0] === 'number' || typeof elems[0] === 'boolean') return undefined;
  // A small set is not remembered in the WeakMap: that cost more than sorting again (a spec whose
  // states each hold a new set of records: 730 MB and 18.7 s against 481 MB and 13.1 s before), so
  // only the last few are (`recentElems`).
  if (!isDomain && elems.length <= rememberedFrom) {
    for (let i = 0; i < recentSets; i++) if (order.recentElems[i] === elems) return order.recentArranged[i] ?? undefined;
    const found = someHoldNames(elems) ? sortedInTlcOrder(elems, order) : null;
    const at = order.recentNext;
    order.recentElems[at] = elems;
    order.recentArranged[at] = found;
    order.recentNext = (at + 1) % recentSets;
    return found ?? undefined;
  }
  // A set without strings is already in TLC's order; remembering that answer in the WeakMap cost
  // more than the scan (GameOfLife's CHOOSE over ever-new sets of tuples: 3.4x the CPU of the search).
  if (isDomain && elems === order.lastDomain) return order.lastDomainArranged;
  if (!someHoldNames(elems)) return undefined;
  let found = order.arranged.get(elems);
  if (found === undefined) {
    found = sortedInTlcOrder(elems, order);
    order.arranged.set(elems, found);
  }
  if (isDomain) {
    order.lastDomain = elems;
    order.lastDomainArranged = found ?? undefined;
  }
  return found ?? undefined;
}

/** Below this size a set's order is not remembered (function domains always are: records share theirs). */
const rememberedFrom = 16;

/** `elems` sorted in `order`; null when that leaves them as they are. */
function sortedInTlcOrder(elems: readonly Value[], order: StringOrder): Arranged | null {
  const n = elems.length;
  const positions = new Array<number>(n);
  for (let i = 0; i < n; i++) positions[i] = i;
  const names = internedNames(elems);
  if (names) {
    // Strings alone or model values alone (the common cases): by rank, looked up once each; a small set by insertion.
    const ranks = names.map((name) => order.rank(name));
    if (n > rememberedFrom) positions.sort((i, j) => ranks[i]! - ranks[j]!);
    else for (let i = 1; i < n; i++) {
      const p = positions[i]!;
      let j = i - 1;
      for (; j >= 0 && ranks[positions[j]!]! > ranks[p]!; j--) positions[j + 1] = positions[j]!;
      positions[j + 1] = p;
    }
  } else if (n > rememberedFrom) positions.sort((i, j) => compareTlc(elems[i]!, elems[j]!, order));
  else {
    // A small set of records or tuples (a state's messages, filtered many times a state) by
    // insertion too: Array.prototype.sort copied the array and called a closure per comparison.
    for (let i = 1; i < n; i++) {
      const p = positions[i]!;
      const x = elems[p]!;
      let j = i - 1;
      for (; j >= 0 && compareTlc(elems[positions[j]!]!, x, order) > 0; j--) positions[j + 1] = positions[j]!;
      positions[j + 1] = p;
    }
  }
  let moved = false;
  for (let i = 0; i < n && !moved; i++) moved = positions[i] !== i;
  if (!moved) return null;
  const sorted = new Array<Value>(n);
  for (let i = 0; i < n; i++) sorted[i] = elems[positions[i]!]!;
  return { elems: sorted, positions };
}

/** The strings of a set of strings, or the names of a set of model values; undefined for any other set. */
function internedNames(elems: readonly Value[]): string[] | undefined {
  const first = elems[0];
  if (typeof first === 'string') return elems.every((e) => typeof e === 'string') ? (elems as string[]) : undefined;
  if (typeof first !== 'object' || first.kind !== 'model') return undefined;
  const names: string[] = [];
  for (const e of elems) {
    if (typeof e !== 'object' || e.kind !== 'model') return undefined;
    names.push(e.name);
  }
  return names;
}

/** compareValues with strings and model values ordered by `order` (TLC's compareTo on its values). */
function compareTlc(a: Value, b: Value, order: StringOrder): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') return order.rank(a) - order.rank(b);
  if (typeof a === 'object' && typeof b === 'object') {
    if (a.kind === 'fcn' && b.kind === 'fcn') return compareFcns(a, b, order);
    if (a.kind === 'model' && b.kind === 'model') return order.rank(a.name) - order.rank(b.name);
    if (a.kind !== 'fcn' && a.kind !== 'model' && b.kind !== 'fcn' && b.kind !== 'model') {
      const xs = a.kind === 'enum' ? enumInTlcOrder(a, order) : inTlcOrder(finiteElements(a), order);
      const ys = b.kind === 'enum' ? enumInTlcOrder(b, order) : inTlcOrder(finiteElements(b), order);
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
  const n = a.values.length;
  if (n !== b.values.length) return n - b.values.length;
  const pa = a.domain === null ? undefined : arranged(a.domain, order, true)?.positions;
  const pb = b.domain === a.domain ? pa : b.domain === null ? undefined : arranged(b.domain, order, true)?.positions;
  if (a.domain !== b.domain) {
    for (let i = 0; i < n; i++) {
      const c = compareTlc(domainAt(a, pa ? pa[i]! : i), domainAt(b, pb ? pb[i]! : i), order);
      if (c !== 0) return c;
    }
  }
  for (let i = 0; i < n; i++) {
    const c = compareTlc(a.values[pa ? pa[i]! : i]!, b.values[pb ? pb[i]! : i]!, order);
    if (c !== 0) return c;
  }
  return 0;
}

function domainAt(f: FcnValue, i: number): Value {
  return f.domain === null ? i + 1 : f.domain[i]!;
}
