// The coverage block cut from a report and the line-by-line comparison coverage-compare.ts prints,
// on TLC's output (DieHardTypeOK, TLC's report) and ours changed by hand.
import t from 'tap';
import { compareCoverage, coverageBlock, isIndented } from './coverage-blocks.js';

const block = (time: string, big: number) => `The coverage statistics at ${time} (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<big line 7, col 18 to line 7, col 20 of module DieHard>: ${big}
<Init line 13, col 1 to line 13, col 4 of module DieHard>: 1:1
  line 13, col 9 to line 13, col 28 of module DieHard: 1
End of statistics.`;

t.test('the last block of an output, its time left out; none when the output has none', async (t) => {
  const tlc = `Starting...\n${block('2026-12-07 12:00:00', 2)}\nProgress...\n${block('2026-12-07 12:01:00', 6)}\r\nFinished in 01s`;
  const lines = coverageBlock(tlc)!;
  t.equal(lines.length, 5);
  t.equal(lines[0], 'The coverage statistics at <time> (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).');
  t.equal(lines[1], '<big line 7, col 18 to line 7, col 20 of module DieHard>: 6', 'the last block');
  t.equal(lines.at(-1), 'End of statistics.');
  t.equal(coverageBlock('Model checking completed. No error has been found.\n'), undefined);
  t.equal(coverageBlock(`${block('2026-12-07 12:00:00', 2).split('\nEnd')[0]}\n`), undefined, 'a block cut short');
});

t.test('identical reports at different times compare identical', async (t) => {
  const c = compareCoverage(coverageBlock(block('2026-12-07 12:00:00', 6))!, coverageBlock(block('2026-12-07 13:00:00', 6))!);
  t.same(c, { identical: true, tlcLines: 5, missing: [], extra: [] });
});

t.test("TLC's lines ours lacks and ours TLC's lacks, each as often as it is missing; order alone makes a difference", async (t) => {
  const tlc = coverageBlock(block('2026-12-07 12:00:00', 6))!;
  const ours = [...tlc];
  ours[1] = '<big line 7, col 18 to line 7, col 20 of module DieHard>: 5';
  ours.splice(3, 0, '  line 13, col 9 to line 13, col 28 of module DieHard: 1');
  const c = compareCoverage(tlc, ours);
  t.equal(c.identical, false);
  t.same(c.missing, ['<big line 7, col 18 to line 7, col 20 of module DieHard>: 6']);
  t.same(c.extra, ['<big line 7, col 18 to line 7, col 20 of module DieHard>: 5', '  line 13, col 9 to line 13, col 28 of module DieHard: 1']);
  t.same(c.missing.filter(isIndented), []);
  const swapped = [tlc[0]!, tlc[2]!, tlc[1]!, ...tlc.slice(3)];
  t.same(compareCoverage(tlc, swapped), { identical: false, tlcLines: 5, missing: [], extra: [] });
});
