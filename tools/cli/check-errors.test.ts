// `cloudos check` on inputs that are not models and on models whose evaluation fails: each ends in a
// diagnostic naming the file or the definition, with its documented exit code, never a stack trace.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './main.js';
import { fromRepoRoot } from '../../conventions/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudos-check-errors-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

async function cloudos(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: dir, signal: new AbortController().signal });
  return { code, out, err };
}

/** Writes Name.tla (and Name.cfg with INIT Init, NEXT Next) into the test's folder. */
function spec(name: string, body: string): string {
  writeFileSync(join(dir, `${name}.tla`), `---- MODULE ${name} ----\nEXTENDS Naturals\n${body}\n====\n`);
  writeFileSync(join(dir, `${name}.cfg`), 'INIT Init\nNEXT Next\n');
  return `${name}.tla`;
}

function notInternal(t: Test, r: { code: number; err: string }): void {
  t.notMatch(r.err, /internal error|\n\s+at /, 'no internal error, no stack trace');
}

t.test('a missing spec file and a folder are E1003 naming the path, exit 65', async (t) => {
  const missing = await cloudos('check', 'NoSuch.tla');
  t.equal(missing.code, 65);
  t.match(missing.err, /error E1003: cannot read .*NoSuch\.tla: no such file or folder/);
  notInternal(t, missing);
  mkdirSync(join(dir, 'Folder.tla'));
  const folder = await cloudos('check', 'Folder.tla');
  t.equal(folder.code, 65);
  t.match(folder.err, /error E1003: cannot read .*Folder\.tla: it is a folder/);
  notInternal(t, folder);
});

t.test('binary data is refused as E1004 without echoing its bytes; 5 MB of text without a module too', async (t) => {
  const bytes = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
  bytes.set(Buffer.from('---- MODULE Bin ----\n\x1b[2J'), 100);
  writeFileSync(join(dir, 'Bin.tla'), bytes);
  const binary = await cloudos('check', 'Bin.tla');
  t.equal(binary.code, 65);
  t.match(binary.err, /error E1004: .*Bin\.tla is binary data, not TLA\+ text/);
  t.notMatch(binary.out + binary.err, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control byte reaches the terminal');
  // Base64-like lines, as `head -c 5M /dev/urandom | base64` gives: refused before the parser sees them.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const line = Array.from({ length: 76 }, (_, i) => alphabet[(i * 37 + 11) % 64]).join('');
  writeFileSync(join(dir, 'Noise.tla'), `${line}\n`.repeat(Math.ceil(5_000_000 / 77)));
  const noise = await cloudos('check', 'Noise.tla');
  t.equal(noise.code, 65);
  t.match(noise.err, /error E1004: .*Noise\.tla holds no module/);
});

t.test('a root module named differently from its file is E2005 at the name, as SANY refuses it', async (t) => {
  writeFileSync(join(dir, 'FileName.tla'), '---- MODULE ModuleName ----\nVARIABLE x\nInit == x = 0\nNext == x\' = x\n====\n');
  writeFileSync(join(dir, 'FileName.cfg'), 'INIT Init\nNEXT Next\n');
  const r = await cloudos('check', 'FileName.tla');
  t.equal(r.code, 65);
  t.match(r.err, /FileName\.tla:1:13: error E2005: file FileName\.tla holds module ModuleName/);
  t.match(r.err, /hint: rename the module to FileName, or the file to ModuleName\.tla/);
});

t.test('an unwritable --dump-trace path is reported and the violation keeps exit 1', async (t) => {
  const jugs = fromRepoRoot('tools/tla/check/fixtures/Jugs.tla');
  for (const target of [join(dir, 'no-such-folder', 'trace.json'), dir]) {
    const r = await cloudos('check', jugs, '--workers', '1', '--dump-trace', 'itf', target);
    t.equal(r.code, 1, `the verdict's exit code with --dump-trace itf ${target}`);
    t.match(r.out, /Error: Invariant NotSolved is violated\./);
    t.match(r.err, new RegExp(`--dump-trace: cannot write ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: (no such file or folder|it is a folder)`));
    notInternal(t, r);
  }
});

t.test('recursion deeper than the stack is E3008 naming the definition, in both modes (TLC overflows too)', async (t) => {
  const file = spec('Deep', 'RECURSIVE F(_)\nF(n) == IF n = 0 THEN 0 ELSE 1 + F(n - 1)\nVARIABLE x\nInit == x = F(100000)\nNext == x\' = x');
  for (const mode of [[], ['--interpreted']]) {
    const r = await cloudos('check', file, '--workers', '1', ...mode);
    t.equal(r.code, 65, `exit 65 ${mode.join(' ')}`);
    t.match(r.err, /Deep\.tla:4:\d+: error E3008: evaluating F nests deeper than the evaluator's stack allows/);
    t.match(r.err, /hint: bound the recursion of F/);
    notInternal(t, r);
  }
});

t.test('a recursive function definition deeper than the stack is E3008 naming it, at module level and in a LET, in both modes', async (t) => {
  const sum = (name: string) => `${name}[i \\in 0..100000] == IF i = 0 THEN 0 ELSE i + ${name}[i - 1]`;
  const files = {
    S: spec('DeepFn', `${sum('S')}\nVARIABLE x\nInit == x = S[100000]\nNext == x' = x`),
    L: spec('DeepLetFn', `VARIABLE x\nInit == x = LET ${sum('L')} IN L[100000]\nNext == x' = x`),
  };
  for (const [name, file] of Object.entries(files)) {
    for (const mode of [[], ['--interpreted']]) {
      const r = await cloudos('check', file, '--workers', '1', ...mode);
      t.equal(r.code, 65, `${file} exit 65 ${mode.join(' ')}`);
      t.match(r.err, new RegExp(`error E3008: evaluating ${name} nests deeper than the evaluator's stack allows`));
      notInternal(t, r);
    }
  }
});

t.test('a 1,000-term sum is left to the interpreter by the compiler and checked', async (t) => {
  // In a child process, as a user runs it: the test runner's own frames would shrink the stack.
  const file = spec('Sum', `VARIABLE x\nInit == x = ${Array(1000).fill('1').join(' + ')}\nNext == x' = x`);
  const r = spawnSync(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'check', file, '--workers', '1', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.match(JSON.parse(r.stdout), { result: 'holds', distinctStates: 1 });
  t.match(r.stderr, /E6001 cannot compile this expression: it nests too deeply/);
  notInternal(t, { code: r.status ?? -1, err: r.stderr });
});

t.test('a sum of 1,000 to 2,000 terms is checked or is E3008, never an internal error', async (t) => {
  // The phases recurse to different depths per term (resolving, the interpreter's closures, the
  // action compiler), so between the depth one allows and the next refuses there is a window: a
  // deep Init body compiled when first expanded once escaped as a RangeError there (1,100 terms).
  for (const terms of [1000, 1100, 1200, 1300, 1500, 2000]) {
    const file = spec('Sum', `VARIABLE x\nInit == x = ${Array(terms).fill('1').join(' + ')}\nNext == x' = x`);
    const r = spawnSync(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'check', file, '--workers', '1'], { cwd: dir, encoding: 'utf8' });
    if (r.status === 0) t.match(r.stdout, /1 distinct states found/, `${terms} terms`);
    else {
      t.equal(r.status, 65, `${terms} terms: ${r.stderr}`);
      t.match(r.stderr, /error E3008: .*nests deeper than/, `${terms} terms`);
    }
    notInternal(t, { code: r.status ?? -1, err: r.stderr });
  }
});

t.test('a spec nested too deeply to load is E3008 naming the file', async (t) => {
  const file = spec('Huge', `VARIABLE x\nInit == x = ${Array(3000).fill('1').join(' + ')}\nNext == x' = x`);
  const r = await cloudos('check', file, '--workers', '1');
  t.equal(r.code, 65);
  t.match(r.err, /error E3008: .*Huge\.tla nests deeper than this tool's stack allows/);
  notInternal(t, r);
});

t.test('an evaluation error in Init: file:line:col and snippet on stderr, TLC-style report on stdout', async (t) => {
  const file = spec('InitNat', 'VARIABLE x\nInit == x \\in Nat\nNext == x\' = x');
  for (const mode of [[], ['--interpreted']]) {
    const r = await cloudos('check', file, '--workers', '1', ...mode);
    t.equal(r.code, 65);
    t.match(r.err, /InitNat\.tla:4:9: error E3007: the set Nat is infinite\n  4 \| Init == x \\in Nat\n    \| {9}\^{9}\n/);
    t.equal(
      r.out,
      'Error: In computing initial states, the right side of \\IN is not enumerable.\nline 4, col 9 to line 4, col 17 of module InitNat\n' +
        'Error: The error occurred when TLC was evaluating the nested\nexpressions at the following positions:\n0. Line 4, column 9 to line 4, column 17 in InitNat\n\n\n' +
        '0 states generated, 0 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 0.\n',
    );
    t.notMatch(r.err, /nested/, 'the nested expressions on stdout only');
  }
});

t.test('a quantifier over Nat: TLC\'s words on stdout, by phase (TLC 2026.12 output)', async (t) => {
  const natBound = (line: number, from: number, module: string) =>
    `TLC encountered the non-enumerable quantifier bound\nNat\nline ${line}, col ${from} to line ${line}, col ${from + 2} of module ${module}\n` +
    'The set Nat contains infinitely many elements. As a result, TLC cannot evaluate expressions that\n' +
    'universally (\\A) or existentially (\\E) quantify over Nat, because this would require checking an\n' +
    'infinite number of cases. Note that TLC handles set membership like T \\subseteq Nat for any finite set T.\n';
  const next = spec('NextExists', 'VARIABLE x\nInit == x = 0\nNext == \\E n \\in Nat : x\' = n');
  const later = spec('InvLater', 'VARIABLE x\nInit == x = 0\nNext == x < 1 /\\ x\' = x + 1\nInv == x < 1 \\/ \\A n \\in Nat : n >= x');
  writeFileSync(join(dir, 'InvLater.cfg'), 'INIT Init\nNEXT Next\nINVARIANT Inv\n');
  for (const mode of [[], ['--interpreted']]) {
    const r = await cloudos('check', next, '--workers', '1', ...mode);
    t.equal(r.code, 65);
    t.equal(r.out, 'Error: TLC threw an unexpected exception.\nThis was probably caused by an error in the spec or model.\n' +
      'See the User Output or TLC Console for clues to what happened.\nThe exception was a java.lang.RuntimeException\n: ' +
      natBound(5, 18, 'NextExists') + 'Error: The behavior up to this point is:\nState 1: <Initial predicate>\nx = 0\n\n' +
      'Error: The error occurred when TLC was evaluating the nested\nexpressions at the following positions:\n0. Line 5, column 9 to line 5, column 29 in NextExists\n\n\n' +
      '1 states generated, 1 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 1.\n');
    const inv = await cloudos('check', later, '--workers', '1', ...mode);
    t.equal(inv.code, 65);
    t.match(inv.out, new RegExp(`^Error: Evaluating invariant Inv failed\\.\\n${natBound(6, 26, 'InvLater').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}Error: The behavior up to this point is:\\nState 1: <Initial predicate>\\nx = 0\\n\\nState 2: <Next `));
    t.match(inv.err, /InvLater\.tla:6:26: error E3007: the set Nat is infinite/, 'stderr keeps our diagnostic');
  }
});

t.test('tla2ts: an -o folder that cannot be written is a usage error naming the flag', async (t) => {
  const file = spec('Small', 'VARIABLE x\nInit == x = 0\nNext == x\' = x');
  writeFileSync(join(dir, 'a-file'), '');
  const r = await cloudos('tla2ts', file, '-o', 'a-file/out');
  t.equal(r.code, 64);
  t.match(r.err, /-o a-file\/out: cannot write a-file\/out\/Small\.ts: a part of the path is a file, not a folder/);
  t.equal(readFileSync(join(dir, 'a-file'), 'utf8'), '');
  notInternal(t, r);
});

t.test('tla2ts: an -o folder where the file system refuses folders (/proc) is a usage error, not a hang', { skip: existsSync('/proc/self') ? false : 'no /proc here' }, async (t) => {
  // Node's mkdir { recursive: true } loops forever there (ENOENT although /proc exists).
  const file = spec('Small', 'VARIABLE x\nInit == x = 0\nNext == x\' = x');
  const r = await cloudos('tla2ts', file, '-o', '/proc/cloudos-tla2ts-out');
  t.equal(r.code, 64);
  t.match(r.err, /-o \/proc\/cloudos-tla2ts-out: cannot write \/proc\/cloudos-tla2ts-out\/Small\.ts: the file system there refuses new folders; name a folder you can write/);
  notInternal(t, r);
});
