// The mutable context compiled closures evaluate in: bound variables by id, the current state and
// (inside actions) the next state, the old value `@` of EXCEPT, and the standard modules' context.
import { fail } from '../diagnostics.js';
import type { StdContext, OperatorCallback } from '../stdlib/index.js';
import { valuesEqual, type Value } from '../values/index.js';

/** A state under construction: `undefined` marks a variable not yet assigned. */
export type PartialState = (Value | undefined)[];

function refersToItself(): never {
  return fail('E1002', 'unsupported construct: a LET definition refers to its own value');
}

/** A zero-parameter LET definition, evaluated on first use within its activation. */
export class LetThunk {
  private value: Value | undefined;
  private evaluating = false;
  /** For a LET-defined function f[x \in S] == e: e at one argument, so that f may recur. */
  atPoint: ((x: Value) => Value) | undefined;
  constructor(
    protected readonly body: Closure,
    protected readonly ctx: EvalContext,
    /** Called instead of recursing forever when the definition needs its own value. */
    // A shared default: compiled LETs make a thunk per evaluation (GameOfLife's Sum, 2.4M of them),
    // and a default closure would be allocated with each.
    private readonly onCycle: () => never = refersToItself,
  ) {}
  get evaluated(): boolean {
    return this.value !== undefined;
  }

  get(): Value {
    if (this.value === undefined) {
      if (this.evaluating) this.onCycle();
      this.evaluating = true;
      try {
        this.value = this.evaluate();
      } finally {
        this.evaluating = false;
      }
    }
    return this.value;
  }

  protected evaluate(): Value {
    return this.body(this.ctx);
  }

  /** Drops the remembered value: the next `get` evaluates again. */
  protected forget(): void {
    this.value = undefined;
  }
}

/**
 * An argument of a user-defined operator call, evaluated when the body first uses it and then
 * remembered, as TLC's LazyValue: an argument the body never uses is never evaluated (its errors
 * and Prints do not happen), one used twice is evaluated once. TLC remembers the value only where
 * it was computed: used under a prime (or in another next state, as ENABLED makes) it is evaluated
 * there and not kept; inside an Init or action that the generator expands (`partial`), a value is
 * reused only while the variables assigned when it was computed keep their values (TLC's
 * TLCState.isSubset), so each disjunct that assigned differently computes it again.
 */
export class LazyArgument extends LetThunk {
  private readonly state: PartialState;
  private readonly next: PartialState | null;
  /** The values of `captured` at the call (names/levels.ts `capturedBinders`), bound again while evaluating. */
  private readonly saved: Local[] | undefined;
  /** The partial state the value was computed in, when `partial` (a copy), for `stillHolds`. */
  private assigned: PartialState | undefined;

  constructor(
    argument: Closure,
    ctx: EvalContext,
    private readonly captured: readonly number[] | undefined,
    /** The generator running the call, which assigns Init's state or an action's next state meanwhile; undefined in value mode. */
    private readonly partial: 'init' | 'next' | undefined,
  ) {
    super(argument, ctx);
    this.state = ctx.state;
    this.next = ctx.next;
    this.saved = captured === undefined ? undefined : savedLocals(ctx, captured);
  }

  override get(): Value {
    const ctx = this.ctx;
    if (ctx.state !== this.state || ctx.next !== this.next) return this.evaluate();
    if (this.partial !== undefined && this.evaluated && !this.stillHolds()) this.forget();
    if (this.partial !== undefined && !this.evaluated) this.assigned = (this.partial === 'init' ? ctx.state : ctx.next!).slice();
    return super.get();
  }

  /** Whether every variable assigned when the value was computed still has that value. */
  private stillHolds(): boolean {
    const now = this.partial === 'init' ? this.ctx.state : this.ctx.next!;
    const then = this.assigned!;
    for (let i = 0; i < then.length; i++) {
      const v = then[i];
      if (v !== undefined && now[i] !== v && (now[i] === undefined || !valuesEqual(now[i]!, v))) return false;
    }
    return true;
  }

  protected override evaluate(): Value {
    const ids = this.captured;
    if (ids === undefined) return this.body(this.ctx);
    this.exchangeCaptured(ids);
    try {
      return this.body(this.ctx);
    } finally {
      this.exchangeCaptured(ids);
    }
  }

  /** The call's values of `captured` into their slots and the present ones into `saved` (so twice restores): no array per evaluation. */
  private exchangeCaptured(ids: readonly number[]): void {
    const locals = this.ctx.locals;
    const saved = this.saved!;
    for (let i = 0; i < ids.length; i++) {
      const v = locals[ids[i]!];
      locals[ids[i]!] = saved[i];
      saved[i] = v;
    }
  }
}

/** The values of locals `ids` (a loop: `ids.map` with a closure over ctx allocated ctx's context at every LazyArgument). */
function savedLocals(ctx: EvalContext, ids: readonly number[]): Local[] {
  const saved: Local[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) saved[i] = ctx.locals[ids[i]!];
  return saved;
}

/** A value bound to a name: a LET definition or a lazily passed argument evaluated (readLocal's reading). */
export function forced(local: Local): Local {
  return local instanceof LetThunk ? local.get() : local;
}

/** What a bound identifier holds: a value, an operator (parameter F(_) or LET op), a LET thunk or a lazily passed argument. */
export type Local = Value | OperatorCallback | LetThunk | undefined;

export class EvalContext {
  /** Indexed by BoundVar id; unique ids in the module make this a flat array. */
  locals: Local[] = [];
  /** The state being read; in Init, the partial initial state. */
  state: PartialState;
  /** The next state inside an action (partial while successors are generated), else null. */
  next: PartialState | null;
  /**
   * True while `state` is a whole state that nobody will change (invariants and constraints on an
   * explored state), so a definition that reads only it may be computed once for it; false in Init,
   * whose partial state is assigned as it is enumerated.
   */
  stateIsFixed = false;
  /** The old value inside an EXCEPT update (`@`). */
  at: Value | undefined = undefined;
  /**
   * Set while simulating: a uniform integer in [0, n). Generators then try the branches of `\/`,
   * `\E` and `x' \in S` in a random order drawn from it, so the first successor found is a random one.
   */
  random: RandomBelow | null = null;
  /**
   * The middle states t of `A \cdot B` (s -A-> t -B-> u) generated so far: TLC counts them among the
   * states generated, though they are not successors (the model reads this after each state's successors).
   */
  middleStatesGenerated = 0;
  /**
   * Set by `A \cdot B` while it runs A (or B): what the end of the action does instead of reporting
   * a successor, given the continuation that would (see ActionCompiler.compile).
   */
  compositionEnd: ((report: () => boolean) => boolean) | null = null;
  constructor(
    readonly std: StdContext,
    state: PartialState = [],
    next: PartialState | null = null,
  ) {
    this.state = state;
    this.next = next;
  }
}

/**
 * A copy of `ctx` as it is now (its state, next state, bound names and `@`), for a value evaluated
 * under it later, after `ctx` has moved on: a lazy filter reading the state or outer names
 * (operations.ts `filterSet`). A LET definition not yet evaluated still reads the context it was made in.
 */
export function contextNow(ctx: EvalContext): EvalContext {
  const copy = new EvalContext(ctx.std, ctx.state.slice(), ctx.next === null ? null : ctx.next.slice());
  copy.locals = ctx.locals.slice();
  copy.at = ctx.at;
  return copy;
}

export type Closure = (ctx: EvalContext) => Value;

/** A uniform random integer in [0, n). */
export type RandomBelow = (n: number) => number;

/**
 * Calls `fn` on the indices 0..n-1 in a uniformly random order until it returns true (Fisher–Yates,
 * one draw per index tried); returns whether it did. The first index needs no array: most random
 * steps succeed at their first try.
 */
export function someInRandomOrder(n: number, random: RandomBelow, fn: (index: number) => boolean): boolean {
  if (n === 0) return false;
  const first = random(n);
  if (fn(first)) return true;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order[first] = 0;
  for (let i = 1; i < n; i++) {
    const j = i + random(n - i);
    const chosen = order[j]!;
    order[j] = order[i]!;
    if (fn(chosen)) return true;
  }
  return false;
}
