// Naturals and Integers: arithmetic on TLC's 32-bit integers (overflow is E3002), comparisons, a..b.
import { Int, Nat, interval, tlcCoded, valueError } from '../values/index.js';
import { checkedInt, intArg } from './args.js';
import type { StdArg, StdOperator } from './std-operator.js';

function binary(op: string, f: (a: number, b: number) => number | boolean): StdOperator {
  return { arity: 2, call: (args: StdArg[]) => f(intArg(op, args, 0), intArg(op, args, 1)) };
}

export const naturals: Record<string, StdOperator> = {
  Nat: { arity: 0, call: () => Nat },
  '+': binary('+', (a, b) => checkedInt(`${a} + ${b}`, a + b)),
  '-': binary('-', (a, b) => checkedInt(`${a} - ${b}`, a - b)),
  '*': binary('*', (a, b) => checkedInt(`${a} * ${b}`, a * b)),
  '^': binary('^', (a, b) => {
    if (b < 0) valueError('E3001', `the exponent of ${a}^${b} must be a natural number`, undefined, tlcCoded(`The second argument of ^ should be a natural number, but instead it is:\n${b}`));
    if (a === 0 && b === 0) valueError('E3001', '0^0 is undefined');
    return checkedInt(`${a}^${b}`, a ** b);
  }),
  '<': binary('<', (a, b) => a < b),
  '>': binary('>', (a, b) => a > b),
  '<=': binary('<=', (a, b) => a <= b),
  '>=': binary('>=', (a, b) => a >= b),
  '%': binary('%', (a, b) => {
    if (b <= 0) valueError('E3001', `the second argument of % must be positive, but it is ${b}`, undefined, tlcCoded(`The second argument of % should be a positive number, but instead it is:\n${b}`));
    return ((a % b) + b) % b;
  }),
  '\\div': binary('\\div', (a, b) => {
    if (b === 0) valueError('E3001', `the second argument of \\div is 0 (in ${a} \\div 0)`, undefined, tlcCoded('The second argument of \\div is 0.'));
    return checkedInt(`${a} \\div ${b}`, Math.floor(a / b));
  }),
  '..': { arity: 2, call: (args) => interval(intArg('..', args, 0), intArg('..', args, 1)) },
};

export const integers: Record<string, StdOperator> = {
  Int: { arity: 0, call: () => Int },
  '-.': { arity: 1, call: (args) => checkedInt('unary -', -intArg('-', args, 0)) },
};
