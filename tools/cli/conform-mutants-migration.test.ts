// `cloudos conform --mutants` on the migration tests: every mutant they measure is rejected,
// each with its time to detect. One file per part of the suite (testing/conform-port.ts,
// MUTANT_PARTS) so that each stays well inside tap's per-file limit on a loaded machine.
import t from 'tap';
import { everyMutantRejected, MUTANT_PARTS } from './testing/conform-port.js';

t.test('--mutants: every mutant of the reference kernel that these tests measure is rejected', (t) => everyMutantRejected(t, MUTANT_PARTS.migration));
