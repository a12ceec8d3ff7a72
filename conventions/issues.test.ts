import t from 'tap';
import { z } from 'zod';
import { formatFieldPath, formatIssues } from './issues.js';

t.test('field paths as JavaScript writes them', async (t) => {
  t.equal(formatFieldPath(['topology', 'links', 3, 'b']), 'topology.links[3].b');
  t.equal(formatFieldPath(['sources', 'a.b']), 'sources["a.b"]');
  t.equal(formatFieldPath([0, 'x']), '[0].x');
  t.equal(formatFieldPath([]), '(top level)');
});

t.test("zod's issues as path: message, at most max of them", async (t) => {
  const parsed = z.strictObject({ a: z.number(), b: z.array(z.string()) }).safeParse({ a: 'x', b: ['y', 2], c: 1 });
  t.notOk(parsed.success);
  const issues = parsed.error!.issues;
  t.equal(formatIssues(issues), `a: ${issues[0]!.message}; b[1]: ${issues[1]!.message}; (top level): ${issues[2]!.message}`);
  t.equal(formatIssues(issues, { max: 1, separator: '\n' }), `a: ${issues[0]!.message}\nand 2 more`);
  t.equal(formatIssues([]), '');
});
