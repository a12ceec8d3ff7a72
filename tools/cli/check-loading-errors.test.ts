// `cloudos check` on errors TLC meets loading the model (a false ASSUME or one that fails to evaluate,
// a .cfg entry the spec lacks, a constant INVARIANT, PROPERTY or CONSTRAINT not TRUE, SANY's semantic
// errors, every one of the module, and a module not found): TLC's report on stdout as TLC printed it (tools/tla/differential/testdata-loading/<Case>/tlc.out,
// TLC 2026.12, `-workers 1`), our diagnostic with file:line:col on stderr, exit 65 (not TLC's 10, 150
// or 151: conventions/exit-codes.ts), and with --format json nothing of TLC's on stdout.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main.js';
import { fromRepoRoot } from '../../conventions/index.js';

const testdata = fromRepoRoot('tools/tla/differential/testdata-loading');

async function cloudos(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd, signal: new AbortController().signal });
  return { code, out, err };
}

/** TLC's stdout without what `check` never prints: TLC's banner, SANY's progress, the start and end times. */
function tlcReport(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^(?:TLC2 Version |Running |Parsing file |Semantic processing of module |Linting of module |Starting\.\.\. |Finished in )/.test(l))
    .join('\n');
}

const cases = readdirSync(testdata).sort();

t.test("each recorded error met loading the model: TLC's report on stdout, ours on stderr", async (t) => {
  t.ok(cases.length >= 24);
  for (const name of cases) {
    const dir = join(testdata, name);
    const text = await cloudos(dir, 'check', `${name}.tla`, '--workers', '1');
    t.equal(text.out, tlcReport(readFileSync(join(dir, 'tlc.out'), 'utf8')), `${name}: TLC's report`);
    t.equal(text.code, 65, `${name}: exit 65, bad input`);
    t.match(text.err, new RegExp(`${name}\\.(?:tla|cfg):\\d+:\\d+: error E\\d{4}: `), `${name}: our diagnostic names the place`);
    t.notMatch(text.err, /internal error|\n\s+at /, `${name}: no stack trace`);
    const json = await cloudos(dir, 'check', `${name}.tla`, '--workers', '1', '--format', 'json');
    t.same([json.code, json.out, json.err], [65, '', text.err], `${name}: --format json as before, the diagnostic alone`);
  }
});

t.test("the cases are TLC's kinds of loading error, each exercised", async (t) => {
  const reports = cases.map((name) => tlcReport(readFileSync(join(testdata, name, 'tlc.out'), 'utf8'))).join('\n');
  for (const words of [
    'is false.',
    'Error: Evaluating assumption line',
    'is equal to FALSE',
    'specified in the configuration file\nis not defined in the specification.',
    'is not assigned a value by the configuration file.',
    "Unknown operator: `Foo'.",
    'requires 2 arguments.',
    'Error: Parsing or semantic analysis failed.',
    'requires 1 arguments.',
    "Unknown operator: `Bound'.",
    '*** Errors: 4',
    'Operator Limit already defined or declared.',
    'This duplicates the one at line 3, col 1 to line 3, col 10 of module Base.',
    'Cannot find source file for module Missing imported in module ModuleNotFound.',
  ]) {
    t.ok(reports.includes(words), words);
  }
});

t.test('every semantic error of the module, each with its place, on stderr as with --format json', async (t) => {
  const dir = join(testdata, 'SeveralErrors');
  const text = await cloudos(dir, 'check', 'SeveralErrors.tla', '--workers', '1', '--format', 'json');
  t.equal(text.code, 65);
  const places = [...text.err.matchAll(/SeveralErrors\.tla:(\d+:\d+): error (E\d{4}): /g)].map((m) => `${m[1]} ${m[2]}`);
  t.same(places, ['5:13 E2001', '6:17 E2002', '7:12 E2001', '8:1 E2004'], 'Zero, F(x), Undefined and the second Next, in the order SANY reports them');
});
