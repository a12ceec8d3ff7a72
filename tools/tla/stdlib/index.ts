// The standard modules, keyed by module and operator name as the IR's `builtin` references spell them.
import type { StandardModuleName } from './standard-modules.js';
import { bags } from './bags.js';
import { bagsExt } from './bags-ext.js';
import { bitwise } from './bitwise.js';
import { dyadicRationals } from './dyadic-rationals.js';
import { finiteSetsExt } from './finite-sets-ext.js';
import { folds } from './folds.js';
import { functions } from './functions.js';
import { graphs } from './graphs.js';
import { ioUtils } from './io-utils.js';
import { sequencesExt } from './sequences-ext.js';
import { undirectedGraphs } from './undirected-graphs.js';
import { core } from './core.js';
import { finiteSets } from './finite-sets.js';
import { integers, naturals } from './naturals.js';
import { sequences } from './sequences.js';
import { tlaps } from './tlaps.js';
import { tlc } from './tlc.js';
import { json, reals, tlcExt } from './tlc-ext.js';
import type { StdOperator } from './std-operator.js';

export * from './std-operator.js';
export { tlcNegationWords } from './args.js';

export const standardOperators: Record<StandardModuleName | 'TLA+', Record<string, StdOperator>> = {
  'TLA+': core,
  Naturals: naturals,
  Integers: { ...naturals, ...integers },
  Reals: reals,
  Sequences: sequences,
  FiniteSets: finiteSets,
  TLC: tlc,
  TLCExt: tlcExt,
  Bags: bags,
  TLAPS: tlaps,
  NaturalsInduction: {},
  FiniteSetTheorems: {},
  SequenceTheorems: {},
  SequencesExtTheorems: {},
  WellFoundedInduction: {},
  FunctionTheorems: {},
  Folds: folds,
  FiniteSetsExt: finiteSetsExt,
  Functions: functions,
  SequencesExt: sequencesExt,
  BagsExt: bagsExt,
  Bitwise: bitwise,
  UndirectedGraphs: undirectedGraphs,
  Graphs: graphs,
  IOUtils: ioUtils,
  DyadicRationals: dyadicRationals,
  Randomization: {},
  Json: json,
};

/** The implementation of a builtin reference, or undefined when the standard module lacks it. */
export function standardOperator(module: StandardModuleName | 'TLA+', name: string): StdOperator | undefined {
  return Object.hasOwn(standardOperators[module], name) ? standardOperators[module][name] : undefined;
}
