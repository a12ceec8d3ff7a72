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

t.test('control characters of quoted source are shown escaped, never sent to the terminal', async (t) => {
  const source = 'Op == "\x1b[2J\x07"\n';
  const text = renderDiagnostic(diagnostic('E1001', 'unexpected "\x1b[2J"', { file: 'M.tla', line: 1, col: 7, endLine: 1, endCol: 12 }, 'remove \x00'), source);
  t.notMatch(text, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control byte in the rendering');
  t.match(text, /unexpected "\\x1b\[2J"/);
  t.match(text, /1 \| Op == "\\x1b\[2J\\x07"/);
  t.match(text, /hint: remove \\x00/);
});
