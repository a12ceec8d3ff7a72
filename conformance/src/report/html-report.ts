// The HTML report (REPORT_DIR/index.html, self-contained): a summary table, and for every test
// that did not pass its failure account and a sequence diagram of the run. results.json beside it
// holds the JSON summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteResult } from '../suite.js';
import { describeDeclaration, describeFailure, notApplicableReason } from './describe-failure.js';
import { jsonSummary, xml } from './machine-reports.js';
import type { ReplayContext } from './replay.js';
import { sequenceDiagram } from './sequence-diagram.js';
import { summarizeKernelCoverage, type KernelCoverage } from '../kernel-coverage.js';

export function htmlReport(suite: SuiteResult, context: ReplayContext): string {
  const cost = (r: SuiteResult['tests'][number]) => (r.cost ? [r.cost.cycles, r.cost.wireBytes, r.cost.persistedBytes] : ['', '', '']).map((v) => `<td class="num">${v}</td>`).join('');
  const kernel = (r: SuiteResult['tests'][number]) => (suite.kernelCoverage?.measured ? `<td class="num">${r.kernelCoverage ? branchCount(r.kernelCoverage) : ''}</td>` : '');
  const rows = suite.tests
    .map((r) => {
      const id = r.status === 'passed' || r.status === 'not-applicable' ? xml(r.id) : `<a href="#${anchor(r.id)}">${xml(r.id)}</a>`;
      const status = r.status === 'not-applicable' ? `not applicable (${xml(notApplicableReason(r))})` : r.status;
      return `<tr class="${r.status}"><td>${id}</td><td>${status}</td><td>${r.verdict}</td><td>${r.seed}</td><td>${r.durationMs} ms</td>${cost(r)}${kernel(r)}</tr>`;
    })
    .join('\n');
  const details = suite.tests
    .filter((r) => r.status !== 'passed' && r.status !== 'not-applicable')
    .map((r) => {
      const highlight = new Set(r.violations.flatMap((v) => v.entries));
      return [
        `<section id="${anchor(r.id)}" class="test ${r.status}">`,
        `<h2>${xml(r.id)} — ${r.status}</h2>`,
        `<p>${xml(r.description)}</p>`,
        `<pre>${xml(describeFailure(r, context).join('\n'))}</pre>`,
        `<div class="diagram">${sequenceDiagram(r.history, r.nodes, { highlight })}</div>`,
        '</section>',
      ].join('\n');
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cloudOS conformance: ${xml(suite.implementation)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}
tr.failed td,tr.unexpected-pass td{color:#b00;font-weight:bold}tr.unknown td{color:#a60}tr.not-applicable td{color:#888}td.num{text-align:right}/* wrapped, so that the replay line can be read and copied whole */pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere}
.diagram{overflow-x:auto;border:1px solid #ddd}
</style></head><body>
<h1>cloudOS conformance report</h1>
<p id="summary">Implementation <code>${xml(suite.implementation)}</code>: <strong>${suite.passed} passed</strong>, <strong>${suite.failed} failed</strong>, ${suite.notApplicable} not applicable, ${suite.unknown} unknown${suite.expectedFailures ? `, ${suite.expectedFailures} expected failures` : ''}${suite.unexpectedPasses ? `, ${suite.unexpectedPasses} unexpected passes` : ''}; seed ${suite.seed}, protocol v${suite.protocolVersion}${suite.declaration ? ` (${xml(describeDeclaration(suite.declaration))})` : ''}, ${(suite.durationMs / 1000).toFixed(1)} s.</p>
<table><thead><tr><th>test</th><th>status</th><th>verdict</th><th>seed</th><th>time</th><th>cycles</th><th>bytes sent</th><th>bytes persisted</th>${suite.kernelCoverage?.measured ? '<th>kernel branches</th>' : ''}</tr></thead><tbody>
${rows}
</tbody></table>
${suite.kernelCoverage ? kernelCoverageSection(suite.kernelCoverage) : ''}
${details}
</body></html>
`;
}

export function writeHtmlReport(dir: string, suite: SuiteResult, context: ReplayContext): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.html');
  writeFileSync(file, htmlReport(suite, context));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(jsonSummary(suite, context), null, 2) + '\n');
  return file;
}

function branchCount(coverage: KernelCoverage): string {
  const { measured, covered, total } = summarizeKernelCoverage(coverage, { uncovered: false });
  return measured ? `${covered}/${total}` : 'not measured';
}

/** Per kernel file: branches taken, and each branch not taken by line and arm. */
function kernelCoverageSection(coverage: KernelCoverage): string {
  const summary = summarizeKernelCoverage(coverage, { uncovered: true });
  if (!summary.measured) return `<h2 id="kernel-coverage">Reference kernel branches</h2>\n<p>${xml(summary.reason!)}</p>`;
  const rows = summary.files!
    .map((f) => `<tr><td><code>${xml(f.file)}</code></td><td class="num">${f.covered}/${f.total}</td><td>${f.uncovered!.length === 0 ? '' : `<details><summary>${f.uncovered!.length} not taken</summary>${f.uncovered!.map((b) => `${b.line}: ${xml(b.arm)}`).join('<br>')}</details>`}</td></tr>`)
    .join('\n');
  return `<h2 id="kernel-coverage">Reference kernel branches: ${summary.covered}/${summary.total}</h2>
<p>V8 block coverage of the in-process kernel over every run (conformance/src/kernel-coverage.ts).</p>
<table><thead><tr><th>file</th><th>taken</th><th>not taken (line: arm)</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function anchor(id: string): string {
  return id.replace(/[^a-z0-9]+/g, '-');
}
