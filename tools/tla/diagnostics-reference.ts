// Generates docs/diagnostics.md from the registry in diagnostics.ts, so that the documentation of
// error codes cannot drift from the code. Run `node dist/tools/tla/diagnostics-reference.js` to
// rewrite the file; diagnostics-reference.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnosticCodes, type DiagnosticCode } from './diagnostics.js';
import { fromRepoRoot } from '../../conventions/index.js';

const bands: Record<string, string> = {
  E1: 'Syntax (tools/tla/syntax)',
  E2: 'Names and modules (tools/tla/names)',
  E3: 'Evaluation (tools/tla/eval, tools/tla/values, tools/tla/stdlib)',
  E4: 'Configuration files (tools/tla/cfg, tools/tla/load.ts)',
  E5: 'Model checking (tools/tla/check, tools/tla/load.ts)',
  E6: 'tla2ts (tools/tla/tla2ts)',
};

export function diagnosticsReference(): string {
  const lines = [
    '# TLA+ diagnostics',
    '',
    '<!-- Generated from tools/tla/diagnostics.ts by `node dist/tools/tla/diagnostics-reference.js`; do not edit. -->',
    '',
    'Every error of `cloudos check`, `cloudos simulate` and `cloudos tla2ts` about the input is printed in',
    'GNU form, `file:line:col: error CODE: message`, with the source line, a caret under the region',
    'and a hint, and the command exits with 65. Tests assert on these codes, never on the wording.',
  ];
  let band = '';
  for (const code of Object.keys(diagnosticCodes) as DiagnosticCode[]) {
    if (code.slice(0, 2) !== band) {
      band = code.slice(0, 2);
      lines.push('', `## ${bands[band] ?? band}`, '', '| code | meaning | what to do |', '| --- | --- | --- |');
    }
    const { title, fix } = diagnosticCodes[code];
    lines.push(`| ${code} | ${title} | ${fix.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n') + '\n';
}

export const referencePath = fromRepoRoot('docs/diagnostics.md');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(referencePath, diagnosticsReference());
  process.stdout.write(`wrote ${referencePath}\n`);
}
