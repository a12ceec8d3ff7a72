// Many states at once for crossing threads: one Int32Array of tagged words plus a table of strings,
// written straight from values (no intermediate arrays, no JSON). Within a batch a function or set
// met twice (siblings share the variables their action left unchanged) is sent once and decoded
// into one shared object; record domains are sent once per batch and strings once per batch.
import { EnumSet, FcnValue, modelValue, type Value } from './value.js';
import { decodeValue, encodeValue, shareDomain, internString, type EncodedValue } from './encode.js';

/** A batch of encoded states: structured-clone-able (the words copy as one block). */
export interface EncodedBatch {
  words: Int32Array;
  strings: string[];
  /** Values of the rare kinds (lazy sets, integers outside 32 bits) in encode.ts's tagged form. */
  others: EncodedValue[];
}

const enum Tag {
  False,
  True,
  Int,
  String,
  Model,
  /** A tuple or sequence (domain 1..n). */
  Sequence,
  /** A function with an explicit domain (records included), its domain by index in the batch. */
  Function,
  Set,
  /** A function or set encoded earlier in the batch, by index. */
  Repeat,
  Other,
}

class WordWriter {
  words = new Int32Array(4096);
  length = 0;
  push(word: number): void {
    if (this.length === this.words.length) {
      const bigger = new Int32Array(this.words.length * 2);
      bigger.set(this.words);
      this.words = bigger;
    }
    this.words[this.length++] = word;
  }
}

class BatchEncoder {
  readonly out = new WordWriter();
  readonly strings: string[] = [];
  readonly others: EncodedValue[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly compoundIndex = new Map<object, number>();
  private compounds = 0;
  private readonly domainIndex = new Map<readonly Value[], number>();

  private string(s: string): number {
    let index = this.stringIndex.get(s);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, index);
    }
    return index;
  }

  private hash(v: FcnValue | EnumSet): void {
    if (v.hashed) {
      this.out.push(1);
      this.out.push(v.hashHi);
      this.out.push(v.hashLo);
    } else this.out.push(0);
  }

  value(v: Value): void {
    const out = this.out;
    switch (typeof v) {
      case 'boolean':
        out.push(v ? Tag.True : Tag.False);
        return;
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          out.push(Tag.Int);
          out.push(v);
          return;
        }
        break;
      case 'string':
        out.push(Tag.String);
        out.push(this.string(v));
        return;
      default:
        if (v.kind === 'model') {
          out.push(Tag.Model);
          out.push(this.string(v.name));
          return;
        }
        if (v.kind === 'fcn' || v.kind === 'enum') {
          const seen = this.compoundIndex.get(v);
          if (seen !== undefined) {
            out.push(Tag.Repeat);
            out.push(seen);
            return;
          }
          this.compoundIndex.set(v, this.compounds++);
          if (v.kind === 'enum') {
            out.push(Tag.Set);
            this.hash(v);
            this.values(v.elems);
          } else if (v.domain === null) {
            out.push(Tag.Sequence);
            this.hash(v);
            this.values(v.values);
          } else {
            out.push(Tag.Function);
            this.hash(v);
            this.domain(v.domain);
            this.values(v.values);
          }
          return;
        }
    }
    out.push(Tag.Other);
    out.push(this.others.length);
    this.others.push(encodeValue(v));
  }

  private values(list: readonly Value[]): void {
    this.out.push(list.length);
    for (let i = 0; i < list.length; i++) this.value(list[i]!);
  }

  /** A domain's index; the first time, the domain itself follows it. */
  private domain(domain: readonly Value[]): void {
    const seen = this.domainIndex.get(domain);
    if (seen !== undefined) return this.out.push(seen);
    const index = this.domainIndex.size;
    this.domainIndex.set(domain, index);
    this.out.push(index);
    this.values(domain);
  }
}

/** Encodes states (each an array of values, one per variable). */
export function encodeStateBatch(states: readonly (readonly Value[])[]): EncodedBatch {
  const encoder = new BatchEncoder();
  encoder.out.push(states.length);
  for (const state of states) {
    encoder.out.push(state.length);
    for (const v of state) encoder.value(v);
  }
  return { words: encoder.out.words.slice(0, encoder.out.length), strings: encoder.strings, others: encoder.others };
}

class BatchDecoder {
  private at = 0;
  private readonly compounds: (FcnValue | EnumSet)[] = [];
  private readonly domains: (readonly Value[])[] = [];
  private readonly strings: string[];
  constructor(private readonly batch: EncodedBatch) {
    // Interned once per batch: the evaluator's literals are internalized strings, and equal but
    // distinct copies would compare character by character.
    this.strings = batch.strings.map(internString);
  }

  next(): number {
    return this.batch.words[this.at++]!;
  }

  private withHash<T extends FcnValue | EnumSet>(v: T, hashed: boolean, hi: number, lo: number): T {
    if (hashed) {
      v.hashHi = hi;
      v.hashLo = lo;
      v.hashed = true;
    }
    return v;
  }

  value(): Value {
    const tag = this.next() as Tag;
    switch (tag) {
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int:
        return this.next();
      case Tag.String:
        return this.strings[this.next()]!;
      case Tag.Model:
        return modelValue(this.strings[this.next()]!);
      case Tag.Repeat:
        return this.compounds[this.next()]!;
      case Tag.Other:
        return decodeValue(this.batch.others[this.next()]!);
      case Tag.Set:
      case Tag.Sequence:
      case Tag.Function: {
        // The index is taken before the parts, in the order the encoder numbered them.
        const index = this.compounds.length;
        this.compounds.push(null as unknown as FcnValue);
        const hashed = this.next() === 1;
        const hi = hashed ? this.next() : 0;
        const lo = hashed ? this.next() : 0;
        let v: FcnValue | EnumSet;
        if (tag === Tag.Set) v = new EnumSet(this.values());
        else if (tag === Tag.Sequence) v = new FcnValue(null, this.values());
        else {
          const domain = this.domain();
          v = new FcnValue(domain, this.values());
        }
        this.compounds[index] = this.withHash(v, hashed, hi, lo);
        return v;
      }
    }
  }

  values(): Value[] {
    const n = this.next();
    const list = new Array<Value>(n);
    for (let i = 0; i < n; i++) list[i] = this.value();
    return list;
  }

  private domain(): readonly Value[] {
    const index = this.next();
    if (index < this.domains.length) return this.domains[index]!;
    const domain = shareDomain(this.values());
    this.domains.push(domain);
    return domain;
  }
}

/** Inverse of encodeStateBatch; the input must come from it (trusted, not validated). */
export function decodeStateBatch(batch: EncodedBatch): Value[][] {
  const decoder = new BatchDecoder(batch);
  const count = decoder.next();
  const states = new Array<Value[]>(count);
  for (let i = 0; i < count; i++) states[i] = decoder.values();
  return states;
}
