// A missing golden fails (and is not written); UPDATE_GOLDENS=1 writes it; a changed output fails.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkNoOrphanGoldens, compareGolden } from './goldens.js';

t.test('compareGolden: missing, matches, differs, written', async (t) => {
  const dir = t.testdir({ 'kept.txt': 'old\n' });
  const missing = join(dir, 'gone.txt');
  t.same(compareGolden(missing, 'new\n', {}), { kind: 'missing' });
  t.notOk(existsSync(missing), 'a missing golden is not written by the check');
  t.same(compareGolden(join(dir, 'kept.txt'), 'old\n', {}), { kind: 'matches' });
  t.same(compareGolden(join(dir, 'kept.txt'), 'new\n', {}), { kind: 'differs', expected: 'old\n' });
  t.same(compareGolden(join(dir, 'sub', 'made.txt'), 'new\n', { UPDATE_GOLDENS: '1' }), { kind: 'written' });
  t.equal(readFileSync(join(dir, 'sub', 'made.txt'), 'utf8'), 'new\n');
  t.same(compareGolden(missing, 'new\n', { UPDATE_GOLDEN: '1' }), { kind: 'missing' }, 'only UPDATE_GOLDENS=1 writes');
});

t.test('a test whose golden was deleted fails, and UPDATE_GOLDENS=1 restores it', async (t) => {
  const helper = new URL('./goldens.js', import.meta.url).href;
  const dir = t.testdir({
    'golden.test.mjs': `import t from 'tap';\nimport { matchGolden } from ${JSON.stringify(helper)};\nt.test('output', async (t) => matchGolden(t, process.argv[2], 'the output\\n'));\n`,
  });
  const golden = join(dir, 'golden.txt');
  const run = (env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [join(dir, 'golden.test.mjs'), golden], { encoding: 'utf8', env: { ...process.env, UPDATE_GOLDENS: '', ...env } });
  const deleted = run();
  t.not(deleted.status, 0, 'exits non-zero');
  t.match(deleted.stdout, /golden .*golden\.txt is missing; if the new output is right, rewrite the goldens with `UPDATE_GOLDENS=1 npm test`/);
  t.notOk(existsSync(golden), 'and does not write it');
  t.equal(run({ UPDATE_GOLDENS: '1' }).status, 0);
  t.equal(readFileSync(golden, 'utf8'), 'the output\n');
  t.equal(run().status, 0, 'passes once written');
  writeFileSync(golden, 'other output\n');
  t.not(run().status, 0, 'fails when the output differs');
});

t.test('checkNoOrphanGoldens fails for a golden no case produced', async (t) => {
  const seen: string[] = [];
  const asserts = { pass: (m: string) => seen.push(`pass ${m}`), fail: (m: string) => seen.push(`fail ${m}`), equal: () => undefined };
  checkNoOrphanGoldens(asserts, ['/x/a.txt', '/x/b.txt'], ['/x/a.txt']);
  t.match(seen, [/^fail golden .*b\.txt belongs to no case/]);
  seen.length = 0;
  checkNoOrphanGoldens(asserts, ['/x/a.txt'], ['/x/a.txt']);
  t.match(seen, [/^pass /]);
});
