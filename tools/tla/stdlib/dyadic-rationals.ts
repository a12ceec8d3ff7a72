// The community module DyadicRationals: a rational number is a record [num |-> n, den |-> d], kept
// reduced, dyadic when d is a power of 2. The operators compute what the module's definitions give,
// with its private Reduce as TLC runs it (its Java override): divided by the greatest common divisor
// of |num| and |den|, so that 0 and negative numerators reduce too (0/4 is Zero), where the TLA+
// definition, taking the largest common divisor in 1..n, has none.
import { apply, formatValue, record, valueError, valuesEqual, type Value } from '../values/index.js';
import { checkedInt, fcnArg, intArg, valueArg } from './args.js';
import type { StdArg, StdOperator } from './std-operator.js';

const rational = (num: number, den: number): Value => record([['num', num], ['den', den]]);
const Zero = rational(0, 1);
const One = rational(1, 1);

/** The field `name` of the rational that is argument `i` of `op`, an integer. */
function part(op: string, args: StdArg[], i: number, name: 'num' | 'den'): number {
  return intArg(`${op} (the field ${name} of its argument)`, [apply(fcnArg(op, args, i), name)], 0);
}

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** num/den in lowest terms, the sign where it was (1/-2 stays so). */
function reduce(op: string, num: number, den: number): Value {
  const divisor = checkedInt(`the greatest common divisor of ${num} and ${den} in ${op}`, gcd(num, den));
  if (divisor === 0) valueError('E3001', `${op} reduces ${num}/${den}, which has no greatest common divisor (the denominator is 0)`);
  // Exact divisions; `+ 0` turns -0 (0 over a negative divisor) into 0.
  return divisor === 1 ? rational(num, den) : rational(num / divisor + 0, den / divisor + 0);
}

const floorDiv = (op: string, a: number, b: number): number => {
  if (b === 0) valueError('E3001', `${op}: a denominator is 0`);
  return Math.floor(a / b);
};

export const dyadicRationals: Record<string, StdOperator> = {
  Zero: { arity: 0, call: () => Zero },
  One: { arity: 0, call: () => One },
  // IsDyadicRational(r): r.den is 2^i for some i in 0..r.den, tried from 0 up; 2^31 and beyond
  // overflow before a denominator that is no power of 2 is ruled out, as in TLC.
  IsDyadicRational: {
    arity: 1,
    call: (args) => {
      const den = part('IsDyadicRational', args, 0, 'den');
      for (let i = 0; i <= den; i++) if (checkedInt(`2^${i} in IsDyadicRational`, 2 ** i) === den) return true;
      return false;
    },
  },
  // Add(p, q): q when p is Zero; otherwise both brought to the larger denominator L (each numerator
  // times L \div its denominator, exact only when one denominator divides the other, as for dyadic
  // ones) and the numerators' sum over L reduced.
  Add: {
    arity: 2,
    call: (args) => {
      if (valuesEqual(valueArg('Add', args, 0), Zero)) return valueArg('Add', args, 1);
      const [pNum, pDen, qNum, qDen] = [part('Add', args, 0, 'num'), part('Add', args, 0, 'den'), part('Add', args, 1, 'num'), part('Add', args, 1, 'den')];
      const lcn = Math.max(pDen, qDen);
      const q = checkedInt(`${qNum} * ${lcn} \\div ${qDen} in Add`, qNum * floorDiv('Add', lcn, qDen));
      const p = checkedInt(`${pNum} * ${lcn} \\div ${pDen} in Add`, pNum * floorDiv('Add', lcn, pDen));
      return reduce('Add', checkedInt(`${q} + ${p} in Add`, q + p), lcn);
    },
  },
  // Half(p): p.num over twice p.den, reduced.
  Half: {
    arity: 1,
    call: (args) => {
      const [num, den] = [part('Half', args, 0, 'num'), part('Half', args, 0, 'den')];
      return reduce('Half', num, checkedInt(`${den} * 2 in Half`, den * 2));
    },
  },
  // PrettyPrint(p): "0" for Zero, "1" for One, else "num/den" with each part printed as ToString prints it.
  PrettyPrint: {
    arity: 1,
    call: (args, ctx) => {
      const p = valueArg('PrettyPrint', args, 0);
      if (valuesEqual(p, Zero)) return ctx.strings.made('0');
      if (valuesEqual(p, One)) return ctx.strings.made('1');
      const f = fcnArg('PrettyPrint', args, 0);
      return ctx.strings.made(`${formatValue(apply(f, 'num'), ctx.strings)}/${formatValue(apply(f, 'den'), ctx.strings)}`);
    },
  },
};
