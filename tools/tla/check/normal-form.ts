// Any temporal property as TLC checks it: the negation of the properties, conjoined with the
// fairness, in disjunctive normal form; each disjunct split into the conditions a cycle must meet
// (<>[]A, []<>P, []<>A: an error model) and the rest, whose tableau the state graph is multiplied
// with; disjuncts with the same rest share one branch (TLC's OrderOfSolution). The same steps, in
// the same order, as TLC's normal form (tools/tla/check/README.md, "Any temporal formula").
import { fail, type Span } from '../diagnostics.js';
import type { Temporal } from './model.js';
import type { ErrorModel, Ltl, NormalForm } from './tlc-lasso.js';

/**
 * A formula over the model's predicates, as TLC's liveness checker holds one: an atom is equal
 * only to itself (copies made by the normal form share it), so two formulas are the same when
 * built alike from the same atoms.
 */
type Live =
  | { kind: 'state'; f: Temporal } // a state formula
  | { kind: 'enabled'; action: number } // ENABLED <<A>>_v
  | { kind: 'action'; action: number } // an action predicate on a step
  | { kind: 'not'; arg: Live }
  | { kind: 'and' | 'or'; args: Live[] }
  | { kind: 'always' | 'eventually'; arg: Live };

/** What the conditions read: a state formula in a state, ENABLED in a state, an action on a step. */
export interface Predicates {
  holds(f: Temporal, u: number): boolean;
  enabled(action: number, u: number): boolean;
  step(action: number, u: number, v: number): boolean;
}

/** The properties a refusal names, and where. */
export interface Where {
  name: string;
  span?: Span;
}

/** A branch of the normal form; `warns`: whether TLC warns after a stuttering counterexample found in it (and the spec has no fairness). */
export interface Branch {
  normal: NormalForm;
  warns: boolean;
}

const isAtom = (f: Live): boolean => f.kind === 'state' || f.kind === 'enabled' || f.kind === 'action';

const STATE = 1;
const ACTION = 2;
const TEMPORAL = 3;

function level(f: Live): number {
  switch (f.kind) {
    case 'state':
    case 'enabled':
      return STATE;
    case 'action':
      return ACTION;
    case 'not':
      return level(f.arg);
    case 'and':
    case 'or':
      return Math.max(...f.args.map(level));
    default:
      return TEMPORAL;
  }
}

const isStateFormula = (f: Temporal): boolean => f.kind === 'state' || (f.kind === 'not' && isStateFormula(f.arg)) || ((f.kind === 'and' || f.kind === 'or') && f.args.every(isStateFormula));

/** The formula as TLC reads it: P ~> Q is [](~P \/ <>Q), WF [](<>(~ENABLED A \/ A)), SF <>[]~ENABLED A \/ []<>A. */
function live(f: Temporal): Live {
  // A junction of state formulas is one atom, as TLC reads a state-level expression; a negation is kept (P => F is ~P \/ F).
  if (f.kind === 'state' || ((f.kind === 'and' || f.kind === 'or') && isStateFormula(f))) return { kind: 'state', f };
  switch (f.kind) {
    case 'action':
      return { kind: 'action', action: f.predicate };
    case 'not':
      return { kind: 'not', arg: live(f.arg) };
    case 'and':
    case 'or':
      return { kind: f.kind, args: f.args.map(live) };
    case 'always':
    case 'eventually':
      return { kind: f.kind, arg: live(f.arg) };
    case 'leadsTo':
      return { kind: 'always', arg: { kind: 'or', args: [{ kind: 'not', arg: live(f.lhs) }, { kind: 'eventually', arg: live(f.rhs) }] } };
    case 'weakFair': {
      const disabled: Live = { kind: 'not', arg: { kind: 'enabled', action: f.action } };
      return { kind: 'always', arg: { kind: 'eventually', arg: { kind: 'or', args: [disabled, { kind: 'action', action: f.action }] } } };
    }
    case 'strongFair': {
      const disabled: Live = { kind: 'not', arg: { kind: 'enabled', action: f.action } };
      return {
        kind: 'or',
        args: [
          { kind: 'eventually', arg: { kind: 'always', arg: disabled } },
          { kind: 'always', arg: { kind: 'eventually', arg: { kind: 'action', action: f.action } } },
        ],
      };
    }
  }
}

/** [][]F is []F, <><>F is <>F; a junction of one is its conjunct. */
function simplify(f: Live): Live {
  switch (f.kind) {
    case 'always':
    case 'eventually': {
      const arg = simplify(f.arg);
      return { kind: f.kind, arg: arg.kind === f.kind ? arg.arg : arg };
    }
    case 'not':
      return { kind: 'not', arg: simplify(f.arg) };
    case 'and':
    case 'or': {
      const args = f.args.map(simplify);
      return args.length === 1 ? args[0]! : { kind: f.kind, args };
    }
    default:
      return f;
  }
}

/** ~f with the negation moved inward through /\, \/, [] and <> (a negation met is dropped, its body kept as it is). */
function negated(f: Live): Live {
  switch (f.kind) {
    case 'and':
      return { kind: 'or', args: f.args.map(negated) };
    case 'or':
      return { kind: 'and', args: f.args.map(negated) };
    case 'always':
      return { kind: 'eventually', arg: negated(f.arg) };
    case 'eventually':
      return { kind: 'always', arg: negated(f.arg) };
    case 'not':
      return f.arg;
    default:
      return { kind: 'not', arg: f };
  }
}

/** The A of []<>A, else null. */
const infinitelyOftenBody = (f: Live): Live | null => (f.kind === 'always' && f.arg.kind === 'eventually' ? f.arg.arg : null);

/**
 * The disjunctive normal form, as TLC makes it: a conjunction is the cross product of its conjuncts'
 * disjuncts (the first varying slowest), and the []<>A disjuncts of a disjunction are joined into one
 * []<>(A1 \/ A2 ...) after the others. Below [] and <> nothing changes.
 */
function dnf(f: Live, where: Where): Live {
  switch (f.kind) {
    case 'not':
      return f.arg.kind === 'state' || f.arg.kind === 'enabled' || f.arg.kind === 'action' ? f : dnf(negated(f.arg), where);
    case 'and': {
      const parts: Live[] = [];
      let total = 1;
      for (const g of f.args.map((g) => dnf(g, where))) {
        if (g.kind === 'or') (parts.push(g), (total *= g.args.length));
        else if (g.kind === 'and') parts.push(...g.args);
        else parts.push(g);
      }
      if (total === 1) return { kind: 'and', args: parts };
      if (total > 1 << 20) fail('E5001', `${where.name} has more than 2^20 disjuncts in disjunctive normal form`, where.span, 'split it into several properties (TLC: "it exceeds the maximum supported size in disjunctive normal form")');
      const rows: Live[][] = Array.from({ length: total }, () => []);
      let repeat = total;
      let blocks = 1;
      for (const g of parts) {
        if (g.kind !== 'or') {
          for (const row of rows) row.push(g);
          continue;
        }
        repeat /= g.args.length;
        let i = 0;
        for (let b = 0; b < blocks; b++) for (const d of g.args) for (let r = 0; r < repeat; r++) rows[i++]!.push(d);
        blocks *= g.args.length;
      }
      return { kind: 'or', args: rows.map((args): Live => ({ kind: 'and', args })) };
    }
    case 'or': {
      const often: Live[] = [];
      const rest: Live[] = [];
      for (const g of f.args.map((g) => dnf(g, where))) {
        for (const d of g.kind === 'or' ? g.args : [g]) {
          const body = infinitelyOftenBody(d);
          if (body) often.push(body);
          else rest.push(d);
        }
      }
      if (often.length > 0) rest.push({ kind: 'always', arg: { kind: 'eventually', arg: often.length === 1 ? often[0]! : { kind: 'or', args: often } } });
      return { kind: 'or', args: rest };
    }
    default:
      return f;
  }
}

/** Junctions of one replaced by their conjunct, double negations dropped. */
function flatten(f: Live): Live {
  switch (f.kind) {
    case 'and':
    case 'or':
      return f.args.length === 1 ? flatten(f.args[0]!) : { kind: f.kind, args: f.args.map(flatten) };
    case 'not':
      return f.arg.kind === 'not' ? flatten(f.arg.arg) : { kind: 'not', arg: flatten(f.arg) };
    case 'always':
    case 'eventually':
      return { kind: f.kind, arg: flatten(f.arg) };
    default:
      return f;
  }
}

function same(a: Live, b: Live): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || isAtom(a)) return false;
  if (a.kind === 'and' || a.kind === 'or') {
    const c = b as typeof a;
    return a.args.length === c.args.length && a.args.every((g, i) => same(g, c.args[i]!));
  }
  return same((a as { arg: Live }).arg, (b as { arg: Live }).arg);
}

const containsAction = (f: Live): boolean => f.kind === 'action' || ('arg' in f ? containsAction(f.arg) : 'args' in f && f.args.some(containsAction));

/** One disjunct sorted as TLC's classifyExpr: <>[]A (`always`), []<>P (`someState`), []<>A (`someStep`), and the rest (`tableau`). */
interface Disjunct {
  always: Live[];
  someState: Live[];
  someStep: Live[];
  tableau: Live[];
}

function classified(d: Live, where: Where): Disjunct {
  const out: Disjunct = { always: [], someState: [], someStep: [], tableau: [] };
  for (const g of d.kind === 'and' ? d.args : [d]) {
    if (g.kind === 'eventually' && g.arg.kind === 'always' && level(g.arg.arg) < TEMPORAL) out.always.push(g.arg.arg);
    else if (g.kind === 'always' && g.arg.kind === 'eventually' && level(g.arg.arg) === STATE) out.someState.push(g.arg.arg);
    else if (g.kind === 'always' && g.arg.kind === 'eventually' && level(g.arg.arg) === ACTION) out.someStep.push(g.arg.arg);
    else if (containsAction(g)) {
      // TLC: "The liveness formula has an action in an unsupported position"
      fail('E5001', `${where.name} has an action where TLC cannot check it: only in <>[]A, []<>A, [][A]_v and WF/SF (TLC: "Temporal formulas containing actions must be of forms <>[]A or []<>A.")`, where.span, 'write the action as <>[][A]_v or []<><<A>>_v, or the property as a state predicate over the variables');
    } else out.tableau.push(g);
  }
  return out;
}

/** The rest of a disjunct as one formula, binary as the tableau takes it (TLC's makeBinary: halves, the first the smaller). */
function binary(f: Live): Live {
  if ((f.kind === 'and' || f.kind === 'or') && f.args.length === 1) return binary(f.args[0]!);
  if (f.kind === 'and' || f.kind === 'or') {
    const mid = Math.floor(f.args.length / 2);
    return { kind: f.kind, args: [binary({ kind: f.kind, args: f.args.slice(0, mid) }), binary({ kind: f.kind, args: f.args.slice(mid) })] };
  }
  if (f.kind === 'not' || f.kind === 'always' || f.kind === 'eventually') return { kind: f.kind, arg: binary(f.arg) };
  return f;
}

/**
 * The branches of `fairness /\ ~(F1 /\ ... /\ Fn)` for the temporal conjuncts Fi, as TLC searches them
 * (its "satisfiability problem has N branches"), over the predicates `at` evaluates. `where` names the
 * properties in a refusal. None when the negation is not satisfiable by its form (no disjunct).
 */
export function normalForm(fairness: readonly Temporal[], properties: readonly Temporal[], at: Predicates, where: Where): Branch[] {
  if (properties.length === 0) return [];
  const negations: Live[] = properties.map((f) => ({ kind: 'not', arg: live(f) }));
  const check: Live = negations.length === 1 ? negations[0]! : { kind: 'or', args: negations };
  const whole: Live = fairness.length === 0 ? check : { kind: 'and', args: [...fairness.map(live), check] };
  const top = dnf(simplify(whole), where);
  const disjuncts = (top.kind === 'or' ? top.args : [top]).map((d) => classified(flatten(d), where));
  // Disjuncts grouped by their rest, in the order first met.
  const groups: { rest: Live | null; members: Disjunct[] }[] = [];
  for (const d of disjuncts) {
    const rest = d.tableau.length === 0 ? null : d.tableau.length === 1 ? d.tableau[0]! : ({ kind: 'and', args: d.tableau } as Live);
    const group = groups.find((g) => (g.rest === null ? rest === null : rest !== null && same(g.rest, rest)));
    if (group) group.members.push(d);
    else groups.push({ rest, members: [d] });
  }
  const atoms = new Map<Live, Ltl>();
  const ltl = (f: Live): Ltl => {
    switch (f.kind) {
      case 'state':
      case 'enabled': {
        let atom = atoms.get(f);
        if (!atom) atoms.set(f, (atom = { kind: 'atom', test: (u) => stateHolds(f, u, at) }));
        return atom;
      }
      case 'and':
      case 'or':
        return { kind: f.kind, args: [ltl(f.args[0]!), ltl(f.args[1]!)] };
      case 'not':
      case 'always':
      case 'eventually':
        return { kind: f.kind, arg: ltl(f.arg) };
      case 'action':
        throw new Error('an action in a tableau'); // classified() keeps them out
    }
  };
  return groups.map(({ rest, members }) => {
    const tableau = rest ? binary(rest) : null;
    const models = members.map(
      (d): ErrorModel => ({
        always: d.always.map((g) => (u: number, v: number) => stepHolds(g, u, v, at)),
        someState: d.someState.map((g) => (u: number) => stateHolds(g, u, at)),
        someStep: d.someStep.map((g) => (u: number, v: number) => stepHolds(g, u, v, at)),
      }),
    );
    // TLC's warning after a stuttering counterexample is left out where the branch is a safety
    // search: no cycle conditions in any disjunct, and no [] inside a promise <>F.
    const boxInPromise = tableau !== null && promisesHaveBox(tableau);
    const safety = !boxInPromise && members.every((d) => d.always.length + d.someState.length + d.someStep.length === 0);
    return { normal: { models, tableau: tableau ? ltl(tableau) : null }, warns: !safety };
  });
}

function promisesHaveBox(f: Live): boolean {
  const hasBox = (g: Live): boolean => g.kind === 'always' || ('arg' in g ? hasBox(g.arg) : 'args' in g && g.args.some(hasBox));
  if (f.kind === 'eventually' && hasBox(f.arg)) return true;
  return 'arg' in f ? promisesHaveBox(f.arg) : 'args' in f && f.args.some(promisesHaveBox);
}

function stateHolds(f: Live, u: number, at: Predicates): boolean {
  switch (f.kind) {
    case 'state':
      return at.holds(f.f, u);
    case 'enabled':
      return at.enabled(f.action, u);
    case 'not':
      return !stateHolds(f.arg, u, at);
    case 'and':
      return f.args.every((g) => stateHolds(g, u, at));
    case 'or':
      return f.args.some((g) => stateHolds(g, u, at));
    default:
      throw new Error(`not a state formula: ${f.kind}`);
  }
}

/** A formula below the temporal level on the step u -> v: state formulas read u. */
function stepHolds(f: Live, u: number, v: number, at: Predicates): boolean {
  switch (f.kind) {
    case 'action':
      return at.step(f.action, u, v);
    case 'not':
      return !stepHolds(f.arg, u, v, at);
    case 'and':
      return f.args.every((g) => stepHolds(g, u, v, at));
    case 'or':
      return f.args.some((g) => stepHolds(g, u, v, at));
    default:
      return stateHolds(f, u, at);
  }
}

/**
 * Whether `f` holds at position `i` of the lasso `length` states long whose last state steps back to
 * `loopStart` (to itself when stuttering), as TLC evaluates a property on its counterexample to name
 * those violated: `state`/`step` read the lasso's positions.
 */
export function holdsOnLasso(f: Temporal, i: number, length: number, loopStart: number, at: { holds(f: Temporal, i: number): boolean; enabled(action: number, i: number): boolean; step(action: number, i: number, j: number): boolean }): boolean {
  const next = (k: number) => (k < length - 1 ? k + 1 : loopStart);
  const from = (k: number): number[] => {
    const out: number[] = [];
    for (let j = k; j < length; j++) out.push(j);
    for (let j = loopStart; j < Math.min(k, length); j++) out.push(j);
    return out;
  };
  const holds = (g: Live, k: number): boolean => {
    switch (g.kind) {
      case 'state':
        return at.holds(g.f, k);
      case 'enabled':
        return at.enabled(g.action, k);
      case 'action':
        return at.step(g.action, k, next(k));
      case 'not':
        return !holds(g.arg, k);
      case 'and':
        return g.args.every((h) => holds(h, k));
      case 'or':
        return g.args.some((h) => holds(h, k));
      case 'always':
        return from(k).every((j) => holds(g.arg, j));
      case 'eventually':
        return from(k).some((j) => holds(g.arg, j));
    }
  };
  return holds(live(f), i);
}
