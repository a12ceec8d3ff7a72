// FiniteSets: IsFiniteSet and Cardinality (counted without enumerating lazy sets).
import { isFiniteSet, setSize } from '../values/index.js';
import { checkedInt, setArg } from './args.js';
import type { StdOperator } from './std-operator.js';

export const finiteSets: Record<string, StdOperator> = {
  IsFiniteSet: { arity: 1, call: (args) => isFiniteSet(setArg('IsFiniteSet', args, 0)) },
  Cardinality: { arity: 1, call: (args) => checkedInt('Cardinality', setSize(setArg('Cardinality', args, 0))) },
};
