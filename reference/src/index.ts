// Public API of the reference kernel: the in-process implementation (and its mutants) that the
// conformance suite and the CLI use. Other parts import only this file.
export { ReferenceImplementation, kernelFlagByName, referenceDeclaration } from './reference-implementation.js';
export { dsmManagers, type DsmManager } from './dsm/dsm.js';
export { DEFAULT_MIGRATION_POLICY, type MigrationPolicy } from './migration/migration.js';
export type { ReferenceOptions } from './reference-implementation.js';
export { mutants, findMutant, mutantAbstraction } from './mutants.js';
export type { Mutant, MutantName } from './mutants.js';
export { bugBatches, catalogue, findBug, measuredBy, bugAbstraction } from './bug-catalogue/catalogue.js';
export type { BugClass, BugId, CatalogueAbstraction, CatalogueBatch, CatalogueBug, KernelFlag } from './bug-catalogue/catalogue.js';
export type { StepCost } from './step-context.js';
export { cycleCost } from './step-context.js';
export { pickNext as drfPickNext } from './quotas/drf.js';

import type { ImplementationFactory } from '../../conformance/protocol/index.js';
import { ReferenceImplementation } from './reference-implementation.js';
import type { KernelFlag } from './bug-catalogue/catalogue.js';

/** A fresh reference kernel (or mutant, or catalogued bug) per test run, as the suite's runner expects. */
export function referenceFactory(mutant?: KernelFlag): ImplementationFactory {
  return () => new ReferenceImplementation(mutant === undefined ? {} : { mutant });
}
