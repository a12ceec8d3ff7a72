// Bags (multisets) as functions from elements to positive counts, as the Bags module defines them.
import {
  compareValues,
  domainSetOf,
  domainIndex,
  fcnFromPairs,
  fcnFromSortedDomain,
  finiteElements,
  setOf,
  valueError,
  type FcnValue,
  type Value,
} from '../values/index.js';
import { checkedInt, fcnArg, operatorArg, setArg, valueArg } from './args.js';
import type { StdArg, StdOperator } from './std-operator.js';

function domainAt(b: FcnValue, i: number): Value {
  return b.domain === null ? i + 1 : b.domain[i]!;
}

function bagArg(op: string, args: StdArg[], i: number): FcnValue {
  const b = fcnArg(op, args, i);
  for (const c of b.values) {
    if (typeof c !== 'number' || c <= 0) valueError('E3001', `the argument of ${op} must be a bag (counts are positive integers), but has count ${String(c)}`);
  }
  return b;
}

function copies(b: FcnValue, e: Value): number {
  const i = domainIndex(b, e);
  return i < 0 ? 0 : (b.values[i] as number);
}

/** A bag from element/count pairs: counts of equal elements summed, elements left with count <= 0 dropped. */
function bagFromCounts(pairs: [Value, number][]): FcnValue {
  pairs.sort(([a], [b]) => compareValues(a, b));
  const summed: [Value, number][] = [];
  for (const [e, c] of pairs) {
    const last = summed[summed.length - 1];
    if (last && compareValues(last[0], e) === 0) last[1] = checkedInt('bag count', last[1] + c);
    else summed.push([e, c]);
  }
  const kept = summed.filter(([, c]) => c > 0);
  return fcnFromSortedDomain(kept.map(([e]) => e), kept.map(([, c]) => c));
}

function entries(b: FcnValue): [Value, number][] {
  return b.values.map((c, i) => [domainAt(b, i), c as number]);
}

export const bags: Record<string, StdOperator> = {
  IsABag: {
    arity: 1,
    call: (args) => {
      const v = valueArg('IsABag', args, 0);
      return typeof v === 'object' && v.kind === 'fcn' && v.values.every((c) => typeof c === 'number' && c > 0);
    },
  },
  BagToSet: { arity: 1, call: (args) => domainSetOf(bagArg('BagToSet', args, 0)) },
  SetToBag: {
    arity: 1,
    call: (args) => {
      const elems = finiteElements(setArg('SetToBag', args, 0));
      return fcnFromSortedDomain(elems, elems.map(() => 1));
    },
  },
  BagIn: { arity: 2, call: (args) => copies(bagArg('BagIn', args, 1), valueArg('BagIn', args, 0)) > 0 },
  EmptyBag: { arity: 0, call: () => fcnFromSortedDomain([], []) },
  '(+)': { arity: 2, call: (args) => bagFromCounts([...entries(bagArg('(+)', args, 0)), ...entries(bagArg('(+)', args, 1))]) },
  '(-)': {
    arity: 2,
    call: (args) => bagFromCounts([...entries(bagArg('(-)', args, 0)), ...entries(bagArg('(-)', args, 1)).map(([e, c]): [Value, number] => [e, -c])]),
  },
  BagUnion: {
    arity: 1,
    call: (args) => bagFromCounts(finiteElements(setArg('BagUnion', args, 0)).flatMap((b) => entries(bagArg('BagUnion', [b], 0)))),
  },
  '\\sqsubseteq': {
    arity: 2,
    call: (args) => {
      const b2 = bagArg('\\sqsubseteq', args, 1);
      return entries(bagArg('\\sqsubseteq', args, 0)).every(([e, c]) => c <= copies(b2, e));
    },
  },
  SubBag: {
    arity: 1,
    call: (args) => {
      let subbags: [Value, number][][] = [[]];
      for (const [e, c] of entries(bagArg('SubBag', args, 0))) {
        const next: [Value, number][][] = [];
        for (const partial of subbags) for (let k = 0; k <= c; k++) next.push(k === 0 ? partial : [...partial, [e, k]]);
        subbags = next;
      }
      return setOf(subbags.map((pairs) => fcnFromPairs(pairs)));
    },
  },
  BagOfAll: {
    arity: 2,
    call: (args) => {
      const f = operatorArg('BagOfAll', args, 0);
      return bagFromCounts(entries(bagArg('BagOfAll', args, 1)).map(([e, c]): [Value, number] => [f(e), c]));
    },
  },
  BagCardinality: { arity: 1, call: (args) => checkedInt('BagCardinality', entries(bagArg('BagCardinality', args, 0)).reduce((n, [, c]) => n + c, 0)) },
  CopiesIn: { arity: 2, call: (args) => copies(bagArg('CopiesIn', args, 1), valueArg('CopiesIn', args, 0)) },
};
