// Sequences: Seq, Len, \o, Append, Head, Tail, SubSeq, SelectSeq (whose Test is a callback).
import { formatTlcValue, formatValue, seqSet, tlcCoded, tuple, valueError, type Value } from '../values/index.js';
import { boolResult, intArg, operatorArg, seqArg, setArg, valueArg } from './args.js';
import type { StdArg, StdOperator } from './std-operator.js';

/**
 * SubSeq(s, m, n): `<< >>` when m > n, else s[m..n], which must lie within 1..Len(s). `tlcSeq`: the
 * sequence TLC names when it reports the bound outside it (SubSeq's own words, m checked first).
 */
export function subSeq(s: readonly Value[], m: number, n: number, tlcSeq?: Value): readonly Value[] {
  if (m > n) return [];
  if (m < 1 || n > s.length) {
    const [which, bound] = m < 1 || m > s.length ? ['second', m] : ['third', n];
    const tlc = tlcSeq === undefined ? undefined : tlcCoded(`The ${which} argument of SubSeq must be in the domain of its first argument:\n${formatTlcValue(tlcSeq)}\n, but instead it is\n${bound}`);
    valueError('E3003', `SubSeq(s, ${m}, ${n}) reaches outside 1..Len(s) = 1..${s.length}`, 'SubSeq(s, m, n) needs 1 <= m and n <= Len(s) when m <= n', tlc);
  }
  return s.slice(m - 1, n);
}

// TLC treats a string as the sequence of its characters in Len, \o (both operands strings), Tail and
// SubSeq, and nowhere else (measured: Head("abc") and Append("ab", "c") are errors in TLC).
/** The argument when it is a string (Len, \o, Tail and SubSeq take it as its characters), else undefined. */
function stringOrUndefined(op: string, args: StdArg[], i: number): string | undefined {
  const v = valueArg(op, args, i);
  return typeof v === 'string' ? v : undefined;
}

/** \o's second operand when its first is a string. */
function concatenatedString(args: StdArg[]): string {
  const v = valueArg('\\o', args, 1);
  if (typeof v === 'string') return v;
  return valueError('E3001', `the second argument of \\o must be a string, as the first is, but it is ${formatValue(v)}`, 'a string concatenates only with a string');
}

export const sequences: Record<string, StdOperator> = {
  Seq: { arity: 1, call: (args) => seqSet(setArg('Seq', args, 0)) },
  Len: { arity: 1, call: (args) => (stringOrUndefined('Len', args, 0) ?? seqArg('Len', args, 0)).length },
  '\\o': {
    arity: 2,
    call: (args, ctx) => {
      const first = stringOrUndefined('\\o', args, 0);
      return first !== undefined ? ctx.strings.made(first + concatenatedString(args)) : tuple([...seqArg('\\o', args, 0), ...seqArg('\\o', args, 1)]);
    },
  },
  Append: {
    arity: 2,
    call: (args) => {
      return tuple([...seqArg('Append', args, 0), valueArg('Append', args, 1)]);
    },
  },
  Head: {
    arity: 1,
    call: (args) => {
      const s = seqArg('Head', args, 0);
      if (s.length === 0) valueError('E3003', 'attempted to apply Head to the empty sequence', undefined, tlcCoded('Attempted to apply Head to the empty sequence.'));
      return s[0]!;
    },
  },
  Tail: {
    arity: 1,
    call: (args, ctx) => {
      const s = stringOrUndefined('Tail', args, 0) ?? seqArg('Tail', args, 0);
      if (s.length === 0) valueError('E3003', 'attempted to apply Tail to the empty sequence', undefined, tlcCoded('Attempted to apply Tail to the empty sequence.'));
      return typeof s === 'string' ? ctx.strings.made(s.slice(1)) : tuple(s.slice(1));
    },
  },
  SubSeq: {
    arity: 3,
    call: (args, ctx) => {
      const [m, n] = [intArg('SubSeq', args, 1), intArg('SubSeq', args, 2)];
      const chars = stringOrUndefined('SubSeq', args, 0);
      if (chars !== undefined) return ctx.strings.made(subSeq(chars.split(''), m, n).join(''));
      return tuple(subSeq(seqArg('SubSeq', args, 0), m, n, args[0] as Value));
    },
  },
  SelectSeq: {
    arity: 2,
    call: (args) => {
      const s = seqArg('SelectSeq', args, 0);
      const test = operatorArg('SelectSeq', args, 1);
      return tuple(s.filter((x) => boolResult('SelectSeq', test(x))));
    },
  },
};
