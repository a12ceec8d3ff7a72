// Which branches of the reference kernel (reference/src/**) a run took, measured with V8's block
// coverage through node:inspector, when the implementation under test is the in-process kernel.
// A port in another process or language cannot be seen into: its runs say "not measured".
//
// The branches are fixed per file, read from the compiled JavaScript (so that V8's offsets apply
// as they are) with the TypeScript parser, and named by the .ts line the source map gives:
// each arm of an if (an absent else too), of `?:`, of `&&` / `||` / `??` (the right operand
// evaluated, or skipped), each case of a switch, each catch. V8 reports a count per block; the
// count at a position is that of the innermost block around it, so an arm was taken when the
// count at its first token is above zero, and an absent else or a skipped operand when the
// count at the statement exceeds the count at its taken arm. A branch on `mutantIs(...)` and the
// code only a mutant runs under it are not the kernel's, and are left out; so are branches in
// module top-level code, which runs once at import, in no run.
import { Session } from 'node:inspector';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRepoRoot, repoRoot } from '../../conventions/index.js';

/** Per kernel file (a repo-relative .ts path): its branch count and the indices of the branches taken. */
export type KernelCoverage =
  | { measured: true; files: Record<string, { total: number; covered: number[] }> }
  | { measured: false; reason: string };

/** One arm: where it is (the .ts line) and which arm of what. */
export interface KernelBranch {
  line: number;
  arm: string;
}

export const NOT_MEASURED_SUBPROCESS = 'not measured: the implementation is a subprocess (possibly in another language), whose code the suite cannot see into';
/** Block coverage costs up to half again the CPU of a run (conformance/README.md), so it is asked for. */
export const NOT_MEASURED_UNASKED = 'not measured (conform --kernel-coverage measures them, V8 block coverage, up to 50 % more CPU)';

/** The kernel's compiled files: reference/src without tests, the test harness, the bug variants and the entry points. */
const KERNEL_DIR = 'dist/reference/src';
const NOT_KERNEL = /(\.test\.js$|^bug-catalogue\/|^testing\/|^(index|mutants|adapter-main)\.js$)/;

function kernelScripts(): string[] {
  const root = fromRepoRoot(KERNEL_DIR);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
  return walk(root).filter((file) => !NOT_KERNEL.test(relative(root, file).split('\\').join('/'))).sort();
}

/** An arm as V8 sees it: taken when `count(at) > 0`, or, for an arm that is the rest of a statement, when `count(at) > count(minus)`. */
interface Arm extends KernelBranch {
  at: number;
  minus?: number;
}

interface ScriptBranches {
  url: string;
  source: string; // the .ts path, repo-relative
  arms: Arm[];
}

type Ts = typeof import('typescript');
let branchTables: ScriptBranches[] | undefined;

/** Every kernel file's arms, computed once per process (the compiled files do not change under a run). */
function kernelBranches(ts: Ts): ScriptBranches[] {
  branchTables ??= kernelScripts().map((file) => scriptBranches(ts, file));
  return branchTables;
}

function scriptBranches(ts: Ts, file: string): ScriptBranches {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  const mapJson = map.payload;
  const tsSource = relative(repoRoot, resolve(dirname(file), mapJson.sourceRoot ?? '', mapJson.sources[0]!)).split('\\').join('/');
  const lineOf = (pos: number): number => {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    const entry = map.findEntry(line, character) as { originalLine?: number };
    return (entry.originalLine ?? line) + 1;
  };
  const arms: Arm[] = [];
  // An arm is named by the line of its own first token; counted at `at` (less the count at `minus`).
  const add = (first: number, arm: string, at = first, minus?: number) => arms.push({ line: lineOf(first), arm, at, ...(minus !== undefined ? { minus } : {}) });
  /** Code only a mutant runs (the taken side of a condition on `mutantIs`), skipped with its arms. */
  const mutantSide = new Set<import('typescript').Node>();
  const visit = (node: import('typescript').Node, inFunction: boolean): void => {
    if (mutantSide.has(node)) return;
    const side = ts.isIfStatement(node) ? mutantSideOf(ts, node.expression) : ts.isConditionalExpression(node) ? mutantSideOf(ts, node.condition) : undefined;
    if (side !== undefined && ts.isIfStatement(node)) {
      const mutants = side === 'then' ? node.thenStatement : node.elseStatement;
      if (mutants) mutantSide.add(mutants);
    } else if (side !== undefined && ts.isConditionalExpression(node)) mutantSide.add(side === 'then' ? node.whenTrue : node.whenFalse);
    else if (inFunction) {
      if (ts.isIfStatement(node)) {
        const thenAt = node.thenStatement.getStart(sf);
        add(thenAt, 'if: then');
        if (node.elseStatement) add(node.elseStatement.getStart(sf), 'if: else');
        else add(node.getStart(sf), 'if: no else', node.getStart(sf), thenAt);
      } else if (ts.isConditionalExpression(node)) {
        add(node.whenTrue.getStart(sf), '?: true');
        add(node.whenFalse.getStart(sf), '?: false');
      } else if (ts.isBinaryExpression(node) && logicalOperators(ts).has(node.operatorToken.kind) && !mentionsMutant(node)) {
        const op = node.operatorToken.getText(sf);
        const rightAt = node.right.getStart(sf);
        add(rightAt, `${op}: right evaluated`);
        add(node.getStart(sf), `${op}: right skipped`, node.getStart(sf), rightAt);
      } else if (ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        // An empty clause falls through to the next: the two are one arm, counted at the next.
        if (node.statements.length > 0) add(node.getStart(sf), ts.isDefaultClause(node) ? 'switch: default' : `switch: case ${node.expression.getText(sf)}`);
      } else if (ts.isCatchClause(node)) add(node.getStart(sf), 'catch');
    }
    ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)));
  };
  visit(sf, false);
  return { url: pathToFileURL(file).href, source: tsSource, arms };
}

let logical: Set<number> | undefined;
function logicalOperators(ts: Ts): Set<number> {
  logical ??= new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);
  return logical;
}

function mentionsMutant(node: import('typescript').Node): boolean {
  return node.getText().includes('mutantIs(');
}

/**
 * The side of a condition only a mutant takes: `then` for `mutantIs(..)` or a conjunction with
 * one, `else` for its negation; undefined for a condition of the kernel's own.
 */
function mutantSideOf(ts: Ts, condition: import('typescript').Expression): 'then' | 'else' | undefined {
  if (ts.isParenthesizedExpression(condition)) return mutantSideOf(ts, condition.expression);
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
    const side = mutantSideOf(ts, condition.operand);
    return side === 'then' ? 'else' : side === 'else' ? 'then' : undefined;
  }
  if (ts.isCallExpression(condition)) return condition.expression.getText().endsWith('mutantIs') ? 'then' : undefined;
  if (ts.isBinaryExpression(condition) && condition.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return mutantSideOf(ts, condition.left) === 'then' || mutantSideOf(ts, condition.right) === 'then' ? 'then' : undefined;
  }
  return undefined;
}

// ---- measuring -------------------------------------------------------------------------------

interface V8Range { startOffset: number; endOffset: number; count: number }
interface V8Function { functionName: string; ranges: V8Range[]; isBlockCoverage: boolean }
interface V8Script { url: string; functions: V8Function[] }

let session: Session | undefined;
let ts: Ts | undefined;
let unavailable: string | undefined;

function post<T>(method: string, params?: object): T {
  let result: T | undefined;
  let failure: Error | null = null;
  // A session on the thread's own isolate answers synchronously, inside post.
  session!.post(method, params ?? {}, (error, answer) => {
    failure = error;
    result = answer as T;
  });
  if (failure) throw failure;
  return result!;
}

/**
 * Turns V8's block coverage on for this thread, for good: stopping it would drop the block
 * counters, and code compiled before it has none (such a run reports "not measured"). Returns
 * why it cannot be measured, or undefined.
 */
export function startKernelCoverage(): string | undefined {
  if (session !== undefined || unavailable !== undefined) return unavailable;
  try {
    // typescript is a devDependency: a checkout has it (it builds dist/), an install may not.
    ts = createRequire(import.meta.url)('typescript') as Ts;
  } catch {
    return (unavailable = 'not measured: the typescript package (a devDependency, needed to read the kernel\'s branches) is not installed');
  }
  session = new Session();
  session.connect();
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  return undefined;
}

/** Why this thread's kernel branches are not being measured, or undefined when they are. */
export function kernelCoverageStatus(): string | undefined {
  if (unavailable !== undefined) return unavailable;
  return session === undefined ? 'not measured: block coverage was not started (startKernelCoverage)' : undefined;
}

/** The kernel branches taken since the last take (or the start); V8's counters restart at zero. */
export function takeKernelCoverage(): KernelCoverage {
  const reason = kernelCoverageStatus();
  if (reason !== undefined) return { measured: false, reason };
  const { result } = post<{ result: V8Script[] }>('Profiler.takePreciseCoverage');
  keepForC8(result);
  const byUrl = new Map(result.map((s) => [s.url, s]));
  const files: Record<string, { total: number; covered: number[] }> = {};
  for (const script of kernelBranches(ts!)) {
    const v8 = byUrl.get(script.url);
    const ranges = v8 === undefined ? [] : v8.functions.flatMap((f) => f.ranges.map((r) => ({ ...r, block: f.isBlockCoverage })));
    const ran = (pos: number) => innermost(ranges, pos);
    const covered: number[] = [];
    for (const [i, arm] of script.arms.entries()) {
      const at = ran(arm.at);
      if (at !== undefined && !at.block && at.count > 0) {
        return { measured: false, reason: `not measured: code of ${script.source} ran before block coverage started in this process, so V8 has no block counts for it` };
      }
      const count = at?.count ?? 0;
      if (arm.minus === undefined ? count > 0 : count > (ran(arm.minus)?.count ?? 0)) covered.push(i);
    }
    files[script.source] = { total: script.arms.length, covered };
  }
  return { measured: true, files };
}

/** The innermost range around `pos` (V8's ranges nest); undefined for code V8 never compiled. */
function innermost<R extends V8Range>(ranges: readonly R[], pos: number): R | undefined {
  let best: R | undefined;
  for (const r of ranges) {
    if (r.startOffset <= pos && pos < r.endOffset && (best === undefined || r.endOffset - r.startOffset <= best.endOffset - best.startOffset)) best = r;
  }
  return best;
}

/**
 * Under c8 (NODE_V8_COVERAGE set) each take resets the counters c8 reads at exit: the counts
 * taken are summed (with c8's own merge) and written where c8 looks when the process exits, so
 * that the test suite's coverage loses nothing.
 */
let keptForC8: { result: V8Script[] } | undefined;
function keepForC8(result: V8Script[]): void {
  const dir = process.env.NODE_V8_COVERAGE;
  if (dir === undefined || dir === '') return;
  // c8 depends on @bcoe/v8-coverage, so it is there whenever c8 is.
  const { mergeProcessCovs } = createRequire(import.meta.url)('@bcoe/v8-coverage') as { mergeProcessCovs(covs: { result: V8Script[] }[]): { result: V8Script[] } };
  const own = { result: result.filter((s) => s.url.startsWith('file:') && !s.url.includes('/node_modules/')) };
  if (keptForC8 === undefined) process.once('exit', () => writeFileSync(join(dir, `coverage-${process.pid}-kernel-takes.json`), JSON.stringify(keptForC8)));
  keptForC8 = keptForC8 === undefined ? own : mergeProcessCovs([keptForC8, own]);
}

// ---- combining and naming ---------------------------------------------------------------------

/** The branches taken by either of two sets of runs; not measured if either was not. */
export function mergeKernelCoverage(a: KernelCoverage | undefined, b: KernelCoverage | undefined): KernelCoverage | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  if (!a.measured) return a;
  if (!b.measured) return b;
  const files: Record<string, { total: number; covered: number[] }> = {};
  for (const [source, f] of Object.entries(a.files)) {
    const other = b.files[source]?.covered ?? [];
    files[source] = { total: f.total, covered: [...new Set([...f.covered, ...other])].sort((x, y) => x - y) };
  }
  return { measured: true, files };
}

/** The arms of one kernel file, in the order the indices of `covered` refer to (needs startKernelCoverage). */
export function kernelBranchesOf(source: string): KernelBranch[] {
  const script = ts === undefined ? undefined : kernelBranches(ts).find((s) => s.source === source);
  return script?.arms.map(({ line, arm }) => ({ line, arm })) ?? [];
}

export interface KernelCoverageSummary {
  measured: boolean;
  reason?: string;
  covered?: number;
  total?: number;
  files?: { file: string; covered: number; total: number; uncovered?: KernelBranch[] }[];
}

/** Counts per file, and with `uncovered` each branch not taken (its .ts line and which arm). */
export function summarizeKernelCoverage(coverage: KernelCoverage, options: { uncovered: boolean }): KernelCoverageSummary {
  if (!coverage.measured) return { measured: false, reason: coverage.reason };
  const files = Object.entries(coverage.files).map(([file, f]) => {
    const taken = new Set(f.covered);
    const uncovered = options.uncovered ? kernelBranchesOf(file).filter((_, i) => !taken.has(i)) : undefined;
    return { file, covered: f.covered.length, total: f.total, ...(uncovered ? { uncovered } : {}) };
  });
  return { measured: true, covered: files.reduce((n, f) => n + f.covered, 0), total: files.reduce((n, f) => n + f.total, 0), files };
}
