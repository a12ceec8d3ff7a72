// TLAPS: the proof system's backend pragmas (SMT, Zenon, IsaT(n), ...). Each is defined as TRUE in
// TLAPS.tla; their only use is in BY/USE steps, which the parser skips, so evaluating one is rare.
import { standardModules } from './standard-modules.js';
import type { StdOperator } from './std-operator.js';

export const tlaps: Record<string, StdOperator> = Object.fromEntries(
  Object.entries(standardModules.TLAPS.operators).map(([name, arity]) => [name, { arity, call: () => true }]),
);
