// Argument checks shared by the standard modules: each names the operator and the argument's place,
// so that a type error reads "the second argument of Append must be a sequence".
import { asFcn, asSet, describeKind, formatValue, isFcn, isSet, tlcCoded, valueError, type FcnValue, type SetValue, type Value } from '../values/index.js';
import type { OperatorCallback, StdArg } from './std-operator.js';

const ordinals = ['first', 'second', 'third', 'fourth'];

function place(op: string, i: number): string {
  return `the ${ordinals[i] ?? `#${i + 1}`} argument of ${op}`;
}

export function valueArg(op: string, args: StdArg[], i: number): Value {
  const a = args[i];
  if (typeof a === 'function' || a === undefined) return valueError('E3001', `${place(op, i)} must be a value, not an operator`);
  return a;
}

/** The operators whose non-integer argument TLC words itself (tlc2/module/Naturals.java); of +, - and * it reports a Java cast. */
const tlcWordedComparisons = new Set(['<', '>', '<=', '>=']);

export function intArg(op: string, args: StdArg[], i: number): number {
  const v = valueArg(op, args, i);
  if (typeof v !== 'number') {
    const tlc = tlcWordedComparisons.has(op) ? tlcCoded(`The ${ordinals[i]} argument of ${op} should be an integer, but instead it is:\n${formatValue(v)}`) : undefined;
    return valueError('E3001', `${place(op, i)} must be an integer, but it is ${describeKind(v)}: ${formatValue(v)}`, undefined, tlc);
  }
  return v;
}

export function boolArg(op: string, args: StdArg[], i: number): boolean {
  const v = valueArg(op, args, i);
  if (typeof v !== 'boolean') return valueError('E3001', `${place(op, i)} must be a boolean, but it is ${describeKind(v)}: ${formatValue(v)}`);
  return v;
}

// The place is named only for the error: a string per call was a few % of a search's garbage.
export function setArg(op: string, args: StdArg[], i: number): SetValue {
  const v = valueArg(op, args, i);
  return isSet(v) ? v : asSet(v, place(op, i));
}

export function fcnArg(op: string, args: StdArg[], i: number): FcnValue {
  const v = valueArg(op, args, i);
  return isFcn(v) ? v : asFcn(v, place(op, i));
}

/** A sequence: a function whose domain is 1..n (canonical form: domain null). */
export function seqArg(op: string, args: StdArg[], i: number): readonly Value[] {
  const v = valueArg(op, args, i);
  if (typeof v === 'object' && v.kind === 'fcn' && v.domain === null) return v.values;
  return valueError('E3001', `${place(op, i)} must be a sequence, but it is ${describeKind(v)}: ${formatValue(v)}`);
}

export function operatorArg(op: string, args: StdArg[], i: number): OperatorCallback {
  const a = args[i];
  if (typeof a !== 'function') return valueError('E3001', `${place(op, i)} must be an operator`);
  return a;
}

/** The result of a callback that must be a boolean (a predicate such as SelectSeq's Test). */
export function boolResult(op: string, v: Value): boolean {
  if (typeof v !== 'boolean') return valueError('E3001', `the operator argument of ${op} must return a boolean, but returned ${formatValue(v)}`);
  return v;
}

/** TLC's integers are 32-bit: a result outside that range is an overflow (E3002). */
export function checkedInt(op: string, n: number): number {
  if (n > 2147483647 || n < -2147483648) {
    return valueError('E3002', `overflow computing ${op}: ${n} is outside TLC's 32-bit integers`, 'TLC integers range over -2^31..2^31-1; use smaller constants');
  }
  return n;
}
