// FiniteSets: IsFiniteSet and Cardinality (counted without enumerating lazy sets).
import { formatTlcValue, isFiniteSet, setSize, tlcCoded, ValueError, type SetValue } from '../values/index.js';
import { checkedInt, setArg } from './args.js';
import type { StdOperator } from './std-operator.js';

/** The number of elements of `s`; of an infinite set, an error in TLC's words too. */
function cardinality(s: SetValue): number {
  try {
    return setSize(s);
  } catch (error) {
    if (error instanceof ValueError && error.code === 'E3007') throw error.withTlc(tlcCoded(`Attempted to compute cardinality of the value\n${formatTlcValue(s)}`));
    throw error;
  }
}

export const finiteSets: Record<string, StdOperator> = {
  IsFiniteSet: { arity: 1, call: (args) => isFiniteSet(setArg('IsFiniteSet', args, 0)) },
  Cardinality: { arity: 1, call: (args) => checkedInt('Cardinality', cardinality(setArg('Cardinality', args, 0))) },
};
