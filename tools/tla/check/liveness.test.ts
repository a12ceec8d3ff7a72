// Temporal properties on hand-written models whose verdicts follow from the definitions of WF and
// SF: each case states why it holds or fails, and the shape of the lasso.
import t from 'tap';
import { checkModel } from './check.js';
import { loadModel, type HandWrittenModelArgs } from './hand-written-models.js';
import { DiagnosticError } from '../diagnostics.js';
import { integerModel } from './hand-written-models.js';
import { simulateModel } from './simulate.js';
import { loadModel as loadSpec, loadModelSource } from '../load.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '../../../conventions/index.js';

/** `text` written as `name`.tla in a fresh folder, loaded through the front end with SPECIFICATION `spec` and PROPERTY `property`. */
function frontEnd(name: string, text: string) {
  const path = join(temporaryFolder(`cloudos-${name}-`), `${name}.tla`);
  writeFileSync(path, text);
  const configText = (property: string, spec: string) => `SPECIFICATION ${spec}\nPROPERTY ${property}\nCHECK_DEADLOCK FALSE\n`;
  return {
    load: (property: string, spec = 'Spec') => loadSpec({ spec: path, configText: configText(property, spec) }),
    source: (property: string, spec = 'Spec') => loadModelSource({ spec: path, configText: configText(property, spec) }),
  };
}

/** A counterexample's steps as `Action x,y`. */
const steps = (trace: readonly { action: { name: string } | null; state: readonly unknown[] }[]) => trace.map((s) => `${s.action?.name ?? 'Init'} ${s.state.join(',')}`);

const run = (args: HandWrittenModelArgs) => checkModel(loadModel(args));
const property = async (args: HandWrittenModelArgs) => {
  const r = await run(args);
  if (r.result !== 'violated') return { result: r.result };
  const v = r.violation;
  if (v.kind !== 'property') throw new Error(`expected a property violation, got ${v.kind}`);
  return { result: r.result, form: v.form, states: v.trace.map((s) => s.state.join(',')), loop: v.loop ? (v.loop.kind === 'back' ? v.loop.index : 'stuttering') : null };
};

t.test('[]<>(x = 0) on a 3-cycle', async (t) => {
  // Without fairness the behaviour may stutter in x = 1 forever; TLC's search reports x = 2, the
  // component its depth-first search completes first (TLC's answer for the same spec in TLA+, -fp 1 and 9).
  t.same(await property({ kind: 'cycle', fair: false, property: 'infinitelyOften' }), { result: 'violated', form: 'liveness', states: ['0', '1', '2'], loop: 'stuttering' });
  t.same(await property({ kind: 'cycle', fair: true, property: 'infinitelyOften' }), { result: 'holds' });
});

t.test('<>(x = 2): stuttering in the initial state violates it unless Inc is weakly fair', async (t) => {
  // TLC stutters in x = 1 (its answer for the same spec in TLA+, -fp 1 and 9).
  t.same(await property({ kind: 'cycle', fair: false, property: 'eventually' }), { result: 'violated', form: 'liveness', states: ['0', '1'], loop: 'stuttering' });
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

t.test('an action where TLC refuses it (<>A) is refused with E5001 naming it, before the search', async (t) => {
  const error = await run({ kind: 'cycle', fair: false, property: 'unsupported' }).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(error instanceof DiagnosticError);
  const d = (error as DiagnosticError).diagnostics[0]!;
  t.equal(d.code, 'E5001');
  t.match(d.message, /Prop has an action where TLC cannot check it/);
});

t.test('[][A]_v is judged on each step as the search generates it: a violation stops the search there', async (t) => {
  // 10^6 states, and x' <= 5 first fails on the step 5 -> 6 at BFS level 6: the search must stop
  // in that level, not after exploring everything (as a check after the search would).
  const model = integerModel({
    name: 'Grid',
    variables: ['x', 'y'],
    init: [[0, 0]],
    actions: [
      { name: 'IncX', next: (s) => (s[0]! + 1 < 1000 ? [[s[0]! + 1, s[1]!]] : []) },
      { name: 'IncY', next: (s) => (s[1]! + 1 < 1000 ? [[s[0]!, s[1]! + 1]] : []) },
    ],
    checkDeadlock: false,
    actionPredicates: [{ name: "[x' <= 5]_x", step: (_, u) => u[0]! <= 5, enabled: () => true }],
    properties: [{ name: 'SmallX', formula: { kind: 'always', arg: { kind: 'action', predicate: 0 } } }],
  });
  const r = await checkModel(model);
  if (r.result !== 'violated' || r.violation.kind !== 'property') throw new Error(`expected a property violation, got ${r.result}`);
  t.equal(r.violation.form, 'action');
  t.same(r.violation.trace.map((s) => s.state.join(',')), ['0,0', '1,0', '2,0', '3,0', '4,0', '5,0', '6,0']);
  t.ok(r.stats.distinctStates < 100, `stopped in level 7 (${r.stats.distinctStates} distinct states)`);
});

// x and y count up to 6; Reset (x = 2, y = 1 -> 0, 0) breaks Monotone. Verdicts, traces and the
// counts at the violation are TLC's (tla2tools built from source, -workers 1).
const resetSpec = [
  '---- MODULE ActionMid ----',
  'EXTENDS Naturals',
  'VARIABLES x, y',
  'vars == <<x, y>>',
  'Init == x = 0 /\\ y = 0',
  "IncX == x < 6 /\\ x' = x + 1 /\\ y' = y",
  "IncY == y < 6 /\\ y' = y + 1 /\\ x' = x",
  "Reset == x = 2 /\\ y = 1 /\\ x' = 0 /\\ y' = 0",
  'Next == IncX \\/ IncY \\/ Reset',
  'Spec == Init /\\ [][Next]_vars',
  "Monotone == [][x' >= x /\\ y' >= y]_vars",
  "Bounded == [][x' <= 6 /\\ y' <= 6]_vars",
  '====',
  '',
].join('\n');

t.test('[][A]_v through the front end: the verdicts and counts of TLC, in check and simulate', async (t) => {
  const { load, source } = frontEnd('ActionMid', resetSpec);
  const broken = await checkModel(await load('Monotone'));
  if (broken.result !== 'violated' || broken.violation.kind !== 'property') throw new Error(`expected a property violation, got ${broken.result}`);
  t.equal(broken.violation.form, 'action');
  t.same(steps(broken.violation.trace), ['Init 0,0', 'IncX 1,0', 'IncX 2,0', 'IncY 2,1', 'Reset 0,0']);
  t.match(broken.stats, { statesGenerated: 18, distinctStates: 13, queueLeft: 5, depth: 5 }, "TLC's counts when it reports the violation");
  const holds = await checkModel(await load('Bounded'));
  t.match(holds, { result: 'holds', stats: { statesGenerated: 86, distinctStates: 49, queueLeft: 0, depth: 13 } });

  // Needing no state graph, a spec whose properties are all [][A]_v is checked on worker threads too.
  const parallel = await checkModel(await source('Monotone'), { workers: 2, waitForWorkers: true });
  t.match(parallel, { result: 'violated', stats: { workers: 2 }, violation: { kind: 'property', form: 'action' } });
  if (parallel.result === 'violated') t.equal(parallel.violation.trace.length, 5, 'shortest, as on one thread');
  t.match(await checkModel(await source('Bounded'), { workers: 2, waitForWorkers: true }), { result: 'holds', stats: { workers: 2, statesGenerated: 86, distinctStates: 49, depth: 13 } });

  const simulated = await simulateModel(await load('Monotone'), { seed: 1, depth: 30, num: 50 });
  if (simulated.result !== 'violated' || simulated.violation.kind !== 'property') throw new Error(`expected a property violation, got ${simulated.result}`);
  t.equal(simulated.violation.form, 'action');
  t.equal(simulated.violation.trace[simulated.violation.trace.length - 1]!.action?.name, 'Reset', 'the behaviour ends with the step that breaks it');
  t.match(await simulateModel(await load('Bounded'), { seed: 1, depth: 30, num: 50 }), { result: 'holds' });
});

// Tick cycles x through 0..2; Flip sets y from 0 to 1 once. Verdicts are TLC's (tla2tools built
// from source, -workers 1), and so are the lassos where TLC's is also a shortest one.
const actionLivenessSpec = [
  '---- MODULE ActionLive ----',
  'EXTENDS Naturals',
  'VARIABLES x, y',
  'vars == <<x, y>>',
  'Init == x = 0 /\\ y = 0',
  "Tick == x' = (x + 1) % 3 /\\ y' = y",
  "Flip == y = 0 /\\ y' = 1 /\\ x' = x",
  'Next == Tick \\/ Flip',
  'Spec == Init /\\ [][Next]_vars /\\ WF_vars(Tick)',
  'Unfair == Init /\\ [][Next]_vars',
  'TicksForever == []<><<Tick>>_vars',
  'FlipsForever == []<><<Flip>>_vars',
  'EventuallyOnlyTicks == <>[][Tick]_vars',
  'EventuallyOnlyFlips == <>[][Flip]_vars',
  'NotEventuallyOnlyTicks == ~<>[][Tick]_vars',
  'FlipsOrOne == []<><<Flip>>_vars \\/ []<>(x = 1)',
  'FlipsOrFlipped == []<><<Flip>>_vars \\/ []<>(y = 1)',
  '====',
  '',
].join('\n');

t.test('[]<><<A>>_v and <>[][A]_v: action-level liveness on the steps of the state graph', async (t) => {
  const { load } = frontEnd('ActionLive', actionLivenessSpec);
  const verdict = async (spec: string, property: string) => {
    const r = await checkModel(await load(property, spec));
    t.match(r.stats, { distinctStates: 6, statesGenerated: 10 });
    if (r.result !== 'violated') return r.result;
    if (r.violation.kind !== 'property') throw new Error(`expected a property violation, got ${r.violation.kind}`);
    const loop = r.violation.loop?.kind === 'back' ? `back to ${r.violation.loop.index + 1}` : r.violation.loop?.kind;
    return [r.violation.form, ...steps(r.violation.trace), loop];
  };
  const tickCycle = ['liveness', 'Init 0,0', 'Tick 1,0', 'Tick 2,0', 'back to 1'];
  const stutterAtStart = ['liveness', 'Init 0,0', 'stuttering'];
  // WF(Tick) with Tick always enabled: infinitely many Tick steps.
  t.equal(await verdict('Spec', 'TicksForever'), 'holds');
  // Without fairness a behaviour may stutter from the start; TLC takes a Flip step first (-fp 1 and 9).
  t.same(await verdict('Unfair', 'TicksForever'), ['liveness', 'Init 0,0', 'Flip 0,1', 'stuttering']);
  // Nothing forces Flip, which is enabled once: the Tick cycle avoids it (stuttering, when unfair).
  t.same(await verdict('Spec', 'FlipsForever'), tickCycle);
  t.same(await verdict('Unfair', 'FlipsForever'), stutterAtStart);
  // At most one Flip: eventually every step is a Tick or stutters, fair or not.
  t.equal(await verdict('Spec', 'EventuallyOnlyTicks'), 'holds');
  t.equal(await verdict('Unfair', 'EventuallyOnlyTicks'), 'holds');
  // Ticks recur on the fair cycle, and a Tick step is not a [Flip]_vars step. TLC's lasso here depends
  // on its order of successors, a hash of fingerprints under the run's random polynomial: -fp 1 and 4
  // print Flip, Tick x4, back to 4; -fp 9, 3 and 5 Flip, Tick x3, back to 3; -fp 2 this one.
  t.same(await verdict('Spec', 'EventuallyOnlyFlips'), ['liveness', 'Init 0,0', 'Flip 0,1', 'Tick 1,1', 'Tick 2,1', 'back to 2']);
  // ~<>[][Tick]_vars is []<><<~Tick>>_vars: no behaviour has infinitely many non-Tick steps.
  t.same(await verdict('Spec', 'NotEventuallyOnlyTicks'), tickCycle);
  t.same(await verdict('Unfair', 'NotEventuallyOnlyTicks'), stutterAtStart);
  // []<><<A>>_v \/ []<>P (the expanded WF of a refined spec): a cycle of ¬P states without A-steps.
  t.equal(await verdict('Spec', 'FlipsOrOne'), 'holds');
  t.same(await verdict('Unfair', 'FlipsOrOne'), stutterAtStart);
  t.same(await verdict('Spec', 'FlipsOrFlipped'), tickCycle);
});

t.test('[]<>A where stuttering is an A-step: only a cycle of real non-A steps refutes it', async (t) => {
  // A is [x' = x]_x (TLA+'s syntax allows only <<A>>_v after []<>; models may give any action).
  const counter = (wraps: boolean) =>
    integerModel({
      name: 'Wrap',
      variables: ['x'],
      init: [[0]],
      actions: [{ name: 'Inc', next: (s) => (s[0]! < 2 ? [[s[0]! + 1]] : wraps ? [[0]] : []) }],
      checkDeadlock: false,
      actionPredicates: [{ name: "[x' = x]_x", step: (s, u) => s[0] === u[0], enabled: () => true }],
      properties: [{ name: 'StepsInfinitelyOften', formula: { kind: 'always', arg: { kind: 'eventually', arg: { kind: 'action', predicate: 0 } } } }],
    });
  const wrapping = await checkModel(counter(true));
  if (wrapping.result !== 'violated' || wrapping.violation.kind !== 'property') throw new Error(`expected a property violation, got ${wrapping.result}`);
  t.same(wrapping.violation.trace.map((s) => s.state.join(',')), ['0', '1', '2']);
  t.same(wrapping.violation.loop, { kind: 'back', index: 0, action: { name: 'Inc' } });
  // Every behaviour ends stuttering in x = 2, and each of those steps is an A-step.
  t.match(await checkModel(counter(false)), { result: 'holds' });
});

// Two initial states (y = 0, 1); Reset lowers x only when y = 1. TLC refuses `S \/ [][A]_v`; the
// verdicts follow from its meaning: S is read in the initial state, [][A]_v on every step after.
const guardedSpec = [
  '---- MODULE Guarded ----',
  'EXTENDS Naturals',
  'VARIABLES x, y',
  'vars == <<x, y>>',
  'Init == x = 0 /\\ y \\in {0, 1}',
  "Inc == x < 3 /\\ x' = x + 1 /\\ y' = y",
  "Reset == y = 1 /\\ x = 2 /\\ x' = 0 /\\ y' = y",
  'Spec == Init /\\ [][Inc \\/ Reset]_vars',
  "MonotoneUnlessFlagged == y = 1 \\/ [][x' >= x]_vars",
  "MonotoneWhenFlagged == y = 0 \\/ [][x' >= x]_vars",
  "MonotoneIfClear == IF y = 0 THEN [][x' >= x]_vars ELSE TRUE",
  '====',
  '',
].join('\n');

t.test('S \\/ [][A]_v: A judged on each step as the graph is built, counted on the behaviours whose initial state fails S', async (t) => {
  const { load } = frontEnd('Guarded', guardedSpec);
  t.match(await checkModel(await load('MonotoneUnlessFlagged')), { result: 'holds', stats: { distinctStates: 8 } });
  t.match(await checkModel(await load('MonotoneIfClear')), { result: 'holds' });
  const broken = await checkModel(await load('MonotoneWhenFlagged'));
  if (broken.result !== 'violated' || broken.violation.kind !== 'property') throw new Error(`expected a property violation, got ${broken.result}`);
  t.equal(broken.violation.form, 'action');
  t.same(steps(broken.violation.trace), ['Init 0,1', 'Inc 1,1', 'Inc 2,1', 'Reset 0,1']);
  // A simulated behaviour's graph judges the steps it took.
  t.match(await simulateModel(await load('MonotoneUnlessFlagged'), { seed: 1, depth: 10, num: 100 }), { result: 'holds' });
  const simulated = await simulateModel(await load('MonotoneWhenFlagged'), { seed: 1, depth: 10, num: 100 });
  if (simulated.result !== 'violated' || simulated.violation.kind !== 'property') throw new Error(`expected a property violation, got ${simulated.result}`);
  t.equal(simulated.violation.form, 'action');
  t.same(simulated.violation.trace.map((s) => s.state.join(',')), ['0,1', '1,1', '2,1', '0,1']);
});

t.test('on 2 threads the state graph is joined from both: the verdicts and lassos of 1 thread', async (t) => {
  const path = join(temporaryFolder('cloudos-live-parallel-'), 'Counters.tla');
  writeFileSync(
    path,
    `---- MODULE Counters ----
EXTENDS Naturals
VARIABLES x, y
IncX == x' = (x + 1) % 30 /\\ y' = y
IncY == y' = (y + 1) % 30 /\\ x' = x
Spec == x = 0 /\\ y = 0 /\\ [][IncX \\/ IncY]_<<x, y>> /\\ WF_<<x, y>>(IncX)
XReturns == []<>(x = 0)
YReturns == []<>(y = 0)
XStays == <>[](x = 0)
Reaches == (x = 1) ~> (y = 5)
====
`,
  );
  const cases: [string, string][] = [
    ['XReturns', 'holds'],
    ['YReturns', 'violated'],
    ['XStays', 'violated'],
    ['Reaches', 'violated'],
  ];
  for (const [property, expected] of cases) {
    const loaded = await loadModelSource({ spec: path, configText: `SPECIFICATION Spec\nPROPERTY ${property}\nCHECK_DEADLOCK FALSE\n` });
    const one = await checkModel(loaded, { workers: 1 });
    const two = await checkModel(loaded, { workers: 2, waitForWorkers: true });
    t.equal(two.stats.workers, 2, `${property}: searched on both threads`);
    t.equal(one.result, expected, `${property} ${expected}`);
    t.equal(two.result, one.result, `${property}: same verdict`);
    t.equal(two.stats.distinctStates, 900);
    if (one.result === 'violated' && two.result === 'violated') {
      t.same(steps(two.violation.trace), steps(one.violation.trace), `${property}: the same lasso`);
      t.same(two.violation.kind === 'property' && two.violation.loop, one.violation.kind === 'property' && one.violation.loop);
    }
  }
});

t.test("a liveness predicate or a fair action's ENABLED that fails is met expanding the state, as TLC meets it", async (t) => {
  // ENABLED A fails in x = 3 (division by zero), the property's predicate in x = 4. TLC evaluates both
  // on each state it expands, once its successors are generated (Worker.doNextCheckLiveness), and
  // reports the first error with the trace to that state: here ENABLED A's in x = 3, whichever the
  // property (TLC: 5 generated, 5 distinct, 1 left, depth 5); without WF the predicate's in x = 4.
  const spec = frontEnd(
    'Facts',
    `---- MODULE Facts ----
EXTENDS Integers
VARIABLE x
Next == x' = (x + 1) % 5
A == 10 \\div (x - 3) > -100 /\\ Next
Spec == x = 0 /\\ [][Next]_x /\\ WF_x(A)
Unfair == x = 0 /\\ [][Next]_x
Returns == []<>(x = 3)
Fails == []<>(10 \\div (x - 4) = 0)
====
`,
  );
  const division = /E3001: the second argument of \\div is 0 \(in 10 \\div 0\)/;
  for (const workers of [1, 2]) {
    for (const property of ['Returns', 'Fails']) {
      const result = await checkModel(await spec.source(property), { workers, waitForWorkers: true });
      const expected = { result: 'error', violation: { liveness: 'expansion', message: division, trace: { length: 4 } }, stats: { statesGenerated: 5, distinctStates: 5, queueLeft: 1, depth: 5 } };
      t.match(result, expected, `${workers} thread(s), ${property}: ENABLED A's error expanding x = 3`);
    }
    const unfair = await checkModel(await spec.source('Fails', 'Unfair'), { workers, waitForWorkers: true });
    const expected = { result: 'error', violation: { liveness: 'expansion', message: division, trace: { length: 5 } }, stats: { statesGenerated: 6, distinctStates: 5, queueLeft: 0, depth: 5 } };
    t.match(unfair, expected, `${workers} thread(s), without WF: the predicate's error expanding x = 4`);
  }
});

t.test('on 2 threads the properties are judged on both threads: the first violated in order, as on 1 thread', async (t) => {
  const spec = frontEnd(
    'Several',
    `---- MODULE Several ----
EXTENDS Naturals
VARIABLES x, y
IncX == x' = (x + 1) % 20 /\\ y' = y
IncY == y' = (y + 1) % 20 /\\ x' = x
Spec == x = 0 /\\ y = 0 /\\ [][IncX \\/ IncY]_<<x, y>> /\\ WF_<<x, y>>(IncX)
XReturns == []<>(x = 0)
YReturns == []<>(y = 0)
XStays == <>[](x = 0)
Reaches == (x = 1) ~> (y = 5)
Bounded == <>[](x < 20)
Both == []<>(x = 0) /\\ []<>(y = 0)
Fails == []<>(10 \\div (x - 4) = 0)
====
`,
  );
  // Each conjunct of each property is a check; a thread takes the next one when it is done with its own.
  const cases: [string, number, string][] = [
    ['XReturns Bounded', 2, 'holds'],
    ['XReturns YReturns', 2, 'YReturns'], // the second check: taken by the worker
    ['Reaches YReturns XStays', 3, 'Reaches'], // all violated: the first in order
    ['XReturns Both', 3, 'Both'], // a property's second conjunct
    // A property whose predicate fails to evaluate (in x = 4): TLC meets the error expanding x = 4,
    // during the search, before any property is judged (TLC 2026.12: "The second argument of \\div is 0").
    ['XReturns XStays Fails', 3, 'E3001'],
    ['XReturns Fails YReturns', 3, 'E3001'], // and the error before a violation
  ];
  for (const [properties, checks, expected] of cases) {
    const loaded = await spec.source(properties);
    const outcome = async (workers: number) => {
      try {
        const r = await checkModel(loaded, { workers, waitForWorkers: true });
        if (r.result === 'error') return { result: r.result, message: r.violation.message, steps: steps(r.violation.trace) };
        t.equal(r.stats.liveness?.checks, checks, `${properties}: ${checks} checks`);
        t.equal(r.stats.liveness?.threadMs.length, workers, `${properties}: judged on ${workers} thread(s)`);
        if (r.result !== 'violated') return { result: r.result };
        const v = r.violation;
        return { result: r.result, name: v.kind === 'property' ? v.name : v.kind, steps: steps(v.trace), loop: v.kind === 'property' ? v.loop : null };
      } catch (error) {
        return { result: 'error', message: (error as Error).message };
      }
    };
    const one = await outcome(1);
    const two = await outcome(2);
    t.same(two, one, `${properties}: the verdict and counterexample of 1 thread`);
    t.match(one, expected === 'holds' ? { result: 'holds' } : expected.startsWith('E') ? { result: 'error', message: /E3001: the second argument of \\div is 0/ } : { result: 'violated', name: expected }, `${properties}: ${expected}`);
  }
});

t.test('one check on 1 and 2 threads: SF pruning, a lasso, an error in ENABLED of a fair action; as TLC', async (t) => {
  // Grant is enabled every other state. Under SF(Grant) a fair behaviour grants forever, so
  // []<>(g = 1) holds: the component of the g = 0 states has no Grant step and is pruned to the
  // states where Grant is disabled (Emerson-Lei), where WF(Tick) forbids staying. Under WF(Grant) it
  // fails by ticking with g = 0; []<>(x = 1 /\ g = 1) fails under SF by granting in x = 2 and back in x = 0.
  // ENABLED Boom fails in x = 3, which the check must read to judge the only component.
  const spec = frontEnd(
    'Grant',
    `---- MODULE Grant ----
EXTENDS Naturals
VARIABLES x, g
Tick == x' = (x + 1) % 4 /\\ g' = g
Grant == x % 2 = 0 /\\ g' = 1 - g /\\ x' = x
Spec == x = 0 /\\ g = 0 /\\ [][Tick \\/ Grant]_<<x, g>> /\\ WF_<<x, g>>(Tick) /\\ SF_<<x, g>>(Grant)
WeakSpec == x = 0 /\\ g = 0 /\\ [][Tick \\/ Grant]_<<x, g>> /\\ WF_<<x, g>>(Tick) /\\ WF_<<x, g>>(Grant)
Boom == 10 \\div (x - 3) # 100 /\\ Tick
BoomSpec == x = 0 /\\ g = 0 /\\ [][Tick \\/ Grant]_<<x, g>> /\\ WF_<<x, g>>(Boom)
Flips == []<>(g = 1)
Avoids == []<>(x = 1 /\\ g = 1)
Never == []<>(x = 9)
====
`,
  );
  // TLC (java tlc2.TLC -workers 1): Flips holds, 13 generated, 8 distinct; the lassos below, each
  // back to state 1, but for Avoids TLC grants twice in x = 0 (Init, Grant 0,1, Grant 0,0, Tick 1,0,
  // Tick 2,0, Tick 3,0): as short as ours; BoomSpec: "The second argument of \div is 0", met expanding
  // x = 3 (10 generated, 7 distinct, 1 left, the trace Init 0,0 .. Tick 3,0).
  const cases: [string, string, { result: string; steps?: string[]; loop?: unknown; message?: RegExp }][] = [
    ['Flips', 'Spec', { result: 'holds' }],
    ['Flips', 'WeakSpec', { result: 'violated', steps: ['Init 0,0', 'Tick 1,0', 'Tick 2,0', 'Tick 3,0'], loop: { kind: 'back', index: 0 } }],
    ['Avoids', 'Spec', { result: 'violated', steps: ['Init 0,0', 'Tick 1,0', 'Tick 2,0', 'Grant 2,1', 'Tick 3,1', 'Tick 0,1'], loop: { kind: 'back', index: 0 } }],
    ['Never', 'BoomSpec', { result: 'error', message: /E3001: the second argument of \\div is 0/ }],
  ];
  for (const [property, specification, expected] of cases) {
    const loaded = await spec.source(property, specification);
    for (const workers of [1, 2]) {
      let outcome: unknown;
      try {
        const r = await checkModel(loaded, { workers, waitForWorkers: true });
        if (r.result === 'error') {
          t.match(r.stats, { workers, statesGenerated: 10, distinctStates: 7, queueLeft: 1 }, `${property} under ${specification}, ${workers} thread(s): TLC's counts at the error`);
          t.same(steps(r.violation.trace), ['Init 0,0', 'Tick 1,0', 'Tick 2,0', 'Tick 3,0'], "TLC's trace to the state expanded");
          throw new Error(r.violation.message);
        }
        t.match(r.stats, { workers, statesGenerated: 13, distinctStates: 8, liveness: { checks: 1 } }, `${property} under ${specification}, ${workers} thread(s): TLC's counts`);
        const v = r.result === 'violated' ? r.violation : null;
        outcome = v?.kind === 'property' ? { result: r.result, steps: steps(v.trace), loop: v.loop } : { result: r.result };
      } catch (error) {
        outcome = { result: 'error', message: (error as Error).message };
      }
      t.match(outcome, expected, `${property} under ${specification}, ${workers} thread(s)`);
      if (expected.steps) t.same((outcome as typeof expected).steps, expected.steps, 'the whole lasso');
    }
  }
});
