// The comparison reads `cloudos check` as the differential run does (stdout then stderr): a diagnostic
// on stderr after a counterexample is not part of it. TLC's reports are recorded in testdata/.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot } from '../../../conventions/index.js';
import { compareSummaries, summarizeOutput } from './compare-outputs.js';
import { runLimited } from './run-limited.js';

const testdata = fromRepoRoot('tools/tla/differential/testdata');

t.test("an invariant violated by an initial state, then an error's diagnostic on stderr: the state is TLC's", async (t) => {
  // Seed 528 of --seeds 500..800: Prop's Tail(<<>>) on the initial state, reported with its source
  // line indented under our stdout, which was read as the state's last value continued.
  const dir = join(testdata, 'LiveInitInvariant');
  const ours = runLimited([process.execPath, fromRepoRoot('bin/cloudos.js'), 'check', 'LiveInitInvariant.tla', '--workers', '1'], dir, 60);
  t.match(ours.output, /^ {2}8 \| Prop ==/m, 'the diagnostic with its indented source line follows the state');
  const tlc = summarizeOutput(readFileSync(join(dir, 'tlc.out'), 'utf8'));
  t.same(summarizeOutput(ours.output).trace, [{ label: '<Initial predicate>', lines: ['x = 0'] }]);
  t.same(compareSummaries(tlc, summarizeOutput(ours.output)), undefined, "ours agrees with TLC's");
});

t.test('a state printed over several lines is still one state, its lines kept as printed, and ends at a blank line', async (t) => {
  const report = ['Error: Invariant Inv is violated by the initial state:', '/\\ x = [ a |-> 1,', '  b |-> 2 ]', '/\\ y = 0', '', '  3 | Inv == x.a = 0', ''].join('\n');
  t.same(summarizeOutput(report).trace, [{ label: '<Initial predicate>', lines: ['/\\ x = [ a |-> 1,\n  b |-> 2 ]', '/\\ y = 0'] }]);
  // The same value on one line, or broken with another indentation, is a different trace.
  for (const other of [['/\\ x = [a |-> 1, b |-> 2]'], ['/\\ x = [ a |-> 1,', '   b |-> 2 ]']]) {
    const ours = summarizeOutput(['Error: Invariant Inv is violated by the initial state:', ...other, '/\\ y = 0', ''].join('\n'));
    t.equal(compareSummaries(summarizeOutput(report), ours)?.kind, 'trace', other.join(' / '));
  }
});

t.test("an error met while loading is TLC's first line, not TLC's closing line nor our diagnostic after it", async (t) => {
  // Seed 817 of --seeds 800..840: both stop on a constant invariant equal to FALSE.
  const tlc = summarizeOutput(['Error: The invariant of ConstInv is equal to FALSE', 'Finished in 04s at (2026-12-08 01:26:51)', ''].join('\n'));
  const ours = summarizeOutput(
    ['Error: The invariant of ConstInv is equal to FALSE', 'R817.cfg:9:11: error E4003: the invariant ConstInv reads no variable and is equal to FALSE', '  9 | INVARIANT ConstInv', ''].join('\n'),
  );
  t.equal(tlc.message, 'Error: The invariant of ConstInv is equal to FALSE');
  t.same(compareSummaries(tlc, ours), undefined);
  const other = summarizeOutput(['Error: The invariant of Other is equal to FALSE', 'R817.cfg:9:11: error E4003: the invariant Other reads no variable', ''].join('\n'));
  t.equal(compareSummaries(tlc, other)?.kind, 'message');
});
