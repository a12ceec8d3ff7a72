// The standard modules, keyed by module and operator name as the IR's `builtin` references spell them.
import type { StandardModuleName } from './standard-modules.js';
import { bags } from './bags.js';
import { core } from './core.js';
import { finiteSets } from './finite-sets.js';
import { integers, naturals } from './naturals.js';
import { sequences } from './sequences.js';
import { tlaps } from './tlaps.js';
import { tlc } from './tlc.js';
import type { StdOperator } from './std-operator.js';

export * from './std-operator.js';

export const standardOperators: Record<StandardModuleName | 'TLA+', Record<string, StdOperator>> = {
  'TLA+': core,
  Naturals: naturals,
  Integers: { ...naturals, ...integers },
  Sequences: sequences,
  FiniteSets: finiteSets,
  TLC: tlc,
  Bags: bags,
  TLAPS: tlaps,
  NaturalsInduction: {},
  FiniteSetTheorems: {},
  SequenceTheorems: {},
  SequencesExtTheorems: {},
  WellFoundedInduction: {},
  FunctionTheorems: {},
};

/** The implementation of a builtin reference, or undefined when the standard module lacks it. */
export function standardOperator(module: StandardModuleName | 'TLA+', name: string): StdOperator | undefined {
  return Object.hasOwn(standardOperators[module], name) ? standardOperators[module][name] : undefined;
}
