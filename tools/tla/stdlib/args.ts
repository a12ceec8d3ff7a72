// Argument checks shared by the standard modules: each names the operator and the argument's place,
// so that a type error reads "the second argument of Append must be a sequence".
import { asFcn, asSet, describeKind, formatTlcValue, formatValue, isFcn, isSet, membershipSet, tlcCoded, tlcGeneral, tlcJavaOverride, tlcKindAndValue, valueError, type FcnValue, type SetValue, type Value } from '../values/index.js';
import type { TlcWording } from '../diagnostics.js';
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

/** The operators whose non-integer argument TLC words itself (tlc2/module/Naturals.java); of +, -, * and .. it reports a Java cast. */
const tlcWordedComparisons = new Set(['<', '>', '<=', '>=']);

/** The Java methods TLC runs for binary +, -, * and .., with their result's class: Integers' (a default run loads Integers, with its trace module). */
const javaMethods: Record<string, [string, string]> = { '+': ['Plus', 'IntValue'], '-': ['Minus', 'IntValue'], '*': ['Times', 'IntValue'], '..': ['DotDot', 'IntervalValue'] };

/**
 * The Java class of TLC's value for `v`, where ours has one form for it (a set written `{1}` is a
 * SetEnumValue). Ours has one form for TLC's tuples, records and functions: a function on 1..n is
 * taken for a TupleValue (`<<1, 2>>`, Append's), one on strings for a RecordValue, any other for a
 * FcnRcdValue, which `[i \in 1..2 |-> i]` and `[s \in {"a"} |-> 1]` are in TLC.
 */
function javaClass(v: Value): string | undefined {
  if (typeof v === 'string') return 'StringValue';
  if (typeof v === 'boolean') return 'BoolValue';
  if (typeof v !== 'object') return undefined;
  switch (v.kind) {
    case 'model':
      return 'ModelValue';
    case 'interval':
      return 'IntervalValue';
    case 'enum':
      return 'SetEnumValue';
    case 'fcn':
      if (v.domain === null) return 'TupleValue';
      return v.domain.every((d) => typeof d === 'string') ? 'RecordValue' : 'FcnRcdValue';
    default:
      return undefined;
  }
}

/** TLC's words for a non-integer argument of `op`, when it has them. */
function tlcNonInteger(op: string, args: StdArg[], i: number, v: Value): TlcWording | undefined {
  if (tlcWordedComparisons.has(op)) return tlcCoded(`The ${ordinals[i]} argument of ${op} should be an integer, but instead it is:\n${formatTlcValue(v)}`);
  const method = args.length === 2 ? javaMethods[op] : undefined;
  const cls = javaClass(v);
  if (method === undefined || cls === undefined) return undefined;
  return tlcJavaOverride(
    'Attempted to apply the operator overridden by the Java method\n' +
      `public static tlc2.value.impl.${method[1]} tlc2.module.Integers.${method[0]}(tlc2.value.impl.IntValue,tlc2.value.impl.IntValue),\n` +
      `but it produced the following error:\nCannot cast tlc2.value.impl.${cls} to tlc2.value.impl.IntValue`,
  );
}

export function intArg(op: string, args: StdArg[], i: number): number {
  const v = valueArg(op, args, i);
  if (typeof v !== 'number') return valueError('E3001', `${place(op, i)} must be an integer, but it is ${describeKind(v)}: ${formatValue(v)}`, undefined, tlcNonInteger(op, args, i, v));
  return v;
}

/** TLC's `(an integer)` in its words for an operator applied to a value of the wrong kind, where its kind reads as ours (getKindString). */
function tlcKind(v: Value): string | undefined {
  if (typeof v === 'number' || typeof v === 'string') return describeKind(v);
  if (typeof v === 'boolean') return 'a Boolean value';
  return typeof v === 'object' && v.kind === 'enum' ? 'a set of the form {e1, ... ,eN}' : undefined;
}

/** TLC's words for `~v` of a non-boolean v, naming the negation. */
export function tlcNegationWords(v: Value): TlcWording | undefined {
  const kind = tlcKind(v);
  return kind === undefined ? undefined : tlcGeneral(`Attempted to apply the operator ~ to a non-boolean\n(${kind})`, 'error');
}

export function boolArg(op: string, args: StdArg[], i: number): boolean {
  const v = valueArg(op, args, i);
  if (typeof v !== 'boolean') return valueError('E3001', `${place(op, i)} must be a boolean, but it is ${describeKind(v)}: ${formatValue(v)}`, undefined, op === '~' ? tlcNegationWords(v) : undefined);
  return v;
}

// The place is named only for the error: a string per call was a few % of a search's garbage.
export function setArg(op: string, args: StdArg[], i: number): SetValue {
  const v = valueArg(op, args, i);
  if (isSet(v)) return v;
  // SUBSET of a non-set fails when TLC fingerprints the lazy SubsetValue it made (its size); measured on an integer.
  const tlc = op === 'SUBSET' && typeof v === 'number' ? { ...tlcGeneral(`Attempted to compute the number of elements in ${tlcKindAndValue(v)!}.`), fingerprint: true as const } : undefined;
  return asSet(v, place(op, i), tlc);
}

/** The set of `e \in S` (`\in` or `\notin`: args[1], its element args[0]). */
export function memberSetArg(op: string, args: StdArg[]): SetValue {
  const v = valueArg(op, args, 1);
  return isSet(v) ? v : membershipSet(valueArg(op, args, 0), v, place(op, 1));
}

export function fcnArg(op: string, args: StdArg[], i: number): FcnValue {
  const v = valueArg(op, args, i);
  if (isFcn(v)) return v;
  const kind = op === 'DOMAIN' ? tlcKind(v) : undefined;
  return asFcn(v, place(op, i), kind === undefined ? undefined : tlcGeneral(`Attempted to apply the operator DOMAIN to a non-function\n(${kind})`, 'error'));
}

/** A sequence: a function whose domain is 1..n (canonical form: domain null). */
export function seqArg(op: string, args: StdArg[], i: number): readonly Value[] {
  const v = valueArg(op, args, i);
  if (typeof v === 'object' && v.kind === 'fcn' && v.domain === null) return v.values;
  const words = tlcNonSequence[op]?.[i];
  return valueError('E3001', `${place(op, i)} must be a sequence, but it is ${describeKind(v)}: ${formatValue(v)}`, undefined, words && tlcCoded(words(formatTlcValue(v))));
}

/** TLC's words for an argument of a Sequences operator that is not a sequence, by its place (tlc2/module/Sequences.java), measured. */
const tlcNonSequence: Record<string, ((v: string) => string)[]> = {
  Len: [(v) => `The argument of Len should be a sequence, but instead it is:\n${v}`],
  Head: [(v) => `The argument of Head should be a sequence, but instead it is:\n${v}`],
  Tail: [(v) => `The argument of Tail should be a sequence, but instead it is:\n${v}`],
  SubSeq: [(v) => `The first argument of SubSeq should be a sequence, but instead it is:\n${v}`],
  Append: [(v) => `Evaluating an expression of the form Append(s, v) when s is not a sequence:\n${v}`],
  // TLC names the second operand s too, the first t.
  '\\o': [(v) => `Evaluating an expression of the form s \\o t when s is not a sequence:\n${v}`, (v) => `Evaluating an expression of the form t \\o s when s is not a sequence:\n${v}`],
};

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
