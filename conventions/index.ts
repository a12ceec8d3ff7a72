// The conventions every part shares, one copy each: exit codes, the repository root, golden files,
// the rendering of validation issues, the median, the range of seeds, Linux's CPU accounting, tests'
// scratch folders.
// Imports nothing else of cloudOS, so that every part (hardware-models included) may import it.
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export { findRepoRoot, fromRepoRoot, repoRoot } from './repo-root.js';
export { checkNoOrphanGoldens, compareGolden, matchGolden, UPDATE_GOLDENS_HINT, type GoldenAsserts, type GoldenOutcome } from './goldens.js';
export { formatFieldPath, formatIssues, type Issue } from './issues.js';
export { median } from './statistics.js';
export { MAX_SEED, MIN_SEED } from './seeds.js';
export { readProcStat, type ProcStat } from './proc-stat.js';
export { temporaryFolder } from './temporary-folders.js';
