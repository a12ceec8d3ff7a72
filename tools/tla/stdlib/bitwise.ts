// The community module Bitwise: &, |, ^^ and shiftR on non-negative integers. The module defines
// them by recursion on binary digits, which terminates only for non-negative arguments; a negative
// one is refused rather than given a two's-complement meaning the definition does not have.
import { valueError } from '../values/index.js';
import { intArg } from './args.js';
import type { StdArg, StdOperator } from './std-operator.js';

function natural(op: string, args: StdArg[], i: number): number {
  const n = intArg(op, args, i);
  if (n < 0) valueError('E3001', `${op} is defined on non-negative integers, got ${n}`);
  return n;
}

const bitwise2 = (op: string, f: (x: number, y: number) => number): StdOperator => ({
  arity: 2,
  // Operands are below 2^31 (TLC's integers), so JavaScript's 32-bit operators are exact on them.
  call: (args) => f(natural(op, args, 0), natural(op, args, 1)),
});

export const bitwise: Record<string, StdOperator> = {
  // x & y, x | y, x ^^ y: the bits set in both, in either, in exactly one of x and y.
  '&': bitwise2('&', (x, y) => x & y),
  '|': bitwise2('|', (x, y) => x | y),
  '^^': bitwise2('^^', (x, y) => x ^ y),
  // shiftR(n, pos): n with its binary digits moved pos places right (n \div 2^pos).
  shiftR: bitwise2('shiftR', (n, pos) => (pos >= 31 ? 0 : n >>> pos)),
};
