// `cloudos conform --mutants`: every mutant of the reference kernel is rejected by the suite, each
// with its time to detect. A file of its own because it runs the suite once per mutant, the
// costliest part of `conform`'s end-to-end tests (conform.test.ts has the rest).
import t from 'tap';
import { conformJSON } from './testing/conform-port.js';

t.test('--mutants: every mutant of the reference kernel is rejected', async (t) => {
  const { code, summary } = await conformJSON(['--mutants']);
  const { score, mutants } = summary as unknown as { score: number; mutants: { name: string; rejected: boolean; timeToDetectMs: unknown }[] };
  t.equal(score, 1, JSON.stringify(mutants.filter((m) => !m.rejected)));
  t.ok(mutants.length >= 5);
  for (const m of mutants) {
    t.equal(m.rejected, true, m.name);
    t.type(m.timeToDetectMs, 'number', m.name);
  }
  t.equal(code, 0);
});
