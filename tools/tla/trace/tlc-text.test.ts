// Golden files for what users read: TLC-style reports of hand-written models (UPDATE_GOLDENS=1
// rewrites them), and the ITF form of a counterexample.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { checkNoOrphanGoldens, fromRepoRoot, matchGolden } from '../../../conventions/index.js';
import { checkModel } from '../check/check.js';
import { loadModel, type HandWrittenModelArgs } from '../check/hand-written-models.js';
import { formatCheckResult, formatProgress, formatStatistics } from './tlc-text.js';
import { violationToITF } from './itf.js';

const goldenDir = fromRepoRoot('tools/tla/trace/golden');
const goldenFile = (name: string) => `${goldenDir}/${name}.txt`;

const cases: [string, HandWrittenModelArgs, boolean][] = [
  ['diehard-invariant', { kind: 'dieHard', invariant: true }, false],
  ['diehard-holds-coverage', { kind: 'dieHard', invariant: false }, true],
  ['grid-deadlock', { kind: 'grid', width: 3, height: 2, checkDeadlock: true }, false],
  ['counter-error', { kind: 'counter', limit: 5, failAt: 2 }, false],
  ['cycle-stuttering', { kind: 'cycle', fair: false, property: 'infinitelyOften' }, false],
  ['toggle-lasso', { kind: 'toggle', grantFairness: 'weakFair' }, false],
];

for (const [name, args, coverage] of cases) {
  t.test(`golden ${name}`, async (t) => {
    const { model } = loadModel(args);
    const result = await checkModel(model);
    const text = formatCheckResult(model, result, { coverage, now: new Date('2026-12-07T02:15:55Z') });
    matchGolden(t, goldenFile(name), text);
  });
}

t.test('every golden report has its case', async (t) => {
  checkNoOrphanGoldens(t, readdirSync(goldenDir).map((f) => `${goldenDir}/${f}`), cases.map(([name]) => goldenFile(name)));
});

t.test('progress line in TLC wording, rates per minute since the previous line', async (t) => {
  const line = formatProgress(
    { elapsedMs: 120_000, depth: 7, statesGenerated: 3_000_000, distinctStates: 1_000_000, queueLeft: 4321 },
    { elapsedMs: 60_000, depth: 6, statesGenerated: 1_000_000, distinctStates: 400_000, queueLeft: 10 },
    new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  );
  t.equal(line, 'Progress(7) at 2026-01-02 03:04:05: 3,000,000 states generated (2,000,000 s/min), 1,000,000 distinct states found (600,000 ds/min), 4,321 states left on queue.\n');
});

t.test('ITF: vars, states with index and action, loop of a lasso', async (t) => {
  const { model } = loadModel({ kind: 'toggle', grantFairness: 'weakFair' });
  const result = await checkModel(model);
  if (result.result !== 'violated') throw new Error('expected a violation');
  const itf = violationToITF(model, result.violation, 'Toggle.tla');
  t.same(itf.vars, ['b', 'y']);
  t.same(itf.states, [
    { '#meta': { index: 0 }, b: { '#bigint': '0' }, y: { '#bigint': '0' } },
    { '#meta': { index: 1, action: 'Toggle' }, b: { '#bigint': '1' }, y: { '#bigint': '0' } },
  ]);
  t.equal(itf.loop, 0);
  t.equal(itf['#meta'].format, 'ITF');
  t.equal(itf['#meta'].property, 'EventuallyGranted');
});

t.test('final statistics without digit grouping, as TLC prints them (scripts parse them)', async (t) => {
  const text = formatStatistics({ statesGenerated: 1234567, distinctStates: 45678, queueLeft: 1000, depth: 12, durationMs: 1, workers: 1, fingerprintBytesPerState: 8 });
  t.equal(text, '1234567 states generated, 45678 distinct states found, 1000 states left on queue.\nThe depth of the complete state graph search is 12.\n');
});
