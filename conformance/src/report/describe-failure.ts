// The plain-text account of one failed or broken test, shared by every report format: what
// broke, the seed, the (shrunk) workload and faults, and the replay command.
import type { FaultAction } from '../../../hardware-models/src/index.js';
import type { TestResult } from '../run-test.js';
import type { PortDeclaration } from '../runner.js';
import type { WorkloadStep } from '../test-case.js';
import type { Forgery } from '../quota-workload.js';
import { replayCommand, type ReplayContext } from './replay.js';

export function describeFailure(result: TestResult, context: ReplayContext): string[] {
  const lines: string[] = [];
  const p = result.protocolViolation;
  if (p) {
    lines.push(`protocol violation (${p.kind}): ${p.detail}`);
    if (p.input) lines.push(`  input:    ${p.input}`);
    if (p.output) lines.push(`  output:   ${p.output}`);
    if (p.expected) lines.push(`  expected: ${p.expected}`);
    if (p.stderrTail) lines.push(`  stderr (last lines):`, ...p.stderrTail.trimEnd().split('\n').slice(-10).map((l) => `    ${l}`));
  }
  // A broken run's protocol violation decides its verdict; what validation found before it follows.
  for (const v of result.violations) lines.push(`${v.property}: ${v.message}${v.timeNs !== undefined ? ` (at ${v.timeNs} ns)` : ''}`);
  if (result.unknownReason) lines.push(`unknown: ${result.unknownReason}`);
  lines.push(`seed: ${result.seed}   hardware: ${result.hardware}`);
  const cut = result.shrinkingCutAfterRuns !== undefined ? `; shrinking stopped at its budget of ${result.shrinkingCutAfterRuns} runs` : '';
  const shrunk = result.runs > 1 ? ` (shrunk in ${result.shrinks} steps after ${result.runs} generated workloads${cut})` : '';
  if (result.enabled) lines.push(`generated from operations ${result.enabled.operations.join(', ')}; faults ${result.enabled.faults.join(', ') || 'none'}`);
  lines.push(`workload${shrunk}:`, ...formatWorkload(result.steps, result.faults).map((l) => `  ${l}`));
  lines.push(`replay: ${replayCommand(result.id, result.seed, context)}`);
  return lines;
}

/** "the implementation speaks protocol v2 and declares messaging", or what a version-1 port is taken to implement. */
export function describeDeclaration(declaration: PortDeclaration): string {
  const features = declaration.features.join(', ') || 'no features';
  return declaration.protocolVersion === 1
    ? `the implementation speaks protocol v1, so it implements ${features}`
    : `the implementation speaks protocol v${declaration.protocolVersion} and declares ${features}`;
}

/** Why a test was not run: the features it needs that the implementation does not declare. */
export function notApplicableReason(result: TestResult): string {
  return `needs ${(result.missingFeatures ?? []).join(', ')}; ${result.declaration ? describeDeclaration(result.declaration) : 'the implementation declared nothing'}`;
}

/** The costs the implementation reported for a test's run, on one line; undefined when it reported none. */
export function formatCost(result: TestResult): string | undefined {
  const c = result.cost;
  if (c === undefined) return undefined;
  return `${c.cycles} cycles, ${c.wireBytes} bytes sent, ${c.persistedBytes} bytes persisted`;
}

/** Operations and faults merged in time order, one per line. */
export function formatWorkload(steps: readonly WorkloadStep[], faults: readonly FaultAction[]): string[] {
  const rows: { atNs: number; text: string }[] = [
    ...steps.map((s) => ({ atNs: s.atNs, text: `${s.node ? `at ${s.node}: ` : ''}${formatOp(s.op)}` })),
    ...faults.map((f) => ({ atNs: f.atNs, text: `fault ${formatFault(f)}` })),
  ];
  return rows.sort((a, b) => a.atNs - b.atNs).map((r) => `${String(r.atNs).padStart(11)} ns  ${r.text}`);
}

function formatOp(op: WorkloadStep['op']): string {
  switch (op.kind) {
    case 'spawn': {
      const p = op.placement;
      const where = p.kind === 'here' ? 'here' : p.kind === 'node' ? `on ${p.node}` : p.kind === 'zone' ? `in zone ${p.zone}` : `${p.kind} ${p.of}`;
      return `spawn ${op.as} ${where}`;
    }
    case 'exit': return `exit ${op.process}`;
    case 'send': return `send ${op.from} → ${op.to}${op.body !== undefined ? ` ${JSON.stringify(op.body)}` : ''}`;
    case 'register': return `register ${op.process} as '${op.name}'`;
    case 'lookup': return `lookup '${op.name}'`;
    case 'locate': return `locate ${op.process}`;
    case 'call': return `call ${op.from} → ${op.to} (${op.semantics})`;
    case 'migrate': return `migrate ${op.process} to ${op.to.kind === 'node' ? op.to.node : `zone ${op.to.zone}`} (${op.mode})`;
    case 'read': return `read ${op.process} page ${op.page}`;
    case 'write': return `write ${op.process} page ${op.page}${op.value !== undefined ? ` ${JSON.stringify(op.value)}` : ''}`;
    case 'attach': return `attach ${op.process} to '${op.segment}' (${op.pages} pages)`;
    case 'load': return `load ${op.process} '${op.segment}' page ${op.page}`;
    case 'store': return `store ${op.process} '${op.segment}' page ${op.page}${op.value !== undefined ? ` ${op.value}` : ''}`;
    case 'createAccount': return `createAccount '${op.account}' as ${op.as} ${JSON.stringify(op.quotas)}`;
    case 'acquire':
    case 'release': return `${op.kind} ${op.amount} ${op.resource} with ${op.capability}${forgedBy(op.forge)}`;
    case 'usage': return `usage with ${op.capability}${forgedBy(op.forge)}`;
    case 'derive': return `derive {${op.rights.join(', ')}} from ${op.capability}${forgedBy(op.forge)} as ${op.as}`;
    case 'revoke': return `revoke with ${op.capability}${forgedBy(op.forge)} as ${op.as}`;
    case 'transmit': return `transmit ${op.bytes} bytes to ${op.to} with ${op.capability}${forgedBy(op.forge)}`;
    case 'compute': return `compute ${op.cpuNs} ns of CPU with ${op.capability}${forgedBy(op.forge)}`;
  }
}

function forgedBy(forgery: Forgery | undefined): string {
  if (forgery === undefined) return '';
  if (typeof forgery === 'string') return ` (forged: ${forgery})`;
  return 'object' in forgery ? ` (forged: object '${forgery.object}')` : ` (forged: the check field's first ${forgery.checkPrefix} characters)`;
}

function formatFault(f: FaultAction): string {
  switch (f.kind) {
    case 'crash': return `crash ${f.node}`;
    case 'restart': return `restart ${f.node}`;
    case 'partition': return `partition ${f.groups.map((g) => `{${g.join(',')}}`).join(' | ')}${f.direction === 'one-way' ? ' (one-way)' : ''}`;
    case 'heal': return 'heal';
    case 'message-faults': return `message faults ${JSON.stringify(f.faults)}`;
    case 'clock-skew': return `clock skew ${f.node} ${f.offsetNs} ns, ${f.driftPpm} ppm`;
  }
}
