// The search core one thread runs: expands a BFS level of states, inserting successors into the
// shared fingerprint set, checking invariants and deadlock, and logging (fingerprint, parent) pairs.
import type { Model, State, Successor } from './model.js';
import { FingerprintIds, fingerprintKey, type FingerprintSet } from './fingerprint-set.js';
import { TraceLog } from './trace-log.js';
import { SuccessorLists } from './successor-lists.js';
import { GraphStates, type StateFactEvaluator } from './graph-states.js';
import { GraphFragment } from './graph-fragment.js';
import type { QueuedStates, SearchSnapshot } from './checkpoint.js';
import { defaultMemoryBudgetBytes, QueueBudget, type MemoryOptions, type QueueEntry, type StateQueue } from './state-queue.js';
import { expansionLiveness, guardedActionChecks, type ExpansionLiveness, initialTableauTest, stateFacts, stateFormulaHolds, statePropertyChecks, type StatePropertyCheck } from './liveness.js';
import { EvaluationInterrupted, withInterruptCheck } from '../values/index.js';

export type { QueueEntry } from './state-queue.js';

/**
 * What stopped a state's expansion: a property failed or the model raised an error. `outsideModel`:
 * the state failed a CONSTRAINT or ACTION_CONSTRAINT, so it was checked but never added to the search.
 */
export type Finding =
  /** `state` (a successor of `parentFp`, or an initial state when `parentFp` is null) violates invariant `invariant`. */
  | { kind: 'invariant'; invariant: number; parentFp: bigint | null; state: State; outsideModel?: true }
  /** The state with fingerprint `fp` has no successors. */
  | { kind: 'deadlock'; fp: bigint }
  /** `state` (a successor of `parentFp`, or an initial state) violates the `[]P` conjunct `check` of a property (TLC's implied invariant). */
  | { kind: 'implied'; check: StatePropertyCheck; parentFp: bigint | null; state: State; outsideModel?: true }
  /** The step from the state with fingerprint `parentFp` to `state` (`newState`: never found before) violates the action property `check` ([][A]_v). */
  | { kind: 'action'; check: ActionPropertyCheck; parentFp: bigint; state: State; newState: boolean }
  /**
   * Evaluating `state` (or the successors of `parentFp` when `state` is null) threw `error`. `then`:
   * after an error in a liveness property's predicates on an initial state, what TLC's second pass over
   * the initial states met first (`Explorer.initialAgain`). `liveness`: the error is a liveness
   * property's predicate's, on an initial state or met expanding the state `parentFp` (`ExpansionLiveness`);
   * `approximate`: met on a state another thread may expand, so the search is done again on one thread.
   */
  | { kind: 'error'; error: unknown; parentFp: bigint | null; state: State | null; outsideModel?: true; then?: Finding; liveness?: 'initial' | 'expansion'; approximate?: true };

/** 'paused': the budget of states ran out; call expandLevel again to continue. */
export type LevelStatus = 'done' | 'paused' | 'full' | 'stopped' | 'finding';

/** The explored graph, kept only when temporal properties need it (liveness is checked on it). */
export interface StateGraph {
  states: GraphStates;
  idOf: FingerprintIds;
  /** The ids of the in-model successors of each state (duplicates removed). */
  successors: SuccessorLists;
  /** Ids of initial states. */
  initial: number[];
  /**
   * For each A of a guarded `S \/ [][A]_v` (`guardedActionChecks`), the steps that fail it, as flat
   * (from id, to id) pairs in the order taken: A is judged on each step as it is generated (on the real
   * successor, not the member of its VIEW class the graph keeps); which of them count depends on the
   * initial states that fail S, known once the graph is whole.
   */
  failedSteps: Map<number, number[]>;
}

/**
 * An empty graph that judges the given actions on every step added by `addStep`, and evaluates
 * `facts` on every state stored (`stateFacts`).
 */
export function emptyStateGraph(judgedActions: readonly number[], initial: number[] = [], facts: StateFactEvaluator | null = null): StateGraph {
  return { states: new GraphStates(facts), idOf: new FingerprintIds(), successors: new SuccessorLists(), initial, failedSteps: new Map(judgedActions.map((a) => [a, []])) };
}

/** Adds the step u -> v (states `from` -> `to`), recording it against each judged action it fails. */
export function addStep(model: Model, graph: StateGraph, u: number, from: State, v: number, to: State): void {
  graph.successors.add(u, v);
  if (graph.failedSteps.size === 0) return; // most specs: no iterator per edge
  for (const [action, failed] of graph.failedSteps) if (!model.evalActionPredicate(action, from, to)) failed.push(u, v);
}

export interface ExplorerOptions {
  /** Checked between states: set to non-zero by any thread to stop the search. */
  stopFlag: Int32Array;
  /**
   * Polled inside long evaluations (`pollInterrupt`): true stops the search in the middle of a state,
   * which is put back on the queue (`abandonPending`). Only for a stop that ends the search.
   */
  shouldStop?: () => boolean;
  collectGraph?: boolean;
  /** Keep this thread's part of the state graph (`GraphFragment`), for a graph built on several threads. */
  collectFragment?: boolean;
  /** This thread's budget for queued states in memory (default: `defaultMemoryBudgetBytes()`). */
  memory?: MemoryOptions;
  /** `[][A]_v` properties, judged on every step to a state inside the constraints as it is generated. */
  actionProperties?: readonly ActionPropertyCheck[];
  /** Keep `valueCounts`. */
  countValues?: boolean;
  /** Without a graph, evaluate the liveness predicates TLC evaluates as it expands each state (`ExpansionLiveness`) to find their errors. */
  evaluateLiveness?: boolean;
}

/** A `[][A]_v` conjunct of a property: `property` indexes `Model.properties`, `action` `Model.actionPredicates`. */
export interface ActionPropertyCheck {
  property: number;
  action: number;
}

interface Pending {
  parent: State;
  parentFp: bigint;
  parentId: number;
  successors: Successor[];
  index: number;
  /** How many of `successors` are counted in `generatedByAction`. */
  counted: number;
  /** Added to `statesGenerated`: the successors and the middle states of `A \cdot B` steps. */
  generated: number;
  /** Thrown by generating the successors after `successors` (those before it are searched first, as TLC does). */
  error?: unknown;
  /** With `ExpansionLiveness`: the successors inside the model, and whether a liveness fact of one failed. */
  live: State[];
  livenessFailed: boolean;
}

export class Explorer {
  statesGenerated = 0;
  /** Of `statesGenerated`, the initial states (not kept in a checkpoint). */
  initialStatesGenerated = 0;
  readonly generatedByAction: number[];
  readonly distinctByAction: number[];
  readonly log = new TraceLog();
  /** States of the level being expanded, and the next level being built, with their view fingerprints. */
  readonly queueBudget: QueueBudget;
  private frontier: StateQueue;
  private next: StateQueue;
  private pending: Pending | null = null;
  /** The pending successor met a full table: when resumed, it is not counted again. */
  private resuming = false;
  finding: Finding | null = null;
  /** With `countValues`: per variable, the values (as printed) of the states queued after the initial ones, which TLC's coverage counts. */
  readonly valueCounts: Set<string>[] | null;
  readonly graph: StateGraph | null;
  readonly fragment: GraphFragment | null;
  private readonly actionProperties: readonly ActionPropertyCheck[];
  private readonly stateProperties: readonly StatePropertyCheck[];
  /** The liveness predicates TLC evaluates on each new initial state before its invariants (`initialTableauTest`). */
  private readonly initialTableau: ((state: State) => void) | null;
  private readonly expansion: ExpansionLiveness | null;
  /** With a fragment: the error of a liveness fact of a state this thread stored, which another thread may expand. */
  private storedLivenessError: { error: unknown } | null = null;
  private readonly clock = new SliceClock();

  constructor(
    readonly model: Model,
    public fingerprints: FingerprintSet,
    private readonly options: ExplorerOptions,
  ) {
    this.generatedByAction = model.actions.map(() => 0);
    this.distinctByAction = model.actions.map(() => 0);
    this.actionProperties = options.actionProperties ?? [];
    this.stateProperties = statePropertyChecks(model);
    this.initialTableau = initialTableauTest(model);
    this.expansion = options.collectGraph || options.collectFragment || options.evaluateLiveness ? expansionLiveness(model) : null;
    this.valueCounts = options.countValues ? model.variables.map(() => new Set()) : null;
    this.graph = options.collectGraph ? emptyStateGraph(guardedActionChecks(model), [], stateFacts(model)) : null;
    this.fragment = options.collectFragment ? new GraphFragment(stateFacts(model)) : null;
    this.queueBudget = new QueueBudget(model, options.memory ?? { budgetBytes: defaultMemoryBudgetBytes() });
    this.frontier = this.queueBudget.newQueue();
    this.next = this.queueBudget.newQueue();
  }

  /**
   * States not yet expanded: the rest of this level and all of the next (TLC's "left on queue"). The
   * state whose successors are being generated has left the queue, as in TLC.
   */
  get queueLeft(): number {
    return this.frontier.length + this.next.length;
  }

  /**
   * TLC's "depth of the complete state graph search" while level `level` is expanded: the deepest
   * level of any state found so far, so level + 1 once a successor was found, or the violating
   * successor (TLC records a new state before checking invariants on it, unless a constraint keeps it out).
   */
  depthAsTLC(level: number): number {
    const f = this.finding;
    const violatingNewState =
      f !== null &&
      (f.kind === 'action' ? f.newState : (f.kind === 'invariant' || f.kind === 'implied' || (f.kind === 'error' && f.state !== null)) && !f.outsideModel);
    return level + (this.next.length > 0 || violatingNewState ? 1 : 0);
  }

  /** Hands over the unexpanded rest of this level and the next level (between states only). */
  takeQueues(): { current: QueueEntry[]; next: QueueEntry[] } {
    if (this.pending) throw new Error('takeQueues in the middle of a state');
    const queues = { current: [...this.frontier.chunksInOrder()].flat(), next: [...this.next.chunksInOrder()].flat() };
    this.frontier.close();
    this.next.close();
    this.frontier = this.queueBudget.newQueue();
    this.next = this.queueBudget.newQueue();
    return queues;
  }

  /** Whether the search is between two states (no state half expanded): only then is a snapshot consistent. */
  get betweenStates(): boolean {
    return this.pending === null;
  }

  /**
   * Puts the state being expanded back at the head of the queue and takes its successors out of the
   * generated counts, so the search is between states again (a checkpoint of it resumes to the
   * counts of an unbroken run: the successors already logged are found again as seen). Only when the
   * search stops: a successor inserted in the table whose invariants were not checked would be lost.
   */
  abandonPending(): void {
    const p = this.pending;
    if (!p) return;
    this.statesGenerated -= p.generated;
    for (let i = 0; i < p.counted; i++) this.generatedByAction[p.successors[i]!.action]!--;
    this.frontier.putBack({ state: p.parent, fp: p.parentFp });
    this.pending = null;
    this.resuming = false;
  }

  /** Runs `evaluate` with this search's `shouldStop` polled by long evaluations (EvaluationInterrupted when it fires). */
  interruptible<T>(evaluate: () => T): T {
    return withInterruptCheck(this.options.shouldStop, evaluate);
  }

  /** The unexpanded rest of this level and the next level, read when iterated (between states only). */
  queueCopies(): { current: QueuedStates; next: QueuedStates } {
    if (this.pending) throw new Error('queueCopies in the middle of a state');
    return {
      current: { count: this.frontier.length, chunks: this.frontier.chunksInOrder() },
      next: { count: this.next.length, chunks: this.next.chunksInOrder() },
    };
  }

  /** Takes over the counters, log and queues of a recovered checkpoint (before any state is expanded). */
  restore(snapshot: SearchSnapshot): void {
    this.statesGenerated = snapshot.statesGenerated;
    snapshot.generatedByAction.forEach((n, i) => (this.generatedByAction[i] = n));
    snapshot.distinctByAction.forEach((n, i) => (this.distinctByAction[i] = n));
    this.log.addAll(snapshot.log.fps, snapshot.log.parents);
    // One push each: spreading millions of states as arguments would overflow the stack.
    for (const chunk of snapshot.current.chunks) for (const entry of chunk) this.frontier.push(entry);
    for (const chunk of snapshot.next.chunks) for (const entry of chunk) this.next.push(entry);
  }

  /** This thread's whole search as a checkpoint holds it, when it searches alone (between states only). */
  snapshot(depth: number): Omit<SearchSnapshot, 'elapsedMs'> {
    return {
      depth,
      statesGenerated: this.statesGenerated,
      generatedByAction: [...this.generatedByAction],
      distinctByAction: [...this.distinctByAction],
      log: this.log.entries(),
      ...this.queueCopies(),
    };
  }

  get frontierSize(): number {
    return this.frontier.length;
  }

  get nextSize(): number {
    return this.next.length;
  }

  /**
   * Adds states handed over by another thread to this level or the next, with the fingerprints that
   * thread computed (so they are computed once). Recomputes those of the first `verifyCount` states
   * and returns the index of the first this thread's model does not reproduce (-1 if all agree): a
   * disagreement between threads would silently count states twice.
   */
  add(states: readonly State[], fps: readonly bigint[], level: 'current' | 'next', verifyCount = 0): number {
    const queue = level === 'current' ? this.frontier : this.next;
    let mismatch = -1;
    states.forEach((state, i) => {
      const fp = fps[i]!;
      if (i < verifyCount && mismatch < 0 && fingerprintKey(this.model.viewFingerprint(state)) !== fp) mismatch = i;
      queue.push({ state, fp });
    });
    return mismatch;
  }

  /** Removes up to `count` unexpanded states of this level (for another thread to expand). */
  give(count: number): QueueEntry[] {
    return this.frontier.takeFromEnd(count);
  }

  /** Starts a new level from the states found in the previous one. */
  advanceLevel(): void {
    this.frontier.close();
    this.frontier = this.next;
    this.next = this.queueBudget.newQueue();
  }

  private graphId(fp: bigint, state: State): number {
    const graph = this.graph!;
    let id = graph.idOf.get(fp);
    if (id === undefined) {
      id = graph.states.length;
      graph.idOf.set(fp, id);
      graph.states.push(state);
    }
    return id;
  }

  /**
   * Adds initial states (computed by the caller) as TLC does: every one counts as generated; those
   * outside the CONSTRAINT are not kept; invariants are checked on each new one. Starts at
   * `states[from]` and returns where it stopped: at the end, a finding, or the clock past `sliceEndMs`
   * (so that the caller sees Ctrl-C between initial states whose invariants take seconds).
   * EvaluationInterrupted (`shouldStop`) leaves the state being added half added: the search stops.
   */
  addInitial(states: readonly State[], from = 0, sliceEndMs = Infinity): { status: 'done' | 'paused' | 'finding'; next: number } {
    return this.interruptible(() => {
      for (let i = from; i < states.length; i++) {
        if (i > from && sliceEndMs !== Infinity && Date.now() >= sliceEndMs) return { status: 'paused', next: i };
        const added = this.addInitialState(states[i]!, false);
        if (added === 'finding') return { status: 'finding', next: i };
        if (added !== 'added') {
          this.initialAgain(states, added.livenessError);
          return { status: 'finding', next: i };
        }
      }
      return { status: 'done', next: states.length };
    });
  }

  /**
   * After `error` in a liveness property's predicates on an initial state, what TLC does
   * (ModelChecker.doInit, again with its call stack recorded): it reports the error, then generates the
   * initial states again, counting them anew, adds those it had not reached (evaluating their liveness
   * predicates) and checks the invariants of every one, seen or not; it reports the first violation or
   * error of that pass after the first error, with the statistics of that moment.
   */
  private initialAgain(states: readonly State[], error: unknown): void {
    this.statesGenerated -= this.initialStatesGenerated;
    this.initialStatesGenerated = 0;
    let then: Finding | undefined;
    for (const state of states) {
      if (this.addInitialState(state, true) !== 'added') {
        then = this.finding!;
        break;
      }
    }
    this.finding = { kind: 'error', error, parentFp: null, state: null, liveness: 'initial', ...(then ? { then } : {}) };
  }

  /**
   * `again`: the second pass of `initialAgain`, where a state already present has its invariants
   * checked too and a liveness predicate's error is a finding. Otherwise such an error is returned.
   */
  private addInitialState(state: State, again: boolean): 'added' | 'finding' | { livenessError: unknown } {
    const model = this.model;
    this.statesGenerated++;
    this.initialStatesGenerated++;
    let fp: bigint;
    let inModel: boolean;
    try {
      fp = fingerprintKey(model.viewFingerprint(state));
      inModel = model.satisfiesConstraints(state);
    } catch (error) {
      rethrowInterruption(error);
      this.finding = { kind: 'error', error, parentFp: null, state };
      return 'finding';
    }
    const added = inModel ? this.fingerprints.add(fp) : 'added';
    if (added === 'full') throw new Error('fingerprint set too small for the initial states');
    if (added === 'present' && !again) return 'added';
    // Queued before its invariants are checked, as TLC does (so an invariant that fails to evaluate
    // on it leaves it on the queue: TLC's "1 states left on queue").
    if (inModel && added === 'added') {
      this.log.add(fp, 0n);
      let queued = state;
      if (this.graph) {
        const id = this.graphId(fp, state);
        this.graph.initial.push(id);
        queued = this.graph.states.get(id);
      }
      if (this.fragment) {
        queued = this.storeInFragment(fp, state);
        this.fragment.addInitial(fp);
      }
      this.next.push({ state: queued, fp });
      try {
        this.initialTableau?.(state);
      } catch (error) {
        rethrowInterruption(error);
        if (!again) return { livenessError: error };
        this.finding = { kind: 'error', error, parentFp: null, state, liveness: 'initial' };
        return 'finding';
      }
    }
    return this.checkInvariants(state, null) ? 'finding' : 'added';
  }

  private violatesActionProperty(from: State, to: State, parentFp: bigint, newState: boolean): boolean {
    try {
      const check = this.actionProperties.find((c) => !this.model.evalActionPredicate(c.action, from, to));
      if (!check) return false;
      this.finding = { kind: 'action', check, parentFp, state: to, newState };
    } catch (error) {
      rethrowInterruption(error);
      this.finding = { kind: 'error', error, parentFp, state: to };
    }
    return true;
  }

  private checkInvariants(state: State, parentFp: bigint | null, parent?: State, inModel = true): boolean {
    const outside = inModel ? {} : ({ outsideModel: true } as const);
    try {
      const violated = this.model.violatedInvariant(state, parent);
      if (violated >= 0) {
        this.finding = { kind: 'invariant', invariant: violated, parentFp, state, ...outside };
        return true;
      }
      // TLC's implied invariants, after the invariants.
      if (this.stateProperties.length === 0) return false;
      const check = this.stateProperties.find((c) => !stateFormulaHolds(this.model, c.predicate, state));
      if (!check) return false;
      this.finding = { kind: 'implied', check, parentFp, state, ...outside };
    } catch (error) {
      rethrowInterruption(error);
      this.finding = { kind: 'error', error, parentFp, state, ...outside };
    }
    return true;
  }

  /**
   * Expands the current level until it is done, a finding, a full fingerprint set, the stop flag,
   * `budget` states expanded, or the clock past `sliceEndMs` (checked between successors, so that the
   * caller can report progress and notice Ctrl-C even when each successor's invariants take seconds).
   * 'stopped' by `shouldStop` inside an evaluation leaves the search between states (`abandonPending`).
   */
  expandLevel(budget = Infinity, sliceEndMs = Infinity): LevelStatus {
    return this.interruptible(() => {
      try {
        return this.expand(budget, sliceEndMs);
      } catch (error) {
        if (!(error instanceof EvaluationInterrupted)) throw error;
        this.abandonPending();
        return 'stopped';
      }
    });
  }

  private expand(budget: number, sliceEndMs: number): LevelStatus {
    const model = this.model;
    const stopFlag = this.options.stopFlag;
    let expanded = 0;
    for (;;) {
      if (!this.pending) {
        if (this.frontier.length === 0) return 'done';
        if (expanded >= budget || this.clock.pastEnd(sliceEndMs)) return 'paused';
        if ((expanded & 63) === 0 && Atomics.load(stopFlag, 0) !== 0) return 'stopped';
        expanded++;
        const { state: parent, fp: parentFp } = this.frontier.shift()!;
        const pending: Pending = { parent, parentFp, parentId: this.graph ? this.graph.idOf.get(parentFp)! : -1, successors: [], index: 0, counted: 0, generated: 0, live: [], livenessFailed: false };
        this.pending = pending;
        this.fragment?.beginExpansion(parentFp);
        try {
          const produced = model.successors(parent, true);
          // Spec models return an array already: copying it cost an allocation per state.
          pending.successors = Array.isArray(produced) ? produced : Array.from(produced);
          pending.generated = pending.successors.length + (model.middleStatesGenerated?.() ?? 0);
        } catch (error) {
          rethrowInterruption(error);
          // TLC searched the successors generated before the error (a new one is distinct and queued), then stops.
          const before = model.generatedBeforeError?.() ?? { successors: [], generated: 0 };
          pending.successors = [...before.successors];
          pending.generated = before.generated;
          pending.error = error;
        }
        this.statesGenerated += pending.generated;
        if (pending.error === undefined && pending.successors.length === 0 && model.checkDeadlock) {
          model.releasePrinted?.(Infinity);
          this.pending = null;
          this.finding = { kind: 'deadlock', fp: parentFp };
          return 'finding';
        }
      }
      const p = this.pending;
      const status = this.processPending(p, sliceEndMs);
      if (status === 'finding') {
        // TLC counts successors as it generates them and stops at the one in error: the rest never were.
        const never = p.successors.length - (p.index + 1);
        this.statesGenerated -= never;
        p.generated -= never;
      }
      if (status !== 'done') return status;
      this.pending = null;
      if (p.error !== undefined) {
        this.finding = { kind: 'error', error: p.error, parentFp: p.parentFp, state: null };
        return 'finding';
      }
      const failed = this.expansion ? this.livenessError(p, this.expansion) : null;
      if (failed) {
        this.finding = { kind: 'error', error: failed.error, parentFp: p.parentFp, state: null, liveness: 'expansion', ...(failed === this.storedLivenessError ? { approximate: true } : {}) };
        return 'finding';
      }
    }
  }

  private processPending(p: Pending, sliceEndMs: number): LevelStatus {
    const model = this.model;
    const first = p.index;
    for (; p.index < p.successors.length; p.index++) {
      // Never before the first successor of this call (each call makes progress) nor inside one resumed after 'full'.
      if (p.index > first && p.index === p.counted && this.clock.pastEnd(sliceEndMs)) return 'paused';
      // What the actions printed up to this successor: TLC checks it before generating the next.
      model.releasePrinted?.(p.index);
      const { action, state } = p.successors[p.index]!;
      let fp: bigint;
      let inModel: boolean;
      try {
        fp = fingerprintKey(model.viewFingerprint(state));
        inModel = model.satisfiesConstraints(state) && model.satisfiesActionConstraints(p.parent, state);
      } catch (error) {
        rethrowInterruption(error);
        this.finding = { kind: 'error', error, parentFp: p.parentFp, state };
        return 'finding';
      }
      // Resuming after 'full' re-visits the successor that did not fit, so count it only once.
      const firstVisit = !this.resuming;
      this.resuming = false;
      if (firstVisit) {
        this.generatedByAction[action]!++;
        p.counted++;
      }
      let isNew = true;
      if (inModel) {
        const added = this.fingerprints.add(fp);
        if (added === 'full') {
          this.resuming = true;
          return 'full';
        }
        isNew = added === 'added';
      }
      if (isNew && this.checkInvariants(state, p.parentFp, p.parent, inModel)) return 'finding';
      // As TLC checks implied actions: on every step, to a new state or not, invariants first.
      if (inModel && this.actionProperties.length > 0 && this.violatesActionProperty(p.parent, state, p.parentFp, isNew)) return 'finding';
      // With a graph, a new state is queued as the graph stores it (its values shared with the
      // graph's), not with the copies of earlier values its action built: the queue is most of the
      // heap at the widest levels of a liveness run (MessagingNightly).
      let queued = state;
      if (inModel && this.graph) {
        try {
          const id = this.graphId(fp, state);
          addStep(model, this.graph, p.parentId, p.parent, id, state);
          if (isNew) queued = this.graph.states.get(id);
          if (this.expansion && this.graph.states.anyFailed(id, this.expansion.onSuccessors)) p.livenessFailed = true;
        } catch (error) {
          rethrowInterruption(error);
          this.finding = { kind: 'error', error, parentFp: p.parentFp, state };
          return 'finding';
        }
      }
      if (inModel && this.fragment) {
        this.fragment.addSuccessor(fp);
        if (isNew) queued = this.storeInFragment(fp, state);
      }
      if (inModel && this.expansion) p.live.push(state);
      if (inModel && isNew) {
        if (this.valueCounts) model.formatState(state).forEach(({ value }, i) => this.valueCounts![i]!.add(value));
        this.distinctByAction[action]!++;
        this.log.add(fp, p.parentFp);
        this.next.push({ state: queued, fp });
      }
    }
    model.releasePrinted?.(Infinity);
    return 'done';
  }

  /**
   * The error of a liveness predicate TLC evaluates expanding `p.parent` (`ExpansionLiveness`), looked
   * for where a fact the graph keeps failed (or everywhere, `evaluateLiveness`); with a fragment, one
   * met on a state this thread stored, wherever it is expanded.
   */
  private livenessError(p: Pending, expansion: ExpansionLiveness): { error: unknown } | null {
    const parentFailed = this.graph !== null && this.graph.states.anyFailed(p.parentId, expansion.all);
    if (this.options.evaluateLiveness || p.livenessFailed || parentFailed || this.storedLivenessError) {
      try {
        expansion.evaluate(p.parent, p.live);
      } catch (error) {
        rethrowInterruption(error);
        return { error };
      }
    }
    return this.storedLivenessError;
  }

  /** Stores a new state in this thread's fragment, keeping the error of a liveness fact that failed on it. */
  private storeInFragment(fp: bigint, state: State): State {
    const stored = this.fragment!.addState(fp, state);
    const expansion = this.expansion;
    if (expansion && !this.storedLivenessError && this.fragment!.lastFactFailed(expansion.all)) {
      try {
        expansion.evaluate(state, []);
      } catch (error) {
        rethrowInterruption(error);
        this.storedLivenessError = { error };
      }
    }
    return stored;
  }
}

/**
 * Whether the clock is past a slice's end, read once every `stride` questions: `Date.now()` before
 * every successor was ≈2 % of a TwoPhase run. The stride doubles (up to 16) while the reads come at
 * most a millisecond apart and is 1 again after a longer gap, so when successors take milliseconds or
 * more (invariants that take seconds) the clock is read before each one, as before.
 */
class SliceClock {
  private countdown = 1;
  private stride = 1;
  private lastReadMs = 0;

  pastEnd(sliceEndMs: number): boolean {
    if (sliceEndMs === Infinity || --this.countdown > 0) return false;
    const now = Date.now();
    this.stride = now - this.lastReadMs <= 1 ? Math.min(16, this.stride * 2) : 1;
    this.countdown = this.stride;
    this.lastReadMs = now;
    return now >= sliceEndMs;
  }
}

/** An interruption is a stop, never a finding of the model: it leaves through every catch. */
function rethrowInterruption(error: unknown): void {
  if (error instanceof EvaluationInterrupted) throw error;
}
