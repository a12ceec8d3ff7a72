// Structured-clone-able encoding of values, so that states can cross worker threads. Primitives
// stay as they are; compound values become small tagged arrays; decoding restores canonical form.
import { FcnValue, EnumSet, FcnSet, InfiniteSet, IntervalSet, ProductSet, RecordSet, SeqSet, SubsetSet, modelValue, type SetValue, type Value } from './value.js';

export type EncodedValue = boolean | number | string | EncodedCompound;
type EncodedCompound =
  | ['m', string]
  | ['f', EncodedValue[] | null, EncodedValue[]]
  | ['s', EncodedValue[]]
  | ['i', number, number]
  | ['inf', 'Nat' | 'Int' | 'STRING']
  | ['P', EncodedValue]
  | ['F', EncodedValue, EncodedValue]
  | ['R', string[], EncodedValue[]]
  | ['X', EncodedValue[]]
  | ['Q', EncodedValue];

export function encodeValue(v: Value): EncodedValue {
  if (typeof v !== 'object') return v;
  switch (v.kind) {
    case 'model':
      return ['m', v.name];
    case 'fcn':
      return ['f', v.domain === null ? null : v.domain.map(encodeValue), v.values.map(encodeValue)];
    case 'enum':
      return ['s', v.elems.map(encodeValue)];
    case 'interval':
      return ['i', v.lo, v.hi];
    case 'infinite':
      return ['inf', v.name];
    case 'subset':
      return ['P', encodeValue(v.base)];
    case 'fcnset':
      return ['F', encodeValue(v.domain), encodeValue(v.range)];
    case 'rcdset':
      return ['R', [...v.names], v.sets.map(encodeValue)];
    case 'product':
      return ['X', v.sets.map(encodeValue)];
    case 'seqset':
      return ['Q', encodeValue(v.base)];
  }
}

function decodeSet(e: EncodedValue): SetValue {
  return decodeValue(e) as SetValue;
}

/** Inverse of encodeValue; the input must come from encodeValue (it is trusted, not validated). */
export function decodeValue(e: EncodedValue): Value {
  if (!Array.isArray(e)) return e;
  switch (e[0]) {
    case 'm':
      return modelValue(e[1]);
    case 'f':
      return new FcnValue(e[1] === null ? null : e[1].map(decodeValue), e[2].map(decodeValue));
    case 's':
      return new EnumSet(e[1].map(decodeValue));
    case 'i':
      return new IntervalSet(e[1], e[2]);
    case 'inf':
      return new InfiniteSet(e[1]);
    case 'P':
      return new SubsetSet(decodeSet(e[1]));
    case 'F':
      return new FcnSet(decodeSet(e[1]), decodeSet(e[2]));
    case 'R':
      return new RecordSet(e[1], e[2].map(decodeSet));
    case 'X':
      return new ProductSet(e[1].map(decodeSet));
    case 'Q':
      return new SeqSet(decodeSet(e[1]));
  }
}
