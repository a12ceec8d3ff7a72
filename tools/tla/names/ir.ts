// The resolved module: the IR the evaluator and tla2ts consume. Definitions are flattened across
// EXTENDS and INSTANCE (WITH substitutions applied, LOCAL respected) and every identifier is
// resolved to what it names, so nothing is looked up by string at run time.
//
// How to read it: an IR expression is `Expr<ResolvedPhase>` from ../syntax/ast.ts. Each `apply`
// node's `ref` is a `Resolved` target; each binding occurrence is a `BoundVar` with an `id`
// unique within the whole ResolvedModule (so an environment can be an array or a Map by id).
// Substitutions of `INSTANCE M WITH c <- e` are inlined (a use of `c` inside M's definitions is the
// IR of `e`), except those passed lazily (resolve.ts `lazySubstitutions`): there c is a leading
// parameter of each of M's definitions and 'I!Op' is a definition calling M's Op with e. `I!Op` and
// `I(p)!Op` become defs named 'I!Op' whose params start with the instance's params.
import type { Span } from '../diagnostics.js';
import type { Expr, FunctionDef, OperatorDef, Phase } from '../syntax/ast.js';
import type { StandardModuleName } from '../stdlib/standard-modules.js';

/** A binding occurrence (quantifier, set/function constructor, CHOOSE, parameter, LET name). */
export interface BoundVar {
  name: string;
  /** Unique within the ResolvedModule. */
  id: number;
  span: Span;
}

/** What an identifier or operator symbol names. */
export type Resolved =
  /**
   * A variable bound in an enclosing expression: quantifier/CHOOSE/set/function binders,
   * operator and LAMBDA parameters (`arity` > 0 for higher-order `F(_, _)`), LET definitions
   * (an operator of `arity` params, or a function when the LET defines `f[x \in S] == ...`).
   */
  | { kind: 'bound'; id: number; name: string; arity: number }
  /** A module-level definition: `ResolvedModule.defs[index]`. */
  | { kind: 'def'; index: number; name: string }
  /** A CONSTANT of the root module (or of an extended one): `ResolvedModule.constants[index]`. */
  | { kind: 'constant'; index: number; name: string }
  /** A VARIABLE: `ResolvedModule.variables[index]`; a state holds its value at this index. */
  | { kind: 'variable'; index: number; name: string }
  /**
   * An operator of a standard module, by module and canonical name (`Naturals` '+',
   * `Sequences` 'Len', `TLC` ':>'), or of TLA+ itself (module 'TLA+': '=', '\\in', '~', ...).
   */
  | { kind: 'builtin'; module: StandardModuleName | 'TLA+'; name: string; arity: number };

export interface ResolvedPhase extends Phase {
  ref: Resolved;
  binder: BoundVar;
  /** Resolved into definitions of the instantiated module (resolve.ts). */
  letInstance: never;
}

/**
 * A call this expression stands for since names/substitute-primed.ts expanded it in place: an
 * operator applied (`name` the operator, `span` the call, `args` its arguments) or a parameter
 * replaced by its argument (`name` the parameter, `span` its occurrence, no `args`). TLC, which
 * expands nothing, evaluates each.
 */
export interface ExpandedCall {
  name: string;
  span: Span;
  args?: readonly IRExpr[];
}

/**
 * `calls`: the calls the expression was expanded from, outermost first; only error reports (the
 * nested expressions TLC lists) and action labels read them.
 */
export type IRExpr = Expr<ResolvedPhase> & { readonly calls?: readonly ExpandedCall[] };

/** A module-level definition after flattening; `name` is as the root module sees it ('I!Op'). */
export type ResolvedDef = (OperatorDef<ResolvedPhase> | FunctionDef<ResolvedPhase>) & {
  /** Index in `ResolvedModule.defs`. */
  index: number;
  /** The module the definition is written in. */
  module: string;
  /**
   * Set on the definition that stands for a VARIABLE v of an instantiated module, whose body is what
   * replaces v (`INSTANCE M WITH v <- e`, or the instantiating module's own v when that is not a
   * VARIABLE). Everywhere v means e, except inside ENABLED (and WF/SF) written in that instance's
   * module (`instance` is in the formula's `instances`): there v is a variable of its own, as TLA+
   * defines `I!(ENABLED A)` and TLC evaluates it, and the generator assigns v' to the next state's
   * slot `variables.length + slot`, which the definition reads back when evaluated there.
   */
  substitutes?: { variable: string; instance: number; slot: number };
};

export interface ResolvedModule {
  name: string;
  file: string;
  constants: { name: string; arity: number; span: Span }[];
  variables: { name: string; span: Span }[];
  /**
   * The variables' indices in the order TLC lists them (in traces and its coverage report): SANY's
   * getVariableDecls(), which follows its symbol table's hash buckets (names/tlc-variable-order.ts).
   */
  tlcVariableOrder: readonly number[];
  defs: ResolvedDef[];
  /**
   * Every name visible at the root module's top level (its own definitions, those of EXTENDS and
   * unnamed INSTANCEs, constants, variables, 'I!Op' of named instances), for the .cfg to look up.
   */
  scope: ReadonlyMap<string, Resolved>;
  assumptions: { expr: IRExpr; span: Span }[];
  /** Source text of every file read, by the path used in spans (for rendering diagnostics). */
  sources: ReadonlyMap<string, string>;
}
