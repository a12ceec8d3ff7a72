// For the tests that run the whole conformance suite against one shipped implementation (one
// file per port, so that each stays well inside tap's per-file limit and they run side by side):
// the `cloudos conform` run in JSON, and the check that a port passes every test it can run.
import type { Test } from 'tap';
import { discoverTests } from '../../../conformance/src/index.js';
import { measuredBy, mutantAbstraction, mutants, referenceDeclaration } from '../../../reference/src/index.js';
import type { ScoreReport } from '../conform.js';
import { run } from '../main.js';
import type { Shard } from '../sweep-file.js';
import { shardOf } from './shard-of.js';
import { repoRoot } from '../../../conventions/index.js';

export interface Summary {
  passed: number;
  failed: number;
  notApplicable: number;
  declaration?: { protocolVersion: number; features: string[] };
  tests: { id: string; verdict: string; cost?: { cycles: number; wireBytes: number }; violations: { property: string }[] }[];
}

/** `cloudos conform --seed 1 --format json` with `args`, run in this process (`Report` is `ScoreReport` with --mutants or --catalogue). */
export async function conformJSON<Report = Summary>(args: string[]): Promise<{ code: number; summary: Report }> {
  let out = '';
  const code = await run(['conform', '--seed', '1', '--format', 'json', ...args], { out: (s) => void (out += s), err: () => {}, cwd: repoRoot, signal: new AbortController().signal });
  return { code, summary: JSON.parse(out) };
}

export const failures = (summary: { tests: { id: string; verdict: string }[] }): string[] => summary.tests.filter((x) => x.verdict !== 'pass').map((x) => `${x.id}: ${x.verdict}`);

/**
 * The suite in parts, each a file of its own per port (the reference kernel as a subprocess takes
 * messaging and RPC in one), so that each file stays well inside tap's limit on a loaded machine.
 */
export const SUITE_PARTS = { messaging: ['messaging/*'], rpc: ['rpc/*'], migrationDsmAndQuotas: ['migration/*', 'dsm/*', 'quotas/*'] } as const;

/** The shipped ports the conform-port-*.test.ts files run as subprocesses: command, protocol version, features declared. */
export const PORTS = {
  python: { name: 'the Python port', command: 'python3 conformance/impls/python/cloudos_node.py', protocolVersion: 2, features: ['messaging', 'rpc', 'migration', 'quotas', 'dsm'] },
  // Version 1 had messaging and RPC only: the other tests are not applicable to it (never passed, never failed).
  pythonV1: { name: 'the Python port speaking protocol version 1', command: 'python3 conformance/impls/python/cloudos_node.py --protocol 1', protocolVersion: 1, features: ['messaging', 'rpc'] },
  referenceSubprocess: { name: 'the reference kernel as a subprocess', command: 'node dist/reference/src/adapter-main.js', protocolVersion: 2, features: referenceDeclaration.features },
} as const satisfies Record<string, { name: string; command: string; protocolVersion: number; features: readonly string[] }>;

/** One test file's subtest: `port` passes every test of `parts` (`shard` of each glob's tests) it can run. */
export function portPasses(t: Test, port: keyof typeof PORTS, parts: readonly (keyof typeof SUITE_PARTS)[], shard?: Shard): void {
  const { name, command, protocolVersion, features } = PORTS[port];
  const globs = parts.flatMap((part) => SUITE_PARTS[part]);
  const which = shard ? ` (shard ${shard.index}/${shard.count} of each glob's tests)` : '';
  t.test(`${name} passes every test of ${globs.join(', ')}${which} it can run (replay: cloudos conform --seed 1 --impl "${command}" --tests <id>)`, (t) =>
    passesEveryTestItCanRun(t, command, protocolVersion, features, globs, shard),
  );
}

/**
 * The port (`command`, or the reference kernel in-process when undefined) passes every test of
 * `selection` (globs of test ids; every test when absent; `shard` of each glob's tests) whose
 * features it declares, the others are not applicable, it declares `protocolVersion` and
 * `features`, and a version-2 port reports a cost for every test.
 */
export async function passesEveryTestItCanRun(t: Test, command: string | undefined, protocolVersion: number, features: readonly string[], selection: readonly (string | undefined)[] = [undefined], shard?: Shard): Promise<void> {
  for (const glob of selection) {
    const selected = shardOf(discoverTests(glob), shard);
    if (selected.length === 0) continue; // a glob with fewer tests than shards
    const tests = shard ? selected.flatMap((test) => ['--tests', test.id]) : glob ? ['--tests', glob] : [];
    const { code, summary } = await conformJSON([...(command ? ['--impl', command] : []), ...tests]);
    const applicable = selected.filter((test) => test.features.every((f) => features.includes(f))).length;
    const what = (glob ?? 'every test') + (shard ? ` (shard ${shard.index}/${shard.count})` : '');
    t.same(failures(summary).filter((f) => !f.endsWith('not-applicable')), [], `${what}: none fails`);
    t.equal(summary.passed, applicable, `${what}: ${summary.passed} tests passed`);
    t.equal(summary.notApplicable, selected.length - applicable, `${what}: ${summary.notApplicable} not applicable`);
    t.same(summary.declaration, { protocolVersion, features });
    // Version 2 ports report what each step cost; the suite shows it per test. A test may send
    // nothing on the wire (a generated workload can stay on one node), so bytes count per selection.
    const withCost = summary.tests.filter((test) => test.cost !== undefined && test.cost.cycles > 0);
    t.equal(withCost.length, protocolVersion === 2 ? applicable : 0, `${what}: ${withCost.length} tests with a cost`);
    if (protocolVersion === 2 && applicable > 0) t.ok(withCost.some((test) => (test.cost?.wireBytes ?? 0) > 0), `${what}: bytes on the wire are reported`);
    t.equal(code, 0);
  }
}

/**
 * `conform --mutants` in parts, a file of its own each (conform-mutants-*.test.ts): each mutant
 * is measured by its own abstraction's tests, so the parts together measure every mutant.
 */
export const MUTANT_PARTS = { messagingAndRpc: ['messaging/*', 'rpc/*'], dsmAndQuotas: ['dsm/*', 'quotas/*'], migration: ['migration/*'] } as const;

/** The abstractions whose tests `globs` select. */
export const abstractionsOf = (globs: readonly string[]): Set<string> => new Set(globs.flatMap((glob) => discoverTests(glob).map((test) => test.abstraction)));

/** `cloudos conform --mutants` on the tests of `globs`: exactly the mutants those tests measure, each rejected with its time to detect. */
export async function everyMutantRejected(t: Test, globs: readonly string[]): Promise<void> {
  const { code, summary } = await conformJSON<ScoreReport>(['--mutants', ...globs.flatMap((glob) => ['--tests', glob])]);
  const selected = abstractionsOf(globs);
  const measured = mutants.filter((m) => measuredBy(mutantAbstraction(m)).some((abstraction) => selected.has(abstraction))).map((m) => m.name);
  t.same(summary.mutants.map((m) => m.name).sort(), [...measured].sort(), `the mutants of ${[...selected].join(', ')}`);
  t.equal(summary.score, 1, JSON.stringify(summary.mutants.filter((m) => !m.rejected)));
  for (const m of summary.mutants) {
    t.equal(m.rejected, true, m.name);
    t.type(m.timeToDetectMs, 'number', m.name);
  }
  t.equal(code, 0);
}
