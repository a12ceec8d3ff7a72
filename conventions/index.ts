// The conventions every part shares, one copy each: exit codes, the repository root, golden files.
// Imports nothing else of cloudOS, so that every part (hardware-models included) may import it.
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export { findRepoRoot, fromRepoRoot, repoRoot } from './repo-root.js';
export { checkNoOrphanGoldens, compareGolden, matchGolden, UPDATE_GOLDENS_HINT, type GoldenAsserts, type GoldenOutcome } from './goldens.js';
