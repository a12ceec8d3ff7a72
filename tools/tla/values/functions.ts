// Functions, records, tuples and sequences: construction in canonical form (domain 1..n stored as
// null, any other domain sorted in TLC's order), application, EXCEPT, and the TLC operators :> and @@.
import { compareValues, indexInSorted } from './order.js';
import { hashExcept } from './fingerprint.js';
import { formatTlcValue, formatValue } from './format.js';
import type { TlcWording } from '../diagnostics.js';
import { tlcGeneral, valueError } from './value-error.js';
import { FcnValue, describeKind, fcnFromSortedDomain, isFcn, tuple, type Value } from './value.js';

export const emptyTuple = tuple([]);

/** A function from key/value pairs in any order; a repeated key keeps its first value (as @@ does). */
export function fcnFromPairs(pairs: (readonly [Value, Value])[]): FcnValue {
  pairs.sort(([a], [b]) => compareValues(a, b));
  const domain: Value[] = [];
  const values: Value[] = [];
  for (const [k, v] of pairs) {
    if (domain.length > 0 && compareValues(domain[domain.length - 1]!, k) === 0) continue;
    domain.push(k);
    values.push(v);
  }
  return fcnFromSortedDomain(domain, values);
}

/** A record from field names already sorted (as record literals are, at compile time) and aligned values. */
export function recordFromSorted(names: readonly string[], values: readonly Value[]): FcnValue {
  return new FcnValue(names.length === 0 ? null : names, values);
}

/** A record [name |-> value, ...]; fields in any order. */
export function record(fields: readonly (readonly [string, Value])[]): FcnValue {
  return fcnFromPairs(fields.map(([n, v]) => [n, v] as const));
}

export function asFcn(v: Value, what: string, tlc?: TlcWording): FcnValue {
  if (isFcn(v)) return v;
  return valueError('E3001', `${what} must be a function, record or sequence, but it is ${describeKind(v)}: ${formatValue(v)}`, undefined, tlc);
}

/** Index of `arg` in the domain of f, or -1. */
export function domainIndex(f: FcnValue, arg: Value): number {
  if (f.domain === null) {
    return typeof arg === 'number' && arg >= 1 && arg <= f.values.length ? arg - 1 : -1;
  }
  const domain = f.domain;
  if (domain.length <= 8 && (typeof arg !== 'object' || arg.kind === 'model')) {
    // Small domains of primitives or (interned) model values: identity is equality, and a scan
    // beats comparisons through compareValues. A miss falls through to the exact search below.
    for (let i = 0; i < domain.length; i++) if (domain[i] === arg) return i;
    if (typeof arg === 'string' || arg === true || arg === false) return -1;
  }
  if (domain.length > 8 && typeof arg === 'object' && arg.kind === 'fcn' && arg.domain === null) {
    const i = intTupleIndex(domain, arg);
    if (i !== undefined) return i;
  }
  return indexInSorted(domain, arg);
}

/**
 * A domain of integer tuples of one length, densely packed (GameOfLife's grid and `sc`, indexed by
 * <<x, y>>): a table from the tuple's mixed-radix number to its index, built once per domain array
 * (functions built from one set, and their EXCEPTs, share it), replacing a binary search whose
 * every step compares two tuples. null where the domain is not such a set.
 */
interface IntTupleTable {
  lows: number[];
  sizes: number[];
  slots: Int32Array; // index + 1, 0 where no element
}
const intTupleTables = new WeakMap<readonly Value[], IntTupleTable | null>();
/**
 * The domain looked up last and its table: most applications in a row are to one function (Sum's
 * f[x] at each step), and this test is cheaper than the WeakMap's.
 */
let lastDomain: readonly Value[] | undefined;
let lastTable: IntTupleTable | null = null;

/** The index of the tuple `arg` in `domain`, -1 when absent, undefined to ask the binary search. */
function intTupleIndex(domain: readonly Value[], arg: FcnValue): number | undefined {
  let table: IntTupleTable | null | undefined = lastDomain === domain ? lastTable : intTupleTables.get(domain);
  if (table === undefined) {
    table = intTupleTable(domain);
    intTupleTables.set(domain, table);
  }
  lastDomain = domain;
  lastTable = table;
  if (table === null || arg.values.length !== table.lows.length) return undefined;
  let key = 0;
  for (let c = 0; c < table.lows.length; c++) {
    const x = arg.values[c]!;
    if (typeof x !== 'number') return undefined; // compareValues decides (and raises TLC's errors)
    const offset = x - table.lows[c]!;
    if (offset < 0 || offset >= table.sizes[c]!) return -1;
    key = key * table.sizes[c]! + offset;
  }
  return table.slots[key]! - 1;
}

function intTupleTable(domain: readonly Value[]): IntTupleTable | null {
  const first = domain[0]!;
  if (typeof first !== 'object' || first.kind !== 'fcn' || first.domain !== null) return null;
  const arity = first.values.length;
  if (arity === 0) return null;
  const lows = new Array<number>(arity).fill(Infinity);
  const highs = new Array<number>(arity).fill(-Infinity);
  for (const e of domain) {
    if (typeof e !== 'object' || e.kind !== 'fcn' || e.domain !== null || e.values.length !== arity) return null;
    for (let c = 0; c < arity; c++) {
      const x = e.values[c]!;
      if (typeof x !== 'number') return null;
      if (x < lows[c]!) lows[c] = x;
      if (x > highs[c]!) highs[c] = x;
    }
  }
  const sizes = lows.map((low, c) => highs[c]! - low + 1);
  const cells = sizes.reduce((n, size) => n * size, 1);
  if (cells > 4 * domain.length + 64) return null; // sparse: the table would waste memory
  const slots = new Int32Array(cells);
  domain.forEach((e, i) => {
    let key = 0;
    for (let c = 0; c < arity; c++) key = key * sizes[c]! + ((e as FcnValue).values[c] as number) - lows[c]!;
    slots[key] = i + 1;
  });
  return { lows, sizes, slots };
}

/** TLC's words for f[arg] outside the domain (FcnRcdValue). */
export function tlcOutsideDomain(f: Value, arg: Value): TlcWording {
  return tlcGeneral(`In applying the function\n${formatTlcValue(f)},\nthe first argument is:\n${formatTlcValue(arg)}\nwhich is not in its domain.\n`);
}

/** TLC's TupleValue's words for `<<...>>[arg]` outside it, an error TLC meets when it fingerprints the application. */
function tlcTupleOutside(f: FcnValue, arg: Value): TlcWording & { fingerprint: true } {
  const words =
    typeof arg === 'number' ? `Attempted to access index ${arg} of tuple\n${formatTlcValue(f)}\nwhich is out of bounds.` : `Attempted to access tuple at a non integral index: ${formatTlcValue(arg)}`;
  return { kind: 'message', text: words, general: true, fingerprint: true };
}

/**
 * f[arg], with E3003 outside the domain. A sequence at an index outside it, or at an argument other
 * than an integer, has the words of TLC's TupleValue: ours is one value for `<<1, 2>>` and
 * `[i \in 1..2 |-> i]` (FcnRcdValue in TLC), so the second gets them too (tools/tla/SUPPORTED.md).
 */
export function apply(f: FcnValue, arg: Value): Value {
  const i = domainIndex(f, arg);
  if (i < 0) {
    const tlc = f.domain === null && f.values.length > 0 ? tlcTupleOutside(f, arg) : tlcOutsideDomain(f, arg);
    return valueError('E3003', `attempted to apply the function ${formatValue(f)} to ${formatValue(arg)}, which is not in its domain`, 'check DOMAIN before applying, or widen the function', tlc);
  }
  return f.values[i]!;
}

/** [f EXCEPT ![arg] = value]; f itself when arg is outside the domain, as the TLA+ definition gives. */
export function except(f: FcnValue, arg: Value, value: Value): FcnValue {
  const i = domainIndex(f, arg);
  return i < 0 ? f : exceptAt(f, i, value);
}

/** f with its value at domain index `i` replaced (EXCEPT once the argument has been looked up). */
export function exceptAt(f: FcnValue, i: number, value: Value): FcnValue {
  if (f.values[i] === value) return f;
  const values = f.values.slice();
  values[i] = value;
  const g = new FcnValue(f.domain, values);
  hashExcept(g, f, i);
  return g;
}

/** d :> e, the one-point function. */
export function singletonFcn(key: Value, value: Value): FcnValue {
  return fcnFromSortedDomain([key], [value]);
}

/** f @@ g: f's values where defined, g's elsewhere. */
export function mergeFcns(f: FcnValue, g: FcnValue): FcnValue {
  const pairs: (readonly [Value, Value])[] = [];
  for (let i = 0; i < f.values.length; i++) pairs.push([f.domain === null ? i + 1 : f.domain[i]!, f.values[i]!]);
  for (let i = 0; i < g.values.length; i++) pairs.push([g.domain === null ? i + 1 : g.domain[i]!, g.values[i]!]);
  // fcnFromPairs keeps the first of equal keys and Array.prototype.sort is stable, so f wins.
  return fcnFromPairs(pairs);
}
