// The reference kernel as the suite's in-process `Implementation`: one Kernel per node, built
// at `init` (from the node's durable storage at a restart) and dropped at `crash`.
import { PROTOCOL_VERSION, type Declaration, type Implementation, type Input, type Step } from '../../conformance/protocol/index.js';
import type { NodeId } from './ids.js';
import { Kernel, type KernelStep } from './kernel.js';
import { findMutant, mutants } from './mutants.js';
import { catalogue, findBug, type KernelFlag } from './bug-catalogue/catalogue.js';
import type { DsmManager } from './dsm/dsm.js';
import type { MigrationPolicy } from './migration/migration.js';

export interface ReferenceOptions {
  /** Run a known-buggy variant: a mutant (mutants.ts) or a catalogued bug (bug-catalogue/). */
  mutant?: KernelFlag;
  /** How DSM faults find a page's owner (spec/dsm `Manager`); dynamic by default. */
  dsmManager?: DsmManager;
  /** How pre-copy stops and paces its rounds, and the destination's resume time (migration/migration.ts); the suite runs the default. */
  migrationPolicy?: MigrationPolicy;
}

/** The kernel implements every abstraction the protocol has so far. */
export const referenceDeclaration: Declaration = { protocolVersion: PROTOCOL_VERSION, features: ['messaging', 'rpc', 'migration', 'quotas', 'dsm'] };

export class ReferenceImplementation implements Implementation {
  readonly name: string;
  private readonly kernels = new Map<NodeId, Kernel>();

  constructor(private readonly options: ReferenceOptions = {}) {
    this.name = options.mutant === undefined ? 'reference kernel' : `reference kernel, mutant ${options.mutant}`;
  }

  step(input: Input): Step {
    switch (input.kind) {
      case 'init': {
        // The `init-repeat-ignored` bug takes a second init of a running incarnation for a duplicate.
        if (this.options.mutant === 'init-repeat-ignored' && this.kernels.get(input.node)?.incarnation === input.incarnation) return { kind: 'step', effects: [], declaration: referenceDeclaration };
        // A fresh kernel at every init: the opening init repeated in version 2 replaces the first.
        const { kernel, step } = Kernel.boot(input, this.options.mutant, this.options.dsmManager, this.options.migrationPolicy);
        this.kernels.set(input.node, kernel);
        // Declared at every init: the suite reads the first and checks that the others agree.
        return { ...this.answer(step), declaration: referenceDeclaration };
      }
      case 'crash':
        this.kernels.delete(input.node);
        return { kind: 'step', effects: [] };
      case 'op':
      case 'packet':
      case 'timer': {
        const kernel = this.kernels.get(input.node);
        if (kernel === undefined) throw new Error(`input '${input.kind}' for node ${input.node}, which is not running (no init since the start or since its crash)`);
        return this.answer(kernel.step(input));
      }
    }
  }

  private answer(step: KernelStep): Step {
    return { kind: 'step', effects: step.effects, cost: step.cost };
  }
}

/**
 * Parses a kernel flag from the command line or a config: a mutant (mutants.ts) or a catalogued
 * bug (bug-catalogue/), so that any of them can run as a subprocess port. The error lists both.
 */
export function kernelFlagByName(name: string): KernelFlag {
  if (findMutant(name) === undefined && findBug(name) === undefined) {
    throw new Error(`unknown mutant '${name}'; known mutants: ${mutants.map((m) => m.name).join(', ')}; catalogued bugs: ${catalogue.map((b) => b.id).join(', ')}`);
  }
  return name as KernelFlag;
}
