// Exact non-negative rationals over bigint, for the DRF allocator: dominant shares are compared
// exactly (the paper's worked example hinges on ties such as 2/3 = 2/3, which floats blur).

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function ratio(num: number | bigint, den: number | bigint = 1): Rational {
  const [n, d] = [BigInt(num), BigInt(den)];
  if (d === 0n) throw new RangeError('ratio: zero denominator');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { num: (sign * n) / g, den: (sign * d) / g };
}

export const ZERO = ratio(0);
export const add = (a: Rational, b: Rational): Rational => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational): Rational => ratio(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => ratio(a.num * b.den, a.den * b.num);
export const compare = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const min = (a: Rational, b: Rational): Rational => (compare(a, b) <= 0 ? a : b);
export const max = (a: Rational, b: Rational): Rational => (compare(a, b) >= 0 ? a : b);
export const toNumber = (a: Rational): number => Number(a.num) / Number(a.den);
export const format = (a: Rational): string => (a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`);
