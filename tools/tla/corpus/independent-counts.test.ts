// Establishes corpus.json's expected counts without the TLA+ toolchain: each model's hand
// transcription (independent-models.ts) is explored by state-graph.ts and must give the numbers
// corpus.json records — and, where TLC's result is published, the same numbers TLC gives.
import t from 'tap';
import { checkFairTermination, exploreStateGraph, type StateGraphCounts, type TransitionSystem } from './state-graph.js';
import * as models from './independent-models.js';
import { loadCorpus } from './corpus-manifest.js';

// The transcription names corpus.json uses, mapped to the systems they denote.
const transcriptions: Record<string, () => TransitionSystem<any>> = {
  'dieHard()': () => models.dieHard(),
  'dieHard(4)': () => models.dieHard(4),
  'tCommit(3)': () => models.tCommit(3),
  'twoPhase(3)': () => models.twoPhase(3),
  'twoPhase(5)': () => models.twoPhase(5),
  'peterson()': () => models.peterson(),
  'lockStarvation()': () => models.lockStarvation(),
  'diningDeadlock(3)': () => models.diningDeadlock(3),
  'msiCoherence(3, [0, 1], false)': () => models.msiCoherence(3, [0, 1], false),
  'msiCoherence(3, [0, 1], true)': () => models.msiCoherence(3, [0, 1], true),
  'msiCoherence(4, [0, 1, 2], false)': () => models.msiCoherence(4, [0, 1, 2], false),
  'ringElection(3)': () => models.ringElection(3),
  'ringElection(5)': () => models.ringElection(5),
};

t.test('the explorer counts as TLC does on a model small enough to count by hand', async (t) => {
  // x counts 0, 1, 2 and wraps: 1 initial state, 3 distinct, 1 + 3 generated, depth 3.
  const counts = exploreStateGraph({ initialStates: [0], successors: (x: number) => [(x + 1) % 3], key: String });
  t.same(counts, { distinctStates: 3, statesGenerated: 4, depth: 3, deadlocks: 0, shortestDeadlockTrace: 0, shortestBadTrace: 0 });
});

t.test('RingElection: under WF(Next) every behaviour elects a leader', async (t) => {
  for (const n of [3, 5]) {
    const system = models.ringElection(n);
    const noLeader = (s: { leader: boolean[] }): boolean => !s.leader.includes(true);
    const nextEnabled = (s: Parameters<typeof system.successors>[0]): boolean => system.successors(s).length > 0;
    t.same(checkFairTermination(system, noLeader, nextEnabled), { acyclic: true, stuckStates: 0 }, `N = ${n}`);
  }
});

for (const model of loadCorpus()) {
  t.test(`${model.name}: the independent enumeration gives corpus.json's numbers`, async (t) => {
    const enumerations = model.provenance.filter((p) => p.kind === 'independent-enumeration');
    for (const provenance of enumerations) {
      const build = transcriptions[provenance.transcription];
      if (!build) {
        t.fail(`corpus.json names transcription '${provenance.transcription}', which independent-counts.test.ts does not know`);
        continue;
      }
      const counts: StateGraphCounts = exploreStateGraph(build());
      const { expected } = model;
      if (expected.distinctStates !== undefined) t.equal(counts.distinctStates, expected.distinctStates, 'distinct states');
      if (expected.statesGenerated !== undefined) t.equal(counts.statesGenerated, expected.statesGenerated, 'states generated');
      if (expected.depth !== undefined) t.equal(counts.depth, expected.depth, 'depth');
      switch (expected.result) {
        case 'holds':
        case 'property-violated':
          t.equal(counts.shortestBadTrace, 0, 'the transcribed invariants hold in every reachable state');
          break;
        case 'invariant-violated':
          t.equal(counts.shortestBadTrace, expected.traceLength, 'shortest counterexample length');
          break;
        case 'deadlock':
          t.equal(counts.shortestDeadlockTrace, expected.traceLength, 'shortest path to a deadlock');
          break;
      }
    }
  });
}
