// `cloudos tla2ts` end to end: files written and loadable (executable with a .cfg), the .cfg found
// beside the spec, JSON summary, exit codes 0/64/65.
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from '../../conventions/index.js';
import { modelValue } from '../tla/values/index.js';
import { run } from './main.js';

/** The compiled runtime by URL: output written to a temporary folder cannot import the package by name. */
const runtime = pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), '../tla/tla2ts/tla-runtime.js')).href;

async function cloudos(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: repoRoot, signal: new AbortController().signal });
  return { code, out, err };
}

t.test('writes the TypeScript module and its JavaScript, with the cfg entry points', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = await cloudos(['tla2ts', 'tools/tla/corpus/TwoPhase.tla', '--config', 'tools/tla/corpus/TwoPhase.cfg', '-o', dir, '--format', 'json', '--runtime', runtime]);
  t.equal(r.code, 0, r.err);
  const summary = JSON.parse(r.out) as { result: string; module: string; definitions: number; compiled: number; temporal: number; refused: unknown[] };
  t.match(summary, { result: 'written', module: 'TwoPhase', temporal: 1, refused: [] });
  t.equal(summary.compiled, summary.definitions - 1);
  const ts = readFileSync(join(dir, 'TwoPhase.ts'), 'utf8');
  t.match(ts, /export interface State \{\n {2}readonly "rmState": ReadonlyMap<ModelValue, "working" \| "prepared" \| "committed" \| "aborted">;/, 'typed from TPTypeOK');
  t.match(ts, /import \{ typedState, bindExecutable, .* \} from "file:/, 'the runtime from --runtime');
  t.match(ts, /export const entryPoints = \{"specification":\d+,"invariants":\[\d+,\d+\],"properties":\[\]\};/);
  t.ok(existsSync(join(dir, 'TwoPhase.mjs')));
  const js = await import(pathToFileURL(join(dir, 'TwoPhase.mjs')).href);
  t.same(js.variables, ['rmState', 'tmState', 'tmPrepared', 'msgs']);
  t.match(ts, /export async function load\(/, 'with a configuration the module is executable');
  const spec = (await js.load()) as { initialStates(): unknown[][]; actions: { name: string; successors(s: unknown[]): unknown[][] }[]; invariants: { name: string }[] };
  const perRM = (rm: string) => ['TMRcvPrepared', 'RMPrepare', 'RMChooseToAbort', 'RMRcvCommitMsg', 'RMRcvAbortMsg'].map((a) => `${a}(${rm})`);
  t.same(spec.actions.map((a) => a.name), ['TMCommit', 'TMAbort', ...perRM('r1'), ...perRM('r2'), ...perRM('r3')], "Next's actions as TLC splits them, named as TLC labels them");
  t.same(spec.invariants.map((i) => i.name), ['TPTypeOK', 'TPConsistent']);
  const [init] = spec.initialStates();
  t.same(js.toState(init), { rmState: new Map(['r1', 'r2', 'r3'].map((r) => [modelValue(r), 'working'])), tmState: 'init', tmPrepared: new Set(), msgs: new Set() }, 'toState gives typed collections');
  t.equal(spec.actions.reduce((n, a) => n + a.successors(init!).length, 0), 7, 'TMAbort, and RMPrepare and RMChooseToAbort of each of 3 RMs');
  t.match(summary, { executable: true, actions: ['TMCommit'], interpretedActions: [] });
});

t.test('Spec.cfg beside the spec is used as `cloudos check` uses it; without any, stderr says what is missing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const beside = await cloudos(['tla2ts', 'tools/tla/corpus/DieHard.tla', '-o', dir]);
  t.equal(beside.code, 0, beside.err);
  t.match(beside.out, /executable: Init and 6 action\(s\)/);
  t.match(readFileSync(join(dir, 'DieHard.ts'), 'utf8'), /export const source = \{"spec":"DieHard\.tla","config":"DieHard\.cfg"\};/, 'files named relative to the spec');
  writeFileSync(join(dir, 'Alone.tla'), '---- MODULE Alone ----\nCONSTANT N\nVARIABLE x\nInit == x = N\n====\n');
  const alone = await cloudos(['tla2ts', join(dir, 'Alone.tla'), '-o', dir]);
  t.equal(alone.code, 0, alone.err);
  t.match(alone.err, /tla2ts: no configuration \(no --config, no .*Alone\.cfg\): the CONSTANTs are unbound/);
  t.match(alone.out, /definitions only \(no configuration\)/);
  const ts = readFileSync(join(dir, 'Alone.ts'), 'utf8');
  t.match(ts, /No TLC configuration was given, so the CONSTANTs are unbound/);
  t.notMatch(ts, /function load/);
});

t.test('bad input exits 65 with the diagnostic; a bad command line exits 64', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bad = await cloudos(['tla2ts', 'tools/tla/names/testdata/errors/e2001-unknown.tla', '-o', dir]);
  t.equal(bad.code, 65);
  t.match(bad.err, /e2001-unknown\.tla:3:9: error E2001: unknown identifier 'replys'/);
  t.equal(existsSync(join(dir, 'E2001Unknown.ts')), false, 'nothing written');
  t.equal((await cloudos(['tla2ts', 'tools/tla/corpus/DieHard.tla'])).code, 64, 'missing -o');
  t.equal((await cloudos(['tla2ts', '-o', dir])).code, 64, 'missing spec');
  t.equal((await cloudos(['tla2ts', 'tools/tla/corpus/DieHard.tla', '-o', dir, '--format', 'xml'])).code, 64);
  const help = await cloudos(['tla2ts', '--help']);
  t.equal(help.code, 0);
  t.match(help.out, /usage: cloudos tla2ts/);
});
