// TLC's normal form of fairness /\ ~properties: its branches (TLC's "satisfiability problem has N
// branches", measured on differential/testdata/LtlBranches*), each branch's error models and
// tableau, the refusal of an action in the tableau part, and a formula's value on a lasso.
import t from 'tap';
import { DiagnosticError } from '../diagnostics.js';
import type { Temporal } from './model.js';
import { holdsOnLasso, normalForm } from './normal-form.js';

const state = (predicate: number): Temporal => ({ kind: 'state', predicate });
const action = (predicate: number): Temporal => ({ kind: 'action', predicate });
const always = (arg: Temporal): Temporal => ({ kind: 'always', arg });
const eventually = (arg: Temporal): Temporal => ({ kind: 'eventually', arg });
const or = (...args: Temporal[]): Temporal => ({ kind: 'or', args });
const where = { name: 'property Prop' };
/** Predicate n holds in state u when bit n of u is set; action n on u -> v when v = u + 1 + n. */
const holds = (f: Temporal, u: number): boolean => (f.kind === 'state' ? ((u >> f.predicate) & 1) === 1 : f.kind === 'or' && f.args.some((g) => holds(g, u)));
const at = { holds, enabled: () => true, step: (a: number, u: number, v: number) => v === u + 1 + a };
const fairness: Temporal[] = [
  { kind: 'strongFair', action: 0 },
  { kind: 'weakFair', action: 1 },
];

t.test("branches as TLC counts them: disjuncts with the same tableau part share one", async (t) => {
  // LtlBranchesOne: SF_x(Up) /\ WF_x(Down), PROPERTY <>(x = 3) \/ [](x < 3): TLC, 1 branch.
  const one = normalForm(fairness, [or(eventually(state(0)), always(state(1)))], at, where);
  t.equal(one.length, 1);
  t.equal(one[0]!.normal.models.length, 2, "one error model per disjunct of the SF");
  t.ok(one[0]!.normal.tableau, '[]~P /\\ <>~Q has a tableau');
  // LtlBranchesTwo: PROPERTIES <>[]P \/ []<>Q, P ~> Q under the same fairness: TLC, 2 branches.
  const two = normalForm(fairness, [or(eventually(always(state(0))), always(eventually(state(1)))), { kind: 'leadsTo', lhs: state(2), rhs: state(3) }], at, where);
  t.equal(two.length, 2);
  // The first property's negation []<>~P /\\ <>[]~Q is one conjunct of each row of the cross product,
  // a conjunction inside the conjunction, which TLC classifies whole: into the tableau part.
  t.ok(two[0]!.normal.tableau, 'the first branch: ~(<>[]P \\/ []<>Q) kept whole in the tableau');
  t.ok(two[1]!.normal.tableau, 'the second: P ~> Q negated, <>(P /\\ []~Q)');
  const sizes = two[0]!.normal.models.map((m) => [m.always.length, m.someState.length, m.someStep.length]);
  t.same(sizes, [[1, 0, 1], [0, 0, 2]], "SF's <>[]~ENABLED, then its []<>A, with the WF's []<>(~ENABLED \\/ A)");
});

t.test('no fairness, one property: no conditions and no warning for a safety-like branch, a warning otherwise', async (t) => {
  t.same(normalForm([], [eventually(state(0))], at, where).map((b) => b.warns), [false], '<>P: []~P is a safety search');
  t.same(normalForm([], [or(eventually(state(0)), always(eventually(state(1))))], at, where).map((b) => b.warns), [true], '<>P \\/ []<>Q: <>[]~Q is a cycle condition');
  t.same(normalForm([], [always(or({ kind: 'not', arg: state(0) }, eventually(always(state(1)))))], at, where).map((b) => b.warns), [true], '[](P => <>[]Q): a [] inside the promise <>(P /\\ []<>~Q)');
});

t.test('an action where TLC cannot check it is refused with E5001', async (t) => {
  const refused = (f: Temporal) => {
    const error = (() => {
      try {
        normalForm([], [f], at, where);
        return null;
      } catch (e) {
        return e;
      }
    })();
    t.ok(error instanceof DiagnosticError && error.diagnostics[0]!.code === 'E5001' && /Prop has an action/.test(error.diagnostics[0]!.message));
  };
  refused(eventually(action(0))); // ~<>A is []~A
  refused(always(or({ kind: 'not', arg: state(0) }, eventually(always(action(0)))))); // [](P => <>[][A]_v)
  t.equal(normalForm([], [or(eventually(always(action(0))), always(eventually(state(0))))], at, where).length, 1, '<>[]A \\/ []<>P is checked');
});

t.test('a formula on a lasso: positions from the start, the cycle repeating', async (t) => {
  // States 0, 1, 2, 3 then back to 1: predicate 0 holds in 1 and 3, predicate 1 in 2 and 3.
  const lasso = { holds: (f: Temporal, i: number) => at.holds(f, i), enabled: () => true, step: (a: number, i: number, j: number) => at.step(a, i, j) };
  const on = (f: Temporal, i = 0) => holdsOnLasso(f, i, 4, 1, lasso);
  t.equal(on(always(eventually(state(0)))), true, '[]<>P: P in the cycle');
  t.equal(on(eventually(always(state(0)))), false, '<>[]P: P fails at 2, in the cycle');
  t.equal(on(always(state(0)), 1), false);
  t.equal(on(eventually(always(or(state(0), state(1))))), true, 'from 1 on, P or Q');
  t.equal(on(always(eventually(action(0)))), true, 'steps 1->2, 2->3 are A0; 3->1 is not');
  t.equal(on(eventually(always(action(0)))), false, 'the closing step 3->1 breaks <>[]A0');
});
