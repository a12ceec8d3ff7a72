// `hw reproduce clark-2005` runs on the reference kernel: the numbers are the kernel's (they follow
// its policy: a different round limit or no rate limiting changes them), they agree with the closed
// form the calibration searched, the suite's checkers pass every run, and every point is within the
// 15 % goal except the miss hardware-models/src/reproduce/README.md explains (listed here, so that
// a fix or a new miss fails the test).
import t from 'tap';
import { XEN_2005_PRECOPY_POLICY, reproduce, saturatedPreCopyPlan } from '../../hardware-models/src/index.js';
import { clarkEngine, migrateOnKernel, measuredFromRun } from './clark-2005.js';

const params = reproduce.calibrateClark2005();
const knownMisses = ['diabolical/downtimeMs'];

t.test('every point from the kernel, within 15 % except the explained miss, and close to the closed form', async (t) => {
  const result = await reproduce.reproduceClark2005(migrateOnKernel, clarkEngine, params);
  t.equal(result.points.length, reproduce.clark2005Points.length);
  for (const p of result.points) {
    const id = `${p.workload}/${p.quantity}`;
    t.equal(Math.abs(p.error) <= result.errorGoal, !knownMisses.includes(id), `${id} (${p.role}): paper ${p.value}, kernel ${p.model.toFixed(4)}, error ${(p.error * 100).toFixed(1)}%`);
    // The kernel adds what the closed form leaves out (packets, acknowledgements, the commit's round trip): a few per cent at most.
    t.ok(Math.abs(p.model / p.closedForm - 1) < 0.05, `${id}: kernel ${p.model.toFixed(4)}, closed form ${p.closedForm.toFixed(4)}`);
  }
  t.same(Object.values(result.migrations).map((m) => m.rounds), Object.values(result.migrations).map((m) => m.closedFormRounds), 'the kernel runs as many rounds as the closed form');
  // The diabolical workload dirties its whole region every round: the derived formulas (saturated-precopy.ts) hold on the kernel, fitted parameters aside (only the resume time enters).
  const diabolical = result.migrations.diabolical;
  const process = reproduce.clark2005Process('diabolical', params);
  const derived = saturatedPreCopyPlan({ memoryPages: process.memoryPages, pageBytes: process.pageBytes, dirtyPagesPerRound: process.hotSet!.pages }, XEN_2005_PRECOPY_POLICY, { ...reproduce.clark2005Path, resumeNs: params.resumeNs });
  t.equal(diabolical.rounds, derived.rounds, `diabolical: ${derived.rounds} rounds (${derived.stoppedBy})`);
  t.equal(diabolical.stopAndCopyPages, derived.stopAndCopyPages, 'the whole region is frozen dirty');
  for (const q of ['firstRoundNs', 'laterRoundsNs', 'downtimeNs', 'bytesMoved'] as const) {
    t.ok(Math.abs(diabolical[q] / derived[q] - 1) < 0.01, `diabolical ${q}: kernel ${diabolical[q]}, derived ${derived[q]}`);
  }
});

t.test("the kernel's policy decides the result: a lower round limit, no rate limiting", async (t) => {
  const process = reproduce.clark2005Process('specweb99', params);
  const xen = await migrateOnKernel('specweb99', process, XEN_2005_PRECOPY_POLICY, params.resumeNs);
  const oneRound = await migrateOnKernel('specweb99', process, { ...XEN_2005_PRECOPY_POLICY, maxRounds: 1 }, params.resumeNs);
  t.equal(oneRound.rounds, 1, 'the kernel stops at its round limit');
  t.ok(xen.rounds > 1, `Xen's limit of 30 lets it run ${xen.rounds} rounds`);
  // After the 67 s first round the slowly written set is dirty too, not only the hot set.
  t.ok(oneRound.stopAndCopyPages > 2 * xen.stopAndCopyPages, `frozen with ${oneRound.stopAndCopyPages} dirty pages after 1 round, ${xen.stopAndCopyPages} after ${xen.rounds}`);
  t.ok(oneRound.downtimeNs > 1.5 * xen.downtimeNs, `so the downtime grows: ${oneRound.downtimeNs / 1e6} ms against ${xen.downtimeNs / 1e6} ms`);
  const { rateLimit: _, ...unlimited } = XEN_2005_PRECOPY_POLICY;
  const atLinkSpeed = await migrateOnKernel('specweb99', process, unlimited, params.resumeNs);
  // 800 MiB at 1 Gb/s: 6.7 s instead of 67 s at the 100 Mbit/s floor.
  t.ok(atLinkSpeed.firstRoundNs < xen.firstRoundNs / 5, `first round ${atLinkSpeed.firstRoundNs / 1e9} s at link speed, ${xen.firstRoundNs / 1e9} s rate-limited`);
});

t.test('a run the suite rejects is reported, not measured', async (t) => {
  t.throws(() => measuredFromRun({ id: 'migration/x', verdict: 'fail', violations: [{ property: 'OneActiveCopy', message: 'two copies run' }] as never, history: [] }), /the suite rejected the kernel's run \(fail\): two copies run/);
  t.throws(() => measuredFromRun({ id: 'migration/x', verdict: 'pass', violations: [], history: [] }), /no complete pre-copy migration/);
});
