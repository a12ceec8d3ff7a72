// The operators of TLA+ itself (module 'TLA+' in the IR): equality, membership, logic, set algebra,
// SUBSET, UNION, DOMAIN, BOOLEAN, STRING. The evaluator short-circuits /\, \/ and => itself; these
// strict forms serve when such an operator is passed as an argument.
import {
  BOOLEAN,
  STRING,
  bigUnion,
  difference,
  domainSetOf,
  intersect,
  isMember,
  isSubsetEq,
  subsetSet,
  union,
  valuesEqual,
} from '../values/index.js';
import { boolArg, fcnArg, memberSetArg, setArg, valueArg } from './args.js';
import type { StdOperator } from './std-operator.js';

export const core: Record<string, StdOperator> = {
  '=': { arity: 2, call: (args) => valuesEqual(valueArg('=', args, 0), valueArg('=', args, 1)) },
  '/=': { arity: 2, call: (args) => !valuesEqual(valueArg('/=', args, 0), valueArg('/=', args, 1)) },
  '\\in': { arity: 2, call: (args) => isMember(valueArg('\\in', args, 0), memberSetArg('\\in', args)) },
  '\\notin': { arity: 2, call: (args) => !isMember(valueArg('\\notin', args, 0), memberSetArg('\\notin', args)) },
  '~': { arity: 1, call: (args) => !boolArg('~', args, 0) },
  '=>': { arity: 2, call: (args) => !boolArg('=>', args, 0) || boolArg('=>', args, 1) },
  '<=>': { arity: 2, call: (args) => boolArg('<=>', args, 0) === boolArg('<=>', args, 1) },
  '\\equiv': { arity: 2, call: (args) => boolArg('\\equiv', args, 0) === boolArg('\\equiv', args, 1) },
  '\\cup': { arity: 2, call: (args) => union(setArg('\\cup', args, 0), setArg('\\cup', args, 1)) },
  '\\cap': { arity: 2, call: (args) => intersect(setArg('\\cap', args, 0), setArg('\\cap', args, 1)) },
  '\\': { arity: 2, call: (args) => difference(setArg('\\', args, 0), setArg('\\', args, 1)) },
  '\\subseteq': { arity: 2, call: (args) => isSubsetEq(setArg('\\subseteq', args, 0), setArg('\\subseteq', args, 1)) },
  SUBSET: { arity: 1, call: (args) => subsetSet(setArg('SUBSET', args, 0)) },
  UNION: { arity: 1, call: (args) => bigUnion(setArg('UNION', args, 0)) },
  DOMAIN: { arity: 1, call: (args) => domainSetOf(fcnArg('DOMAIN', args, 0)) },
  BOOLEAN: { arity: 0, call: () => BOOLEAN },
  STRING: { arity: 0, call: () => STRING },
};
