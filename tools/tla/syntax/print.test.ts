// Parse/print round trip: printing an AST and parsing the text gives the same AST back, for
// random expressions of every kind and for the corpus specs.
import t from 'tap';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { arbitraryExpr, withoutSpans } from './arbitrary-expr.js';
import { expressionColumn, parseExpression, parseModule } from './parse.js';
import { printExpr, printModule } from './print.js';
import { repoRoot } from '../../../conventions/index.js';

t.test('print(parse(print(e))) = print(e) and the trees agree, for random expressions', async (t) => {
  const seed = Number(process.env.FC_SEED ?? 20261127);
  await fc.assert(
    fc.asyncProperty(arbitraryExpr(), async (e) => {
      const text = printExpr(e, expressionColumn);
      const parsed = await parseExpression(text);
      return isDeepStrictEqual(withoutSpans(parsed), withoutSpans(e)) && printExpr(parsed, expressionColumn) === text;
    }),
    { seed, numRuns: 300 },
  ).catch((error: unknown) => {
    t.fail(`round trip failed (rerun with FC_SEED=${seed}): ${String(error)}`);
  });
  t.pass('300 random expressions round-trip');
});

t.test('corpus specs print to text that parses to the same module', async (t) => {
  const corpus = join(repoRoot, 'tools/tla/corpus');
  const files = readdirSync(corpus).filter((f) => f.endsWith('.tla'));
  t.ok(files.length > 0, 'corpus present');
  for (const file of files) {
    const first = await parseModule(readFileSync(join(corpus, file), 'utf8'), file);
    const printed = printModule(first);
    const second = await parseModule(printed, file);
    t.same(withoutSpans(second.units), withoutSpans(first.units), file);
    t.equal(printModule(second), printed, `${file} prints stably`);
  }
});

t.test('strings with quotes, backslashes and control characters survive printing', async (t) => {
  const text = printExpr({ kind: 'string', value: 'a"b\\c\nd\te', span: { file: 'x', line: 1, col: 1, endLine: 1, endCol: 1 } });
  t.equal(text, '"a\\"b\\\\c\\nd\\te"');
  const back = await parseExpression(text);
  t.same(withoutSpans(back), { kind: 'string', value: 'a"b\\c\nd\te' });
});
