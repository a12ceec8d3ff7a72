import t from 'tap';
import { diagnostic, renderDiagnostic } from './diagnostics.js';

t.test('renders GNU form with a caret under the span and the hint', async (t) => {
  const source = 'VARIABLE replies\nNext == replys\' = replies \\cup {m}\n';
  const d = diagnostic('E2001', "unknown identifier 'replys'", { file: 'RPC.tla', line: 2, col: 9, endLine: 2, endCol: 15 }, "did you mean 'replies'?");
  t.equal(
    renderDiagnostic(d, source),
    "RPC.tla:2:9: error E2001: unknown identifier 'replys'\n" +
      "  2 | Next == replys' = replies \\cup {m}\n" +
      '    |         ^^^^^^\n' +
      "  hint: did you mean 'replies'?\n",
  );
});

t.test('renders without a span or source', async (t) => {
  t.equal(renderDiagnostic(diagnostic('E4001', 'empty file')), 'error E4001: empty file\n');
});
