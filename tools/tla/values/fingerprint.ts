// 64-bit fingerprints of values and states, computed on the canonical form so that equal values
// fingerprint equally whatever their construction (a lazy set hashes as its enumeration).
// Two 32-bit murmur3-style lanes over one stream; compound values cache their hash. A function's
// hash is instead a sum of one term per position (`hashFcn`), so that an EXCEPT updates it.
import { toEnumSet } from './sets.js';
import type { FcnValue, EnumSet, HashCache, ModelValue, Value } from './value.js';

const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_INT = 3;
const TAG_STRING = 4;
const TAG_MODEL = 5;
const TAG_SET = 6;
const TAG_STATE = 8;
const TAG_DOMAIN = 9;
const TAG_BOOL = 10;

const SEED_HI = 0x2545f491;
const SEED_LO = 0x6b43a9b5;

let hi = SEED_HI;
let lo = SEED_LO;

function mix(k: number): void {
  let a = Math.imul(k, 0xcc9e2d51);
  a = (a << 15) | (a >>> 17);
  a = Math.imul(a, 0x1b873593);
  lo ^= a;
  lo = (lo << 13) | (lo >>> 19);
  lo = (Math.imul(lo, 5) + 0xe6546b64) | 0;
  let b = Math.imul(k ^ 0x7f4a7c15, 0x85ebca6b);
  b = (b << 17) | (b >>> 15);
  b = Math.imul(b, 0xc2b2ae35);
  hi ^= b;
  hi = (hi << 11) | (hi >>> 21);
  hi = (Math.imul(hi, 9) + 0x52dce729) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function finish(): void {
  const h = fmix(hi ^ lo);
  const l = fmix(lo + Math.imul(hi, 0x9e3779b9));
  hi = h;
  lo = l;
}

/** Two UTF-16 code units per mixing round: strings (record fields, model value names) are hashed often. */
function mixString(s: string): void {
  const n = s.length;
  mix(n);
  let i = 0;
  for (; i + 1 < n; i += 2) mix(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) mix(s.charCodeAt(i));
}

/** A value's 64-bit hash as its two halves. */
interface Hash64 {
  hi: number;
  lo: number;
}

/**
 * A string's own 64-bit hash, computed once: the strings of a state (pc labels, record fields,
 * message types) recur in every state, and hashing their characters each time was the largest part
 * of fingerprinting (Slush: a third of it). Bounded, for specs that build ever-new strings.
 */
const stringHashes = new Map<string, Hash64>();
const maxCachedStrings = 1 << 16;

function stringHash(s: string): Hash64 {
  return stringHashes.get(s) ?? hashNewString(s);
}

/**
 * A string's hash computed (stringHash's miss): a function of its own, since one that makes a
 * closure allocates what it captures at every call, cache hits too.
 */
function hashNewString(s: string): Hash64 {
  const h = hashApart(() => {
    mix(TAG_STRING);
    mixString(s);
  });
  if (stringHashes.size < maxCachedStrings) stringHashes.set(s, h);
  return h;
}

function mixStringValue(s: string): void {
  const h = stringHash(s);
  mix(h.hi);
  mix(h.lo);
}

/**
 * The hash of what `mixAll` mixes, from the seeds, leaving the hash being computed as it was: for
 * the parts hashed once and cached (a string, a domain). mixCached, on the hot path, does the same
 * inline.
 */
function hashApart(mixAll: () => void): Hash64 {
  const outerHi = hi;
  const outerLo = lo;
  hi = SEED_HI;
  lo = SEED_LO;
  mixAll();
  finish();
  const h = { hi, lo };
  hi = outerHi;
  lo = outerLo;
  return h;
}

/**
 * The hash of a function's domain, computed once per domain array: functions built by EXCEPT share
 * their argument's array, and records of one shape share theirs, so hashing the domain element by
 * element in every new function was up to half of fingerprinting (btree's 32-pair domains, record
 * field names). A function's hash starts from this (hashFcn). A domain is hashed from its elements,
 * so equal domains hash equally whichever array holds them; 1..n (stored as null) as the integers.
 */
const domainHashes = new WeakMap<readonly Value[], Hash64>();
const sequenceDomainHashes: Hash64[] = [];
/** The domain hashed last and its hash: most new functions in a row share one domain (a state's EXCEPTs). */
let lastDomain: readonly Value[] | null = null;
let lastDomainHash: Hash64 = { hi: 0, lo: 0 };

function domainHash(domain: readonly Value[] | null, n: number): Hash64 {
  if (domain === null) return sequenceDomainHashes[n] ?? (sequenceDomainHashes[n] = hashDomain(null, n));
  if (domain === lastDomain) return lastDomainHash;
  let h = domainHashes.get(domain);
  if (h === undefined) {
    h = hashDomain(domain, n);
    domainHashes.set(domain, h);
  }
  lastDomain = domain;
  lastDomainHash = h;
  return h;
}

function hashDomain(domain: readonly Value[] | null, n: number): Hash64 {
  return hashApart(() => {
    mix(TAG_DOMAIN);
    mix(n);
    for (let i = 0; i < n; i++) mixValue(domain === null ? i + 1 : domain[i]!);
  });
}

/**
 * Mixes in a compound value's hash, computed on its own into its cache the first time. Model values
 * too: interned, so each name is hashed once rather than in every state holding it.
 */
function mixCached(v: (FcnValue | EnumSet | ModelValue) & HashCache): void {
  if (!v.hashed) hashCompound(v);
  mix(v.hashHi);
  mix(v.hashLo);
}

/** Fills a compound value's cache; the hash being computed is left as it was. */
function hashCompound(v: (FcnValue | EnumSet | ModelValue) & HashCache): void {
  if (v.kind === 'fcn') {
    hashFcn(v);
    return;
  }
  const outerHi = hi;
  const outerLo = lo;
  hi = SEED_HI;
  lo = SEED_LO;
  if (v.kind === 'model') {
    mix(TAG_MODEL);
    mixString(v.name);
  } else {
    mix(TAG_SET);
    mix(v.elems.length);
    for (const e of v.elems) mixValue(e);
  }
  finish();
  v.hashHi = hi;
  v.hashLo = lo;
  v.hashed = true;
  hi = outerHi;
  lo = outerLo;
}

/**
 * A function's hash: its domain's hash (which holds its size) plus, for each position i, a term of i
 * and the hash of the value there, in each 32-bit half apart. A sum, unlike the stream of the rest,
 * so that [f EXCEPT ![x] = v] of a hashed f takes f's hash less one term plus another (`hashExcept`)
 * instead of hashing every value again: TwoPhase's rmState, SimpleRegular's x, y and pc are EXCEPTs
 * of 7 or 8 values in nearly every successor. The term is a bijection of the value's 64-bit hash for
 * each position, so functions that differ at one position never hash alike.
 */
function hashFcn(f: FcnValue): void {
  const n = f.values.length;
  const d = domainHash(f.domain, n);
  let sumHi = d.hi;
  let sumLo = d.lo;
  for (let i = 0; i < n; i++) {
    valueWords(f.values[i]!);
    term(i);
    sumHi = (sumHi + termHi) | 0;
    sumLo = (sumLo + termLo) | 0;
  }
  f.hashHi = sumHi;
  f.hashLo = sumLo;
  f.hashed = true;
}

/**
 * `g`, which is `f` with the value at position `i` replaced (functions.ts `exceptAt`), hashed from
 * f's hash when f has one and the new value's own hash is at hand (a primitive, or a value hashed
 * already): an EXCEPT whose result no state keeps hashes nothing new.
 */
export function hashExcept(g: FcnValue, f: FcnValue, i: number): void {
  const value = g.values[i]!;
  if (!f.hashed || (typeof value === 'object' && (value.kind === 'model' || value.kind === 'fcn' || value.kind === 'enum' ? !value.hashed : true))) return;
  valueWords(f.values[i]!);
  term(i);
  const restHi = f.hashHi - termHi;
  const restLo = f.hashLo - termLo;
  valueWords(value);
  term(i);
  g.hashHi = (restHi + termHi) | 0;
  g.hashLo = (restLo + termLo) | 0;
  g.hashed = true;
}

/** 32 bits of a value's own hash (for tables keyed by values); a compound value's is cached. */
export function valueHash32(v: Value): number {
  valueWords(v);
  return wordHi ^ Math.imul(wordLo, 0x9e3779b1);
}

/** A value's own 64-bit hash, left in (wordHi, wordLo); compound values' from their cache. */
let wordHi = 0;
let wordLo = 0;

function valueWords(v: Value): void {
  switch (typeof v) {
    case 'boolean':
      wordHi = v ? TAG_TRUE : TAG_FALSE;
      wordLo = TAG_BOOL;
      return;
    case 'number':
      wordHi = v;
      wordLo = TAG_INT;
      return;
    case 'string': {
      const h = stringHash(v);
      wordHi = h.hi;
      wordLo = h.lo;
      return;
    }
  }
  const c = v.kind === 'model' || v.kind === 'fcn' || v.kind === 'enum' ? v : toEnumSet(v);
  if (!c.hashed) hashCompound(c);
  wordHi = c.hashHi;
  wordLo = c.hashLo;
}

/**
 * The term of position i with value words (wordHi, wordLo), left in (termHi, termLo): three
 * invertible steps, each mixing one half with the other (so a bijection of the words for a given i).
 */
let termHi = 0;
let termLo = 0;

function term(i: number): void {
  let a = wordHi ^ Math.imul(i + 1, 0x9e3779b1);
  let b = wordLo ^ Math.imul(i + 1, 0x7feb352d);
  a = fmix((a + Math.imul(b, 0xcc9e2d51)) | 0);
  b = fmix(b ^ a);
  termHi = fmix((a + b) | 0);
  termLo = b;
}

function mixValue(v: Value): void {
  switch (typeof v) {
    case 'boolean':
      mix(v ? TAG_TRUE : TAG_FALSE);
      return;
    case 'number':
      mix(TAG_INT);
      mix(v);
      return;
    case 'string':
      mixStringValue(v);
      return;
  }
  switch (v.kind) {
    case 'model':
    case 'fcn':
    case 'enum':
      mixCached(v);
      return;
    default:
      mixCached(toEnumSet(v));
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The two halves as one signed 64-bit bigint (one allocation, unlike shifting and or-ing bigints):
 * signed as the fingerprint table stores keys, so that `fingerprintKey` allocates no second bigint.
 */
function toBigInt(h: number, l: number): bigint {
  scratch.setUint32(0, h);
  scratch.setUint32(4, l);
  return scratch.getBigInt64(0);
}

/** The 64-bit fingerprint of one value. */
export function fingerprint(v: Value): bigint {
  hi = SEED_HI;
  lo = SEED_LO;
  mixValue(v);
  finish();
  return toBigInt(hi, lo);
}

/**
 * The same hashing, for hashes composed elsewhere (symmetry.ts): `startHash`, `mixWord` for each
 * 32-bit word, `finishHash`; or `hashValue(v)`, v's fingerprint as two halves. Either leaves the
 * result in `hashed`, which the next call overwrites.
 */
export const hashed = { hi: 0, lo: 0 };

export function startHash(tag: number): void {
  hi = SEED_HI;
  lo = SEED_LO;
  mix(tag);
}

export const mixWord = mix;

export function finishHash(): void {
  finish();
  hashed.hi = hi;
  hashed.lo = lo;
}

export function hashValue(v: Value): void {
  hi = SEED_HI;
  lo = SEED_LO;
  mixValue(v);
  finishHash();
}

export function hashToBigInt(h: number, l: number): bigint {
  return toBigInt(h, l);
}

/** The 64-bit fingerprint of a state: its variables' values in order. */
export function fingerprintState(values: readonly Value[]): bigint {
  hi = SEED_HI;
  lo = SEED_LO;
  mix(TAG_STATE);
  mix(values.length);
  for (const v of values) mixValue(v);
  finish();
  return toBigInt(hi, lo);
}
