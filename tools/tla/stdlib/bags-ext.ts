// The community module BagsExt: adding and removing one copy, and folds over bags (functions from
// elements to positive counts, as module Bags represents them).
import { apply, domainIndex, fcnFromPairs, valueError, type FcnValue, type Value } from '../values/index.js';
import { checkedInt, fcnArg, operatorArg, valueArg } from './args.js';
import { foldInOrder } from './folds.js';
import { domainOf } from './functions.js';
import type { OperatorCallback, StdOperator } from './std-operator.js';

function bagArg(op: string, args: Parameters<StdOperator['call']>[0], i: number): FcnValue {
  const b = fcnArg(op, args, i);
  for (const c of b.values) if (typeof c !== 'number' || c <= 0) valueError('E3001', `the argument of ${op} must be a bag (counts are positive integers)`);
  return b;
}

/** The bag b with the count of x replaced by `count(old)`; an element whose count reaches 0 leaves the domain. */
function withCount(b: FcnValue, x: Value, count: (old: number) => number): FcnValue {
  const pairs: [Value, number][] = b.values.map((c, i) => [domainOf(b)[i]!, c as number]);
  const i = domainIndex(b, x);
  if (i < 0) pairs.push([x, count(0)]);
  else pairs[i] = [x, count(pairs[i]![1])];
  return fcnFromPairs(pairs.filter(([, c]) => c > 0));
}

/** Folds op over every copy of every element: op(h(x1), op(h(x2), ... base)), h(x) applying op B[x] times to f(x) from base. */
function foldBag(op: OperatorCallback, base: Value, f: (x: Value) => Value, b: FcnValue): Value {
  const copiesFolded = (x: Value): Value => {
    let acc = base;
    for (let n = apply(b, x) as number; n > 0; n--) acc = op(acc, f(x));
    return acc;
  };
  return foldInOrder(op, base, copiesFolded, domainOf(b));
}

export const bagsExt: Record<string, StdOperator> = {
  // BagAdd(B, x): B with one more copy of x.
  BagAdd: { arity: 2, call: (args) => withCount(bagArg('BagAdd', args, 0), valueArg('BagAdd', args, 1), (c) => checkedInt('BagAdd', c + 1)) },
  // BagRemove(B, x): B with one copy of x less (B itself when x is not in B).
  BagRemove: { arity: 2, call: (args) => withCount(bagArg('BagRemove', args, 0), valueArg('BagRemove', args, 1), (c) => Math.max(0, c - 1)) },
  // BagRemoveAll(B, x): B without x.
  BagRemoveAll: { arity: 2, call: (args) => withCount(bagArg('BagRemoveAll', args, 0), valueArg('BagRemoveAll', args, 1), () => 0) },
  // MapThenFoldBag(op, base, f, choose, B): op over f of every copy in B; the module's definition
  // folds the elements in CHOOSE's order whatever `choose` says, and so does this.
  MapThenFoldBag: {
    arity: 5,
    call: (args) => {
      operatorArg('MapThenFoldBag', args, 3);
      return foldBag(operatorArg('MapThenFoldBag', args, 0), valueArg('MapThenFoldBag', args, 1), operatorArg('MapThenFoldBag', args, 2), bagArg('MapThenFoldBag', args, 4));
    },
  },
  // FoldBag(op, base, B): op over every copy in B.
  FoldBag: { arity: 3, call: (args) => foldBag(operatorArg('FoldBag', args, 0), valueArg('FoldBag', args, 1), (x) => x, bagArg('FoldBag', args, 2)) },
  // SumBag(B), ProductBag(B): of every copy in a bag of integers.
  SumBag: { arity: 1, call: (args) => foldBag((x, y) => checkedInt('SumBag', integer('SumBag', x) + integer('SumBag', y)), 0, (x) => x, bagArg('SumBag', args, 0)) },
  ProductBag: { arity: 1, call: (args) => foldBag((x, y) => checkedInt('ProductBag', integer('ProductBag', x) * integer('ProductBag', y)), 1, (x) => x, bagArg('ProductBag', args, 0)) },
};

function integer(op: string, v: Value): number {
  if (typeof v !== 'number') valueError('E3001', `${op} needs a bag of integers`);
  return v;
}
