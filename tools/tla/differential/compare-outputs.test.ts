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
