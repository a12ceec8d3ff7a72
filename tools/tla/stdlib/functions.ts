// The community module Functions: restriction, range, inverse, injections, surjections,
// bijections and folds over a function's values. The folds take the arguments in TLC's order (strings
// by intern order), first to last, as TLC's Java overrides do.
import {
  apply,
  compareValues,
  domainSetOf,
  fcnFromPairs,
  fcnFromSortedDomain,
  fcnSet,
  inTlcOrder,
  finiteElements,
  formatValue,
  isMember,
  setOf,
  setSize,
  valueError,
  valuesEqual,
  type FcnValue,
  type SetValue,
  type Value,
} from '../values/index.js';
import { boolResult, checkedInt, fcnArg, operatorArg, setArg, valueArg } from './args.js';
import { foldLeft, tlcElements } from './folds.js';
import type { StdOperator } from './std-operator.js';

/** The elements of the domain of f, in TLC's order. */
export function domainOf(f: FcnValue): readonly Value[] {
  return f.domain ?? f.values.map((_, i) => i + 1);
}

/** The set of the values of f. */
export function rangeOf(f: FcnValue): SetValue {
  return setOf([...f.values]);
}

function isInjective(f: FcnValue): boolean {
  const sorted = [...f.values].sort(compareValues);
  return sorted.every((v, i) => i === 0 || compareValues(sorted[i - 1]!, v) !== 0);
}

/** The functions in [S -> T] satisfying `keep`. */
function functionsWhere(s: SetValue, t: SetValue, keep: (f: FcnValue) => boolean): SetValue {
  return setOf(finiteElements(fcnSet(s, t)).filter((f) => keep(f as FcnValue)));
}

function coversAll(f: FcnValue, t: SetValue): boolean {
  return setSize(rangeOf(f)) === setSize(t);
}

/** [x \in xs |-> f[x]], xs in TLC's order. */
function restrictTo(f: FcnValue, xs: readonly Value[]): FcnValue {
  return fcnFromSortedDomain(xs, xs.map((x) => apply(f, x)));
}

export const functions: Record<string, StdOperator> = {
  // Restrict(f, S): f with its domain cut down to S.
  Restrict: { arity: 2, call: (args) => restrictTo(fcnArg('Restrict', args, 0), finiteElements(setArg('Restrict', args, 1))) },
  // RestrictDomain(f, Test): f on the arguments satisfying Test.
  RestrictDomain: {
    arity: 2,
    call: (args) => {
      const f = fcnArg('RestrictDomain', args, 0);
      const test = operatorArg('RestrictDomain', args, 1);
      return restrictTo(f, domainOf(f).filter((x) => boolResult('RestrictDomain', test(x))));
    },
  },
  // RestrictValues(f, Test): f on the arguments whose value satisfies Test.
  RestrictValues: {
    arity: 2,
    call: (args) => {
      const f = fcnArg('RestrictValues', args, 0);
      const test = operatorArg('RestrictValues', args, 1);
      return restrictTo(f, domainOf(f).filter((x) => boolResult('RestrictValues', test(apply(f, x)))));
    },
  },
  // IsRestriction(f, g): f is g on a part of g's domain.
  IsRestriction: {
    arity: 2,
    call: (args) => {
      const f = fcnArg('IsRestriction', args, 0);
      const g = fcnArg('IsRestriction', args, 1);
      const gDomain = domainSetOf(g);
      return domainOf(f).every((x) => isMember(x, gDomain) && valuesEqual(apply(f, x), apply(g, x)));
    },
  },
  // Range(f): the set of f's values.
  Range: { arity: 1, call: (args) => rangeOf(fcnArg('Range', args, 0)) },
  // Inverse(f, S, T): maps each t of T to the first s of S with f[s] = t, or to the first s of S when no value of f is t.
  Inverse: {
    arity: 3,
    call: (args) => {
      const f = fcnArg('Inverse', args, 0);
      const s = finiteElements(setArg('Inverse', args, 1));
      const range = rangeOf(f);
      const pairs = finiteElements(setArg('Inverse', args, 2)).map((t): [Value, Value] => {
        const inRange = isMember(t, range);
        const found = s.find((x) => !inRange || valuesEqual(apply(f, x), t));
        if (found === undefined) valueError('E3004', 'Inverse(f, S, T): CHOOSE found no element of S mapped to a value of T');
        return [t, found];
      });
      return fcnFromPairs(pairs);
    },
  },
  // AntiFunction(f): maps each value of f to the first argument mapped to it.
  AntiFunction: {
    arity: 1,
    call: (args) => {
      const f = fcnArg('AntiFunction', args, 0);
      const domain = domainOf(f);
      return fcnFromPairs(finiteElements(rangeOf(f)).map((y): [Value, Value] => [y, domain.find((x) => valuesEqual(apply(f, x), y))!]));
    },
  },
  // IsInjective(f): no two arguments have the same value.
  IsInjective: { arity: 1, call: (args) => isInjective(fcnArg('IsInjective', args, 0)) },
  // Injection(S, T), Surjection(S, T), Bijection(S, T): those functions of [S -> T].
  Injection: { arity: 2, call: (args) => functionsWhere(setArg('Injection', args, 0), setArg('Injection', args, 1), isInjective) },
  Surjection: {
    arity: 2,
    call: (args) => {
      const t = setArg('Surjection', args, 1);
      return functionsWhere(setArg('Surjection', args, 0), t, (f) => coversAll(f, t));
    },
  },
  Bijection: {
    arity: 2,
    call: (args) => {
      const t = setArg('Bijection', args, 1);
      return functionsWhere(setArg('Bijection', args, 0), t, (f) => isInjective(f) && coversAll(f, t));
    },
  },
  // ExistsInjection(S, T) etc.: whether such a function exists, decided from the sizes alone.
  ExistsInjection: { arity: 2, call: (args) => setSize(setArg('ExistsInjection', args, 0)) <= setSize(setArg('ExistsInjection', args, 1)) },
  ExistsSurjection: {
    arity: 2,
    call: (args) => {
      const s = setSize(setArg('ExistsSurjection', args, 0));
      const t = setSize(setArg('ExistsSurjection', args, 1));
      return s >= t && (t > 0 || s === 0);
    },
  },
  ExistsBijection: { arity: 2, call: (args) => setSize(setArg('ExistsBijection', args, 0)) === setSize(setArg('ExistsBijection', args, 1)) },
  // FoldFunction(op, base, f): op combines every value of f, from base, the arguments in TLC's order.
  FoldFunction: {
    arity: 3,
    call: (args, ctx) => {
      const f = fcnArg('FoldFunction', args, 2);
      return foldLeft(operatorArg('FoldFunction', args, 0), valueArg('FoldFunction', args, 1), (x) => apply(f, x), inTlcOrder(domainOf(f), ctx.strings));
    },
  },
  // FoldFunctionOnSet(op, base, f, S): the same over the arguments in S only.
  FoldFunctionOnSet: {
    arity: 4,
    call: (args, ctx) => {
      const f = fcnArg('FoldFunctionOnSet', args, 2);
      const on = tlcElements(setArg('FoldFunctionOnSet', args, 3), ctx);
      return foldLeft(operatorArg('FoldFunctionOnSet', args, 0), valueArg('FoldFunctionOnSet', args, 1), (x) => apply(f, x), on);
    },
  },
  // SumFunction(f), SumFunctionOnSet(f, S): the sum of f's integer values (on the arguments in S).
  SumFunction: {
    arity: 1,
    call: (args) => {
      const f = fcnArg('SumFunction', args, 0);
      return sumOf('SumFunction', domainOf(f).map((x) => apply(f, x)));
    },
  },
  SumFunctionOnSet: {
    arity: 2,
    call: (args) => {
      const f = fcnArg('SumFunctionOnSet', args, 0);
      return sumOf('SumFunctionOnSet', finiteElements(setArg('SumFunctionOnSet', args, 1)).map((x) => apply(f, x)));
    },
  },
};

function sumOf(op: string, values: readonly Value[]): number {
  return values.reduce<number>((acc, v) => {
    if (typeof v !== 'number') valueError('E3001', `${op} needs integer values, but one is ${formatValue(v)}`);
    return checkedInt(op, acc + v);
  }, 0);
}
