// Differential test against TLC: `cloudos check --workers 1` must print what TLC printed for the same
// spec and configuration, recorded once into tlc-recorded/*.txt (TLC's output is data here; TLC itself
// is never run by the tests). See tlc-recorded/README.md for what is compared and what is not.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fromRepoRoot } from '../../../conventions/index.js';

const dir = fromRepoRoot('tools/tla/trace/tlc-recorded');
const recordings = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

t.test('recordings of TLC are present for the corpus (violations stopped in TLC\'s action order included) and for the label, initial-state (violated, failing to evaluate), one-variable and infinite-set cases', async (t) => {
  for (const name of ['DieHard', 'DieHardTypeOK', 'DiningDeadlock', 'MSICoherenceStale', 'TwoPhase', 'Requests', 'BadStart', 'InitInvError', 'Counter', 'NatInit', 'NatBound']) t.ok(recordings.includes(`${name}.txt`), `${name}.txt`);
});

for (const file of recordings) {
  t.test(`${file}: cloudos check prints TLC's report`, async (t) => {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const field = (name: string) => new RegExp(`^# ${name}: (.+)$`, 'm').exec(text)?.[1];
    const spec = field('spec');
    const config = field('config');
    if (!spec || !config) return t.fail(`${file} names no '# spec:' and '# config:'`);
    t.ok(existsSync(fromRepoRoot(spec)), `${spec} exists`);
    const expected = text.split('\n').filter((line) => !line.startsWith('# ')).join('\n');
    const run = spawnSync(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'check', fromRepoRoot(spec), '--config', fromRepoRoot(config), '--workers', '1'], { encoding: 'utf8' });
    t.notOk(run.error, 'the CLI ran');
    t.equal(run.stdout, expected, `stdout as TLC's (recorded in ${file})`, { stderr: run.stderr.slice(-2000) });
  });
}
