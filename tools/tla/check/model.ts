// The contract between the TLA+ front end (which turns Spec.tla + Spec.cfg into executable code)
// and the model checker (which explores it). The checker knows nothing of TLA+ syntax; the front
// end knows nothing of search. Hand-written models implementing this interface test the checker.
import type { Span } from '../diagnostics.js';

/**
 * An opaque state of the model: one value per variable, in `Model.variables` order.
 * The front end chooses the representation; the checker only stores, fingerprints, prints and
 * passes states back.
 */
export type State = readonly unknown[];

/** A successor of a state, with the action (a disjunct of Next) that produced it. */
export interface Successor {
  /** Index into `Model.actions`. */
  action: number;
  state: State;
}

export interface ActionInfo {
  /** The name TLC prints: the operator name of the disjunct (e.g. `SendRequest`), or `Next`. */
  name: string;
  span?: Span;
  /** The values of the operator's parameters bound by TLC's split, as TLC prints them (`Request(1)`). */
  params?: readonly string[];
  /** The definition the action is named after: its name and body, where TLC's coverage report places the action. */
  definition?: { name: Span; body: Span };
}

/** The action's name with the values of its split, as TLC prints it in labels: `Request(1)`, `TMRcvPrepared(r1)`. */
export function actionName(action: ActionInfo): string {
  return `${action.name}${action.params ? `(${action.params.join(',')})` : ''}`;
}

export interface NamedPredicate {
  name: string;
  span?: Span;
}

/**
 * A temporal property (PROPERTY in the .cfg, or the fairness part of SPECIFICATION) reduced to
 * what the checker evaluates: state predicates, action predicates on a step (s, t), and ENABLED.
 * Leaves are identified by index into the model's predicate tables.
 */
export type Temporal =
  | { kind: 'state'; predicate: number } // P evaluated in one state
  | { kind: 'action'; predicate: number } // A evaluated on a step (s, t), as in [][A]_v or <<A>>_v
  | { kind: 'not'; arg: Temporal }
  | { kind: 'and'; args: Temporal[] }
  | { kind: 'or'; args: Temporal[] }
  /** `name`: TLC's name for []P checked as an implied invariant, when not the property's: P's when P is an operator without arguments (`[]TypeOK` is TypeOK's), else the conjunct's location or the definition's name holding it. */
  | { kind: 'always'; arg: Temporal; name?: string } // []F
  | { kind: 'eventually'; arg: Temporal } // <>F
  | { kind: 'leadsTo'; lhs: Temporal; rhs: Temporal } // F ~> G
  | { kind: 'weakFair'; action: number } // WF_v(A): index of <<A>>_v in actionPredicates, enabledness via `enabled`
  | { kind: 'strongFair'; action: number }; // SF_v(A)

export interface TemporalProperty {
  name: string;
  span?: Span;
  formula: Temporal;
}

/** Everything the checker needs, produced from a spec and its configuration. */
export interface Model {
  /** The spec's root module name, for messages. */
  name: string;
  /** Variable names, in the order states hold their values. */
  variables: readonly string[];
  /** Optional: the indices of `variables` in the order TLC lists them (names/ir.ts); declaration order without it. */
  tlcVariableOrder?: readonly number[];
  /** Actions as TLC splits and labels them (`Request(1)` for one element of `\E p \in S : Request(p)`). */
  actions: readonly ActionInfo[];

  initialStates(): Iterable<State>;
  /** With `holdPrinted`, the Print/PrintT output of the actions is held for `releasePrinted`, else written as it comes. */
  successors(state: State, holdPrinted?: boolean): Iterable<Successor>;
  /**
   * Optional: the states the last `successors` call generated on the way without returning them (the
   * middle states t of `A \cdot B`, s -A-> t -B-> u), which TLC counts among the states generated.
   */
  middleStatesGenerated?(): number;
  /**
   * Optional: what the last `successors` call generated before it threw: the successors of the
   * actions before the failing one, which TLC adds to its search as it generates them, and the count
   * of the states generated (those, the middle states of `A \cdot B`, and a successor found left
   * without a value), which TLC counts; and that successor, `undefined` for the variables it lacks,
   * when it is the error (TLC prints it as the trace's last state).
   */
  generatedBeforeError?(): { successors: readonly Successor[]; generated: number; incomplete?: Successor };
  /**
   * Optional: writes the Print/PrintT output the last `successors(state, true)` held back, as far as
   * TLC, which checks each successor as it is generated, would have printed it: through the
   * generation of successor `through` (`unit: 'successor'`, the search before checking it), or
   * through the end of action `through` (`'action'`: TLC's regeneration of a trace runs an action
   * whole); `Infinity`: all of it. Lines are written once; what is never released is dropped by the
   * next call.
   */
  releasePrinted?(through: number, unit?: 'successor' | 'action'): void;
  /**
   * Optional: while `into` is set, the Print/PrintT lines the model would write go there instead (a
   * counterexample's rebuilding keeps them with its steps, where TLC's report prints them; a search
   * done again drops them).
   */
  capturePrinted?(into: { push(line: string): unknown } | undefined): void;
  /**
   * Optional, for simulation: successors of `state` in a random order drawn from `random` (a
   * uniform integer in [0, n)), passed to `visit` until it returns true; returns whether it did.
   * The actions, and each branch point inside one (a disjunct, a value of `\E` or of `x' \in S`),
   * try their alternatives in random order, so the first successor costs the branches tried, not
   * every successor. Without it, simulation enumerates `successors` and picks one.
   */
  randomSuccessors?(state: State, random: (n: number) => number, visit: (successor: Successor) => boolean): boolean;

  /** 64-bit fingerprint; equal states (by TLA+ equality) have equal fingerprints. */
  fingerprint(state: State): bigint;
  /**
   * Fingerprint used for the visited set: the VIEW and SYMMETRY of the .cfg applied.
   * Equal to `fingerprint` when the configuration has neither.
   */
  viewFingerprint(state: State): bigint;

  invariants: readonly NamedPredicate[];
  /** Optional: TLC's warnings about the model (an invariant that is constantly TRUE), without TLC's `Warning: `. */
  warnings?: readonly string[];
  /** Optional: where TLC's coverage report places the variables, the initial predicates and the invariants (their definitions' names). */
  declarations?: { variables: readonly Span[]; init: readonly { name: string; span: Span }[]; invariants: readonly (Span | undefined)[] };
  /**
   * Optional, a model built for `check --coverage`: TLC's lines per subexpression under Init, each
   * action (by index; actions split from one formula share theirs) and each invariant, counted so
   * far in this thread, spans written by `where`.
   */
  subexpressionCoverage?(where: (span: Span) => string): { init: string[]; actions: string[][]; invariants: string[][] };
  /** With `subexpressionCoverage`: `f()` with nothing counted (our rebuilding of a trace, which is not TLC's). */
  uncounted?<T>(f: () => T): T;
  /**
   * With `subexpressionCoverage`: counts what TLC's two rebuildings of a trace evaluate: Init whole,
   * then from each state the actions in order through the one that produced the next (`actions[i]`
   * produced `states[i + 1]`). With `cut` (the last state violates an invariant, found among the
   * successors of the one before), first takes back what the search generated from that state after
   * the violating state, where TLC stopped.
   */
  countTraceRebuild?(states: readonly State[], actions: readonly number[], cut: boolean): void;
  /**
   * Index of the first invariant violated in `state`, or -1. `parent`, when given, is a state in which
   * every invariant held and from which `state` was generated: an invariant that reads only variables
   * holding the very objects they hold in `parent` may be taken to hold without evaluating it.
   */
  violatedInvariant(state: State, parent?: State): number;
  /**
   * CONSTRAINT: a state that fails it is not kept (not a distinct state, not explored), though
   * invariants are still checked on it, as TLC's Worker.addElement does.
   */
  satisfiesConstraints(state: State): boolean;
  /** ACTION_CONSTRAINT: steps that fail it are discarded. */
  satisfiesActionConstraints(from: State, to: State): boolean;
  checkDeadlock: boolean;

  /** Temporal properties to check on the state graph: the PROPERTY entries of the .cfg (empty when none). */
  properties: readonly TemporalProperty[];
  /**
   * The fairness conjuncts of SPECIFICATION (each `weakFair` or `strongFair`), assumed when checking
   * `properties`: only fair behaviours can violate a liveness property. Absent means none.
   */
  fairness?: readonly Temporal[];
  /** The .cfg's SPECIFICATION and where it is defined (absent with INIT and NEXT): TLC's warning after a stuttering counterexample names it. */
  specification?: { name: string; span?: Span };
  statePredicates: readonly NamedPredicate[];
  actionPredicates: readonly NamedPredicate[];
  evalStatePredicate(index: number, state: State): boolean;
  evalActionPredicate(index: number, from: State, to: State): boolean;
  /** ENABLED <<A>>_v for the action predicate `index` in `state`. */
  enabled(index: number, state: State): boolean;

  /** Values of a state as TLA+ expressions, per variable, as TLC prints them (`null` for one without a value). */
  formatState(state: State): { variable: string; value: string }[];
  /** A state in ITF JSON form (the trace format of Apalache and Quint): `{ "#meta"?, var: itfValue }`. */
  stateToITF(state: State): Record<string, unknown>;

  /** Structured-clone-able encoding so that states can cross worker threads. */
  encodeState(state: State): unknown;
  decodeState(encoded: unknown): State;
  /**
   * Optional, for speed: many states at once in one structured-clone-able value (the parallel
   * search moves states in batches). Without them, batches are built from `encodeState`.
   */
  encodeStates?(states: readonly State[]): unknown;
  decodeStates?(encoded: unknown): State[];
}

/**
 * How a worker thread rebuilds the same model: it imports `module` and calls its export
 * `loadModel(args)`. `args` must be structured-clone-able.
 */
export interface ModelSource {
  module: string;
  args: unknown;
}

export interface LoadedModel {
  model: Model;
  source: ModelSource;
}
