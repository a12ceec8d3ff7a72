// Temporal properties on hand-written models whose verdicts follow from the definitions of WF and
// SF: each case states why it holds or fails, and the shape of the lasso.
import t from 'tap';
import { checkModel } from './check.js';
import { loadModel, type HandWrittenModelArgs } from './hand-written-models.js';
import { DiagnosticError } from '../diagnostics.js';

const run = (args: HandWrittenModelArgs) => checkModel(loadModel(args));
const property = async (args: HandWrittenModelArgs) => {
  const r = await run(args);
  if (r.result !== 'violated') return { result: r.result };
  const v = r.violation;
  if (v.kind !== 'property') throw new Error(`expected a property violation, got ${v.kind}`);
  return { result: r.result, form: v.form, states: v.trace.map((s) => s.state.join(',')), loop: v.loop ? (v.loop.kind === 'back' ? v.loop.index : 'stuttering') : null };
};

t.test('[]<>(x = 0) on a 3-cycle', async (t) => {
  // Without fairness the behaviour may stutter in x = 1 forever.
  t.same(await property({ kind: 'cycle', fair: false, property: 'infinitelyOften' }), { result: 'violated', form: 'liveness', states: ['0', '1'], loop: 'stuttering' });
  t.same(await property({ kind: 'cycle', fair: true, property: 'infinitelyOften' }), { result: 'holds' });
});

t.test('<>(x = 2): stuttering in the initial state violates it unless Inc is weakly fair', async (t) => {
  t.same(await property({ kind: 'cycle', fair: false, property: 'eventually' }), { result: 'violated', form: 'liveness', states: ['0'], loop: 'stuttering' });
  t.same(await property({ kind: 'cycle', fair: true, property: 'eventually' }), { result: 'holds' });
});

t.test('<>[](x = 0) fails even under fairness: the fair cycle leaves 0 forever', async (t) => {
  t.same(await property({ kind: 'cycle', fair: true, property: 'eventuallyAlways' }), { result: 'violated', form: 'liveness', states: ['0', '1', '2'], loop: 0 });
});

t.test('(x = 1) ~> (x = 2)', async (t) => {
  t.same(await property({ kind: 'cycle', fair: false, property: 'leadsTo' }), { result: 'violated', form: 'liveness', states: ['0', '1'], loop: 'stuttering' });
  t.same(await property({ kind: 'cycle', fair: true, property: 'leadsTo' }), { result: 'holds' });
});

t.test('safety forms []P and [][A]_v hold on the cycle', async (t) => {
  t.same(await property({ kind: 'cycle', fair: true, property: 'always' }), { result: 'holds' });
  t.same(await property({ kind: 'cycle', fair: true, property: 'alwaysAction' }), { result: 'holds' });
});

t.test('WF vs SF: a grant enabled every other state', async (t) => {
  // Under WF(Grant) the toggling loop (0,0) -> (1,0) -> back is fair: Grant is not continuously enabled.
  t.same(await property({ kind: 'toggle', grantFairness: 'weakFair' }), { result: 'violated', form: 'liveness', states: ['0,0', '1,0'], loop: 0 });
  // Under SF(Grant), Grant is infinitely often enabled on that loop, so it must be taken.
  t.same(await property({ kind: 'toggle', grantFairness: 'strongFair' }), { result: 'holds' });
});

t.test('an unsupported form is refused with E5001 naming it, before the search', async (t) => {
  const error = await run({ kind: 'cycle', fair: false, property: 'unsupported' }).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(error instanceof DiagnosticError);
  const d = (error as DiagnosticError).diagnostics[0]!;
  t.equal(d.code, 'E5001');
  t.match(d.message, /Prop has the form <>A/);
});
