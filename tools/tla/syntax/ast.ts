// The abstract syntax of the supported TLA+ subset: what the parser produces from tree-sitter's
// concrete tree, and (with references resolved) what the names phase hands to the evaluator.
//
// How to read this file (eval engineer): every node is a discriminated union member on `kind`
// and carries `span`. The tree is generic in a `Phase`: `Expr<SyntaxPhase>` (alias `Expr`) is
// what the parser builds, where an identifier is a `NameRef` (a string plus an optional `M!`
// instance path); `Expr<ResolvedPhase>` (tools/tla/names/ir.ts) is the same tree after name
// resolution, where every identifier is a `Resolved` target and every binder has a unique id.
// The evaluator only ever sees the resolved form. Operators, built-in or user-defined, infix or
// not, are one node kind, `apply`; only constructs with their own evaluation rule (short-circuit
// /\ and \/, quantifiers, primes, EXCEPT, ...) have their own kinds. Operator symbols are
// canonical (`\leq` for `<=`, `=<`, `\leq`); see `canonicalOperator` in operators.ts.
import type { Span } from '../diagnostics.js';

/** What a phase puts at references (`ref`) and binding occurrences (`binder`). */
export interface Phase {
  ref: unknown;
  binder: unknown;
  /** An INSTANCE written in a LET: the syntax phase's `LetInstance`; the names phase resolves it into definitions (never). */
  letInstance: unknown;
}

/** A name as written, with where it is. */
export interface Ident {
  name: string;
  span: Span;
}

/** One step of an instance path `I(a, b)!`: the instance name and its arguments. */
export interface InstanceStep<P extends Phase = SyntaxPhase> {
  name: string;
  args: Expr<P>[];
  span: Span;
}

/** An identifier or operator symbol as written, with its `M!` / `I(x)!` prefix, unresolved. */
export interface NameRef {
  name: string;
  /** Where the name itself is (the whole application is the `apply` node's span). */
  span: Span;
  /** Instance path before the name, outermost first: `I(1)!J!Op` has steps I(1) and J. */
  path: InstanceStep[];
  /** A subexpression reference: the part of the definition's body named by `Inv!2!1` or `Thm!:`, outermost first. */
  selectors?: SubexpressionSelector[];
}

/** `!n`: the n-th operand (a junction list's n-th item, IF's n-th part); `!:`: the whole body of the definition. */
export type SubexpressionSelector = { kind: 'operand'; index: number; span: Span } | { kind: 'body'; span: Span };

export interface SyntaxPhase extends Phase {
  ref: NameRef;
  binder: Ident;
  letInstance: LetInstance;
}

/**
 * A bound in a quantifier, set map, function constructor or recursive function definition:
 * `x, y \in S` binds x and y each to an element of S; `<<a, b>> \in S` destructures tuples.
 */
export type Bound<P extends Phase = SyntaxPhase> =
  | { kind: 'names'; names: P['binder'][]; set: Expr<P>; span: Span }
  | { kind: 'tuple'; names: P['binder'][]; set: Expr<P>; span: Span };

/** One `[path] = value` of EXCEPT: `![a][b].c = e` has path index(a), index(b), field(c). */
export type ExceptStep<P extends Phase = SyntaxPhase> =
  | { kind: 'index'; args: Expr<P>[]; span: Span } // ![a] or ![a, b] (the latter indexes by <<a, b>>)
  | { kind: 'field'; name: string; span: Span }; // !.c

export interface ExceptUpdate<P extends Phase = SyntaxPhase> {
  path: ExceptStep<P>[];
  value: Expr<P>; // may contain `exceptAt` (@), the old value at `path`
  span: Span;
}

export interface CaseArm<P extends Phase = SyntaxPhase> {
  guard: Expr<P>;
  body: Expr<P>;
  span: Span;
}

export interface RecordField<P extends Phase = SyntaxPhase> {
  name: string;
  value: Expr<P>; // the value in a record, the set in a record set
  span: Span;
}

/** A formal parameter of an operator or LAMBDA; `arity` > 0 for higher-order `F(_, _)`. */
export interface Param<P extends Phase = SyntaxPhase> {
  binder: P['binder'];
  arity: number;
  span: Span;
}

export type Expr<P extends Phase = SyntaxPhase> =
  | { kind: 'number'; value: bigint; span: Span } // decimal, \b, \o, \h forms all become the value
  | { kind: 'string'; value: string; span: Span } // escapes already decoded
  | { kind: 'boolean'; value: boolean; span: Span }
  /**
   * Application of an operator to arguments, and every plain identifier (`args` empty):
   * `Op(a, b)`, `a + b` (fixity 'infix', ref name '+'), `-a` ('prefix', name '-.'),
   * `SUBSET S`, `DOMAIN f`, `UNION S` ('prefix'), `a^+` ('postfix'), `x` ('name', no args),
   * `M!Op(a)` (ref.path = [M]), and an operator passed as an argument to a higher-order operator
   * (`F(Op)`, `F(+)`: 'name' with no args, resolved to an operator of arity > 0).
   */
  | { kind: 'apply'; ref: P['ref']; args: Expr<P>[]; fixity: 'name' | 'call' | 'prefix' | 'infix' | 'postfix'; span: Span }
  /** `a /\ b /\ c` or a bulleted conjunction list; evaluated left to right, short-circuit. */
  | { kind: 'and'; args: Expr<P>[]; bulleted: boolean; span: Span }
  | { kind: 'or'; args: Expr<P>[]; bulleted: boolean; span: Span }
  | { kind: 'lambda'; params: Param<P>[]; body: Expr<P>; span: Span }
  | { kind: 'if'; cond: Expr<P>; then: Expr<P>; else: Expr<P>; span: Span }
  /** `otherSpan`: the OTHER arm's, from `OTHER` to its body. */
  | { kind: 'case'; arms: CaseArm<P>[]; other?: Expr<P>; otherSpan?: Span; span: Span }
  | { kind: 'let'; defs: LetDef<P>[]; body: Expr<P>; span: Span }
  | { kind: 'quant'; quantifier: 'forall' | 'exists'; bounds: Bound<P>[]; body: Expr<P>; span: Span }
  /** `\A x : P`, `\E x : P`: parsed so that evaluation can refuse it by name (E1002). */
  /** `\E x : P`, `\A x : P`; `temporal`: `\EE x : F`, `\AA x : F`, quantifying over flexible variables (TLC evaluates neither). */
  | { kind: 'unboundedQuant'; quantifier: 'forall' | 'exists'; temporal: boolean; names: P['binder'][]; body: Expr<P>; span: Span }
  /** `CHOOSE x \in S : P`, or `CHOOSE <<a, b>> \in S : P` (tuple); `set` absent means unbounded. */
  | { kind: 'choose'; names: P['binder'][]; tuple: boolean; set?: Expr<P>; body: Expr<P>; span: Span }
  | { kind: 'setEnum'; elems: Expr<P>[]; span: Span } // {a, b, c}, {}
  | { kind: 'setFilter'; bound: Bound<P>; pred: Expr<P>; span: Span } // {x \in S : P}
  | { kind: 'setMap'; body: Expr<P>; bounds: Bound<P>[]; span: Span } // {e : x \in S, y \in T}
  | { kind: 'cartesian'; sets: Expr<P>[]; span: Span } // A \X B \X C (n-ary, not nested)
  | { kind: 'funcCtor'; bounds: Bound<P>[]; body: Expr<P>; span: Span } // [x \in S |-> e]
  | { kind: 'funcSet'; domain: Expr<P>; range: Expr<P>; span: Span } // [S -> T]
  | { kind: 'funcApp'; fn: Expr<P>; args: Expr<P>[]; span: Span } // f[a], f[a, b] = f[<<a, b>>]
  | { kind: 'record'; fields: RecordField<P>[]; span: Span } // [a |-> 1, b |-> 2]
  | { kind: 'recordSet'; fields: RecordField<P>[]; span: Span } // [a : S, b : T]
  | { kind: 'field'; record: Expr<P>; name: string; span: Span } // r.a
  | { kind: 'except'; fn: Expr<P>; updates: ExceptUpdate<P>[]; span: Span }
  | { kind: 'exceptAt'; span: Span } // @ inside an EXCEPT value
  | { kind: 'tuple'; elems: Expr<P>[]; span: Span } // <<a, b>>, also sequences
  | { kind: 'prime'; arg: Expr<P>; span: Span } // e'
  | { kind: 'unchanged'; arg: Expr<P>; span: Span }
  /**
   * `instances` (set by the names phase): the INSTANCEs, outermost first, inside whose module the
   * formula is written. Their substituted VARIABLEs are variables of their own inside it, as TLA+
   * defines `I!(ENABLED A)` (substitution after ENABLED); see names/ir.ts `ResolvedDef.substitutes`.
   */
  | { kind: 'enabled'; arg: Expr<P>; span: Span; instances?: readonly number[] }
  | { kind: 'always'; arg: Expr<P>; span: Span } // []F
  | { kind: 'eventually'; arg: Expr<P>; span: Span } // <>F
  | { kind: 'leadsTo'; lhs: Expr<P>; rhs: Expr<P>; span: Span } // F ~> G
  | { kind: 'boxAction'; action: Expr<P>; sub: Expr<P>; span: Span } // [A]_v
  | { kind: 'angleAction'; action: Expr<P>; sub: Expr<P>; span: Span } // <<A>>_v
  | { kind: 'fairness'; strength: 'weak' | 'strong'; sub: Expr<P>; action: Expr<P>; span: Span; instances?: readonly number[] }; // WF_v(A), SF_v(A); `instances` as for ENABLED

export type ExprKind = Expr['kind'];

/** `Op(p, F(_, _)) == body`, possibly RECURSIVE; operator symbols as names for `a (+) b == ...`. */
export interface OperatorDef<P extends Phase = SyntaxPhase> {
  kind: 'operator';
  name: P['binder'];
  params: Param<P>[];
  body: Expr<P>;
  /** Declared RECURSIVE before its definition (in the module or the same LET). */
  recursive: boolean;
  local: boolean;
  span: Span;
}

/** `f[x \in S, y \in T] == body`: a function that may refer to itself in `body`. */
export interface FunctionDef<P extends Phase = SyntaxPhase> {
  kind: 'function';
  name: P['binder'];
  bounds: Bound<P>[];
  body: Expr<P>;
  local: boolean;
  span: Span;
}

export type LetDef<P extends Phase = SyntaxPhase> = OperatorDef<P> | FunctionDef<P> | P['letInstance'];

/** `LET M(p) == INSTANCE Foo WITH c <- e IN M(x)!Op`: M is visible in the rest of the LET, as a module-level instance would be. */
export interface LetInstance {
  kind: 'moduleDef';
  name: Ident;
  params: Param[];
  instance: InstanceExpr;
  span: Span;
}

export interface Substitution {
  /** The constant or variable of the instantiated module (or an operator symbol). */
  name: Ident;
  value: Expr;
  span: Span;
}

/** `INSTANCE M WITH a <- e`: unnamed (definitions imported) or named (`I(p) == INSTANCE M`). */
export interface InstanceExpr {
  module: Ident;
  substitutions: Substitution[];
  span: Span;
}

/** A CONSTANT declaration: `N` (arity 0) or `F(_, _)` (arity 2). */
export interface ConstantDecl {
  name: Ident;
  arity: number;
  span: Span;
}

/** The units of a module, in source order. The syntax phase only (the IR flattens them). */
export type Unit =
  | OperatorDef
  | FunctionDef
  | { kind: 'constants'; decls: ConstantDecl[]; span: Span }
  | { kind: 'variables'; names: Ident[]; span: Span }
  | { kind: 'recursive'; decls: ConstantDecl[]; span: Span } // RECURSIVE F(_), G
  | { kind: 'instance'; instance: InstanceExpr; local: boolean; span: Span }
  | { kind: 'moduleDef'; name: Ident; params: Param[]; instance: InstanceExpr; local: boolean; span: Span }
  | { kind: 'assume'; name?: Ident; expr: Expr; span: Span }
  /**
   * THEOREM (LEMMA, PROPOSITION, COROLLARY): the statement is an expression, or an ASSUME … PROVE
   * sequent kept as written (its NEW declarations and hypotheses are the prover's business). The
   * proof is skipped by the parser: TLC never evaluates theorems or proofs, and neither do we.
   */
  | { kind: 'theorem'; name?: Ident; statement: { kind: 'expr'; expr: Expr } | { kind: 'sequent'; text: string }; span: Span }
  | { kind: 'module'; module: Module; span: Span }; // a nested module

export type UnitKind = Unit['kind'];

export interface Module {
  name: Ident;
  extends: Ident[];
  units: Unit[];
  /** The modules named by INSTANCE inside a LET of this module, which must be loaded with it. */
  letInstances: Ident[];
  /** The file the module was read from, as given to the parser. */
  file: string;
  span: Span;
}
