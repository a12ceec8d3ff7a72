// One liveness check split over two threads (component-split.ts) against the same check on one
// thread, on random specs whose state graph is a random graph: the verdicts, lassos and errors must be
// those of one thread, and every lasso a behaviour of the graph.
import t from 'tap';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from './check.js';
import { loadModelSource } from '../load.js';
import { splitForTests } from './component-split.js';
import { temporaryFolder } from '../../../conventions/index.js';

/** A random state graph: node s has the A-successors a[s] and the B-successors b[s]. */
interface RandomGraph {
  a: number[][];
  b: number[][];
  initial: number[];
  p: number[];
  q: number[];
  fairness: string;
  property: string;
}

/**
 * Mostly forward edges with some back edges, so that the graph has many components, small and large
 * (more than the 128 a publication holds and the 32 a claim takes), and cycles for the fairness tests.
 */
const graphs = fc.integer({ min: 2, max: 400 }).chain((n) => {
  const target = (s: number) => fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }).map((d) => Math.min(n - 1, s + d)) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 12 }).map((d) => Math.max(0, s - d)) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: n - 1 }) });
  const successors = fc.tuple(...Array.from({ length: n }, (_, s) => fc.uniqueArray(target(s), { maxLength: 2 })));
  const subset = fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: Math.ceil(n / 2) });
  return fc.record({
    a: successors,
    b: successors,
    initial: fc.uniqueArray(fc.integer({ min: 0, max: Math.min(n - 1, 3) }), { minLength: 1, maxLength: 2 }),
    p: subset,
    q: subset,
    fairness: fc.constantFrom('TRUE', 'WF_s(A)', 'SF_s(B)', 'WF_s(A) /\\ SF_s(B)', 'SF_s(A) /\\ WF_s(B)', 'WF_s(Boom)'),
    property: fc.constantFrom('[]<>P', '<>P', '<>[]P', 'P ~> Q', '[]<>(P \\/ Q)'),
  });
});

const set = (xs: number[]) => `{${xs.join(', ')}}`;

function moduleText(g: RandomGraph): string {
  return `---- MODULE RandomGraph ----
EXTENDS Naturals
VARIABLE s
SuccA == <<${g.a.map(set).join(', ')}>>
SuccB == <<${g.b.map(set).join(', ')}>>
A == s' \\in SuccA[s + 1]
B == s' \\in SuccB[s + 1]
\\* ENABLED Boom fails in the last state (a division by zero there): the check must report it if it reads it.
Boom == 10 \\div (s - ${g.a.length - 1}) >= 0 /\\ A
P == s \\in ${set(g.p)}
Q == s \\in ${set(g.q)}
Spec == s \\in ${set(g.initial)} /\\ [][A \\/ B]_s /\\ ${g.fairness}
Prop == ${g.property}
====
`;
}

interface Outcome {
  result: string;
  /** The threads that judged the check. */
  threads?: number;
  states?: number[];
  loop?: { kind: 'stuttering' } | { kind: 'back'; index: number };
  message?: string;
}

/**
 * The outcome of checking `g` on `workers` threads (two: the one check split; `helperTests`: the
 * helping thread tests every component), as plain data.
 */
async function outcome(dir: string, g: RandomGraph, workers: number, helperTests = false): Promise<Outcome> {
  const path = join(dir, 'RandomGraph.tla');
  writeFileSync(path, moduleText(g));
  const loaded = await loadModelSource({ spec: path, configText: 'SPECIFICATION Spec\nPROPERTY Prop\nCHECK_DEADLOCK FALSE\n' });
  splitForTests.searcherTests = !helperTests;
  try {
    const r = await checkModel(loaded, { workers, waitForWorkers: true, splitLiveness: true });
    const v = r.result === 'violated' ? r.violation : null;
    return {
      result: r.result,
      ...(r.stats.liveness ? { threads: r.stats.liveness.threadMs.length } : {}),
      ...(v?.kind === 'property' ? { states: v.trace.map((step) => Number(String(step.state[0]))), ...(v.loop ? { loop: v.loop.kind === 'back' ? { kind: 'back' as const, index: v.loop.index } : v.loop } : {}) } : {}),
    };
  } catch (error) {
    return { result: 'error', message: (error as Error).message };
  } finally {
    splitForTests.searcherTests = true;
  }
}

t.test('split over two threads, one check judges as on one thread: random graphs, forms and fairness', async (t) => {
  const dir = temporaryFolder('cloudos-split-');
  let splits = 0;
  let violations = 0;
  await fc.assert(
    fc.asyncProperty(graphs, async (g) => {
      const one = await outcome(dir, g, 1);
      const { threads: _one, ...oneVerdict } = one;
      // False fails the property, so that fast-check prints the seed and the case.
      let same = true;
      for (const helperTests of [false, true]) {
        const { threads, ...twoVerdict } = await outcome(dir, g, 2, helperTests);
        if (threads === 2) splits++;
        same &&= t.same(twoVerdict, oneVerdict, `${g.property} under ${g.fairness}, ${g.a.length} states${helperTests ? ', every component tested by the helper' : ''}: the outcome of one thread`);
      }
      if (one.states) {
        violations++;
        // A lasso of the graph: each step an A- or B-step (or stuttering), the loop closed by one.
        const isStep = (u: number, v: number) => u === v || g.a[u]!.includes(v) || g.b[u]!.includes(v);
        const states = one.states;
        t.ok(g.initial.includes(states[0]!), 'the lasso starts in an initial state');
        t.ok(states.slice(1).every((v, i) => isStep(states[i]!, v)), 'each step of the lasso is a step of the graph');
        const loop = one.loop!;
        if (loop.kind === 'back') t.ok(isStep(states[states.length - 1]!, states[loop.index]!), 'the loop closes with a step of the graph');
      }
      return same;
    }),
    { seed: 20261206, numRuns: 10 },
  );
  // The split ran on both threads (a spec with one check on the graph, workers ready), and cases violated.
  t.ok(splits > 0 && violations > 0, `${splits} cases split, ${violations} violated (fast-check seed 20261206)`);
});
