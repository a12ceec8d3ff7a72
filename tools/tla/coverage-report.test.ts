// `cloudos check --coverage` against TLC's `-coverage 1` report. Every expected block below is TLC's
// output (TLC2 built from the public TLA+ tools source, `java -cp tla2tools.jar tlc2.TLC -coverage 1
// -workers 1 -config X.cfg X.tla`, measured 7 Dec 2026), pasted whole, with TLC's lines per
// subexpression (the indented ones). The model `--coverage` runs (interpreted, counting) must print
// each block whole, the second numbers (`count:cost`) included. The plain models
// (compiled and interpreted, as `check` runs without --coverage) print no indented lines.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { fromRepoRoot, temporaryFolder } from '../../conventions/index.js';
import { parseConfig } from './cfg/config.js';
import { checkModel } from './check/check.js';
import { buildCompiledModel, buildModel, loadModelSource } from './load.js';
import { resolveSource } from './names/index.js';
import { formatCheckResult } from './trace/tlc-text.js';

/** The coverage block `cloudos check --coverage --workers 1` prints for `spec` (module `name`) under `cfg`, dated `now`, in either evaluation mode. */
async function coverage(name: string, spec: string, cfg: string, now: Date, mode: 'interpreted' | 'compiled' | 'coverage'): Promise<string[]> {
  const dir = temporaryFolder('coverage-report-');
  const file = join(dir, `${name}.tla`);
  await writeFile(file, spec);
  const [resolved, config] = [await resolveSource(spec, file), parseConfig(cfg, join(dir, `${name}.cfg`))];
  const model = mode === 'coverage' ? buildModel(resolved, config, 0, true) : mode === 'interpreted' ? buildModel(resolved, config) : await buildCompiledModel(resolved, config);
  const text = formatCheckResult(model, await checkModel(model, { countValues: true }), { coverage: true, now });
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('The coverage statistics')), lines.indexOf('End of statistics.') + 1);
}

/** TLC's block without the subexpression lines, as the plain models print it. */
function comparable(lines: readonly string[]): string[] {
  return lines.filter((l) => !l.startsWith('  '));
}

const tlcTime = (text: string) => new Date(`${/at (\S+ \S+) \(/.exec(text)![1]!.replace(' ', 'T')}Z`);
const corpus = (file: string) => readFileSync(fromRepoRoot(`tools/tla/corpus/${file}`), 'utf8');

/** CASE in an expression, in an invariant and among assignments: TLC's report of it under two configurations. */
const caseSpec = `---- MODULE C1 ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = CASE x = 0 -> 1 [] x = 1 -> 2 [] OTHER -> 0
Inv == CASE x > 3 -> TRUE [] OTHER -> x # 5
Step == \\/ /\\ x < 2
           /\\ CASE x = 0 -> x' = 1 [] OTHER -> x' = x + 1
        \\/ x = 2 /\\ x' = 0
====
`;

const cases: { name: string; what: string; spec: string; cfg: string; tlc: string }[] = [
  {
    name: 'DieHard',
    what: 'an invariant violated: TLC counts the two rebuildings of the trace and the violating state',
    spec: corpus('DieHard.tla'),
    cfg: corpus('DieHard.cfg'),
    tlc: `The coverage statistics at 2026-12-07 02:15:55 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<big line 7, col 18 to line 7, col 20 of module DieHard>: 5
<small line 7, col 11 to line 7, col 15 of module DieHard>: 4
<Init line 13, col 1 to line 13, col 4 of module DieHard>: 3:3
  line 13, col 9 to line 13, col 28 of module DieHard: 3
<FillSmall line 17, col 1 to line 17, col 9 of module DieHard>: 2:24
  line 17, col 15 to line 17, col 38 of module DieHard: 24
<FillBig line 18, col 1 to line 18, col 7 of module DieHard>: 3:24
  line 18, col 15 to line 18, col 40 of module DieHard: 24
<EmptySmall line 19, col 1 to line 19, col 10 of module DieHard>: 1:20
  line 19, col 15 to line 19, col 38 of module DieHard: 20
<EmptyBig line 20, col 1 to line 20, col 8 of module DieHard>: 1:18
  line 20, col 15 to line 20, col 40 of module DieHard: 18
<PourSmallToBig line 23, col 1 to line 23, col 14 of module DieHard>: 3:18
  line 23, col 22 to line 23, col 47 of module DieHard: 18
  |line 23, col 29 to line 23, col 47 of module DieHard: 18
  ||line 15, col 14 to line 15, col 35 of module DieHard: 18
  |||line 15, col 17 to line 15, col 21 of module DieHard: 18
  |||line 15, col 28 to line 15, col 28 of module DieHard: 8
  |||line 15, col 35 to line 15, col 35 of module DieHard: 10
  ||line 23, col 33 to line 23, col 43 of module DieHard: 18
  line 24, col 22 to line 24, col 50 of module DieHard: 18
<PourBigToSmall line 25, col 1 to line 25, col 14 of module DieHard>: 3:18
  line 25, col 22 to line 25, col 49 of module DieHard: 17
  |line 25, col 31 to line 25, col 49 of module DieHard: 18
  ||line 15, col 14 to line 15, col 35 of module DieHard: 18
  |||line 15, col 17 to line 15, col 21 of module DieHard: 18
  |||line 15, col 28 to line 15, col 28 of module DieHard: 6
  |||line 15, col 35 to line 15, col 35 of module DieHard: 12
  ||line 25, col 35 to line 25, col 45 of module DieHard: 18
  line 26, col 22 to line 26, col 50 of module DieHard: 17
  |line 26, col 29 to line 26, col 50 of module DieHard: 18
<TypeOK line 11, col 1 to line 11, col 6 of module DieHard>
  line 11, col 11 to line 11, col 40 of module DieHard: 14
<NotSolved line 33, col 1 to line 33, col 9 of module DieHard>
  line 33, col 14 to line 33, col 20 of module DieHard: 14
End of statistics.`,
  },
  {
    name: 'TwoPhase',
    what: 'a model that holds, actions with parameters split by \\E',
    spec: corpus('TwoPhase.tla'),
    cfg: corpus('TwoPhase.cfg'),
    tlc: `The coverage statistics at 2026-12-07 05:57:27 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<msgs line 7, col 41 to line 7, col 44 of module TwoPhase>: 17
<rmState line 7, col 11 to line 7, col 17 of module TwoPhase>: 34
<tmState line 7, col 20 to line 7, col 26 of module TwoPhase>: 3
<tmPrepared line 7, col 29 to line 7, col 38 of module TwoPhase>: 8
<TPInit line 18, col 1 to line 18, col 6 of module TwoPhase>: 1:1
  line 18, col 24 to line 18, col 47 of module TwoPhase: 1:3
  |line 18, col 31 to line 18, col 32 of module TwoPhase: 1
  line 20, col 14 to line 20, col 28 of module TwoPhase: 1:91
  line 21, col 14 to line 21, col 22 of module TwoPhase: 1
  |line 21, col 21 to line 21, col 22 of module TwoPhase: 1:8
<TMRcvPrepared line 23, col 1 to line 23, col 16 of module TwoPhase>: 21:96
  line 23, col 24 to line 23, col 39 of module TwoPhase: 960
  |line 23, col 24 to line 23, col 30 of module TwoPhase: 864
  line 24, col 24 to line 24, col 63 of module TwoPhase: 288
  |line 24, col 24 to line 24, col 54 of module TwoPhase: 192
  |line 24, col 60 to line 24, col 63 of module TwoPhase: 192
  line 25, col 24 to line 25, col 56 of module TwoPhase: 96
  |line 25, col 38 to line 25, col 56 of module TwoPhase: 96
  ||line 25, col 38 to line 25, col 47 of module TwoPhase: 96
  ||line 25, col 54 to line 25, col 56 of module TwoPhase: 96:384
  |||line 25, col 55 to line 25, col 55 of module TwoPhase: 96
  line 26, col 24 to line 26, col 59 of module TwoPhase: 96
<TMCommit line 28, col 1 to line 28, col 8 of module TwoPhase>: 1:1
  line 28, col 16 to line 28, col 31 of module TwoPhase: 289
  |line 28, col 16 to line 28, col 22 of module TwoPhase: 288
  line 29, col 16 to line 29, col 30 of module TwoPhase: 65
  |line 29, col 16 to line 29, col 25 of module TwoPhase: 64
  |line 29, col 29 to line 29, col 30 of module TwoPhase: 64
  line 30, col 16 to line 30, col 37 of module TwoPhase: 1
  line 31, col 16 to line 31, col 54 of module TwoPhase: 1
  |line 31, col 24 to line 31, col 54 of module TwoPhase: 1
  ||line 31, col 24 to line 31, col 27 of module TwoPhase: 1
  ||line 31, col 34 to line 31, col 54 of module TwoPhase: 1:2
  |||line 31, col 35 to line 31, col 53 of module TwoPhase: 1
  line 32, col 16 to line 32, col 48 of module TwoPhase: 1
<TMAbort line 34, col 1 to line 34, col 7 of module TwoPhase>: 22:64
  line 34, col 15 to line 34, col 30 of module TwoPhase: 352
  |line 34, col 15 to line 34, col 21 of module TwoPhase: 288
  line 35, col 15 to line 35, col 34 of module TwoPhase: 64
  line 36, col 15 to line 36, col 52 of module TwoPhase: 64
  |line 36, col 23 to line 36, col 52 of module TwoPhase: 64
  ||line 36, col 23 to line 36, col 26 of module TwoPhase: 64
  ||line 36, col 33 to line 36, col 52 of module TwoPhase: 64:128
  |||line 36, col 34 to line 36, col 51 of module TwoPhase: 64
  line 37, col 15 to line 37, col 47 of module TwoPhase: 64
<RMPrepare line 39, col 1 to line 39, col 12 of module TwoPhase>: 64:156
  line 39, col 20 to line 39, col 41 of module TwoPhase: 1020
  |line 39, col 20 to line 39, col 29 of module TwoPhase: 864
  line 40, col 20 to line 40, col 64 of module TwoPhase: 156
  line 41, col 20 to line 41, col 70 of module TwoPhase: 156
  |line 41, col 28 to line 41, col 70 of module TwoPhase: 156
  ||line 41, col 28 to line 41, col 31 of module TwoPhase: 156
  ||line 41, col 38 to line 41, col 70 of module TwoPhase: 156:336
  |||line 41, col 39 to line 41, col 69 of module TwoPhase: 156
  line 42, col 20 to line 42, col 52 of module TwoPhase: 156
<RMChooseToAbort line 44, col 1 to line 44, col 18 of module TwoPhase>: 64:156
  line 44, col 26 to line 44, col 47 of module TwoPhase: 1020
  |line 44, col 26 to line 44, col 35 of module TwoPhase: 864
  line 45, col 26 to line 45, col 69 of module TwoPhase: 156
  line 46, col 26 to line 46, col 64 of module TwoPhase: 156
<RMRcvCommitMsg line 48, col 1 to line 48, col 17 of module TwoPhase>: 7:24
  line 48, col 25 to line 48, col 52 of module TwoPhase: 888
  |line 48, col 25 to line 48, col 43 of module TwoPhase: 864
  |line 48, col 49 to line 48, col 52 of module TwoPhase: 864
  line 49, col 25 to line 49, col 70 of module TwoPhase: 24
  line 50, col 25 to line 50, col 63 of module TwoPhase: 24
<RMRcvAbortMsg line 52, col 1 to line 52, col 16 of module TwoPhase>: 108:648
  line 52, col 24 to line 52, col 50 of module TwoPhase: 1512
  |line 52, col 24 to line 52, col 41 of module TwoPhase: 864
  |line 52, col 47 to line 52, col 50 of module TwoPhase: 864
  line 53, col 24 to line 53, col 67 of module TwoPhase: 648
  line 54, col 24 to line 54, col 62 of module TwoPhase: 648
<TPTypeOK line 13, col 1 to line 13, col 8 of module TwoPhase>
  line 13, col 13 to line 16, col 37 of module TwoPhase: 288
<TPConsistent line 63, col 1 to line 63, col 12 of module TwoPhase>
  line 63, col 17 to line 64, col 66 of module TwoPhase: 288
  |line 63, col 36 to line 64, col 66 of module TwoPhase: 2592
  ||line 63, col 38 to line 64, col 66 of module TwoPhase: 2592
  |||line 63, col 41 to line 64, col 66 of module TwoPhase: 2592
  ||||line 63, col 41 to line 63, col 63 of module TwoPhase: 2592
  ||||line 64, col 42 to line 64, col 66 of module TwoPhase: 1116
  |line 63, col 31 to line 63, col 32 of module TwoPhase: 288
End of statistics.`,
  },
  {
    name: 'T4',
    what: 'disjuncts of Next written in place (TLC adds their position), a LET, \\E over an operator with an argument',
    spec: `---- MODULE T4 ----
EXTENDS Naturals
VARIABLE x, y
Init == x = 0 /\\ y \\in {0, 1}
A(i) == x < 4 /\\ x' = x + i /\\ y' = y
Next == \\/ (x < 3 /\\ x' = x + 1 /\\ UNCHANGED y)
        \\/ \\E i \\in {1, 2} : A(i)
        \\/ LET t == 1 IN (x > 0 /\\ x' = x - t /\\ y' = 1 - y)
Inv == x + y < 5
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\n',
    tlc: `The coverage statistics at 2026-12-07 02:39:19 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module T4>: 4
<y line 3, col 13 to line 3, col 13 of module T4>: 2
<Init line 4, col 1 to line 4, col 4 of module T4>: 6:6
  line 4, col 18 to line 4, col 29 of module T4: 6
  |line 4, col 24 to line 4, col 29 of module T4: 3:9
<A line 5, col 1 to line 5, col 4 of module T4>: 6:20
  line 5, col 9 to line 5, col 13 of module T4: 19
  |line 5, col 9 to line 5, col 9 of module T4: 20
  line 5, col 18 to line 5, col 27 of module T4: 19
  |line 5, col 23 to line 5, col 27 of module T4: 20
  line 5, col 32 to line 5, col 37 of module T4: 19
  |line 5, col 37 to line 5, col 37 of module T4: 20
<Next line 6, col 1 to line 6, col 4 of module T4 (6 13 6 46)>: 2:10
  line 6, col 13 to line 6, col 31 of module T4: 10
  line 6, col 36 to line 6, col 46 of module T4: 10
<Next line 6, col 1 to line 6, col 4 of module T4 (8 27 8 59)>: 0:3
  line 8, col 27 to line 8, col 31 of module T4: 3
  |line 8, col 27 to line 8, col 27 of module T4: 5
  line 8, col 36 to line 8, col 45 of module T4: 3
  line 8, col 50 to line 8, col 59 of module T4: 3
<Inv line 9, col 1 to line 9, col 3 of module T4>
  line 9, col 8 to line 9, col 16 of module T4: 10
End of statistics.`,
  },
  {
    name: 'N1',
    what: "infix chains `a /\\ b /\\ c` and `a \\/ b \\/ c`, which SANY nests as `(a /\\ b) /\\ c`: TLC has a node for `a /\\ b` (Inv's `x >= 0 /\\ y >= 0`, one line since its subtree is consistent)",
    spec: `---- MODULE N1 ----
EXTENDS Naturals
VARIABLE x, y
Init == x = 0 /\\ y = 0
Next == \\/ x < 3 /\\ x' = x + 1 /\\ y' = y
        \\/ y < 2 /\\ y' = y + 1 /\\ x' = x
Inv == x >= 0 /\\ y >= 0 /\\ (x > 1 => y < 10)
Alt == x >= 0 \\/ y >= 0 \\/ x > 7
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\nINVARIANT Alt\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 12:14:46 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module N1>: 4
<y line 3, col 13 to line 3, col 13 of module N1>: 3
<Init line 4, col 1 to line 4, col 4 of module N1>: 1:1
  line 4, col 9 to line 4, col 22 of module N1: 1
<Next line 5, col 1 to line 5, col 4 of module N1 (5 12 5 40)>: 3:9
  line 5, col 12 to line 5, col 16 of module N1: 9
  |line 5, col 12 to line 5, col 12 of module N1: 12
  line 5, col 21 to line 5, col 30 of module N1: 9
  line 5, col 35 to line 5, col 40 of module N1: 9
<Next line 5, col 1 to line 5, col 4 of module N1 (6 12 6 40)>: 8:8
  line 6, col 12 to line 6, col 16 of module N1: 8
  |line 6, col 12 to line 6, col 12 of module N1: 12
  line 6, col 21 to line 6, col 30 of module N1: 8
  line 6, col 35 to line 6, col 40 of module N1: 8
<Inv line 7, col 1 to line 7, col 3 of module N1>
  line 7, col 8 to line 7, col 44 of module N1: 12
  |line 7, col 8 to line 7, col 23 of module N1: 12
  |line 7, col 29 to line 7, col 43 of module N1: 12
  ||line 7, col 29 to line 7, col 33 of module N1: 12
  ||line 7, col 38 to line 7, col 43 of module N1: 6
<Alt line 8, col 1 to line 8, col 3 of module N1>
  line 8, col 8 to line 8, col 32 of module N1: 12
End of statistics.`,
  },
  {
    name: 'U1',
    what: 'UNCHANGED in a conjunction: TLC marks the variables under it primed, counted as (0, 0), so the conjunction prints its parts though their counts agree',
    spec: `---- MODULE U1 ----
EXTENDS Naturals
VARIABLE x, y, z
vars == <<y, z>>
Init == x = 0 /\\ y = 0 /\\ z = 0
A == x' = (x + 1) % 3 /\\ UNCHANGED y /\\ z' = z
B == x' = (x + 2) % 3 /\\ UNCHANGED <<y, z>>
C == x' = x /\\ UNCHANGED vars
Next == A \\/ B \\/ C
====
`,
    cfg: 'INIT Init\nNEXT Next\n',
    tlc: `The coverage statistics at 2026-12-07 12:18:08 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module U1>: 2
<y line 3, col 13 to line 3, col 13 of module U1>: 1
<z line 3, col 16 to line 3, col 16 of module U1>: 1
<Init line 5, col 1 to line 5, col 4 of module U1>: 1:1
  line 5, col 9 to line 5, col 31 of module U1: 1
<A line 6, col 1 to line 6, col 1 of module U1>: 1:3
  line 6, col 6 to line 6, col 21 of module U1: 3
  line 6, col 26 to line 6, col 36 of module U1: 3
  line 6, col 41 to line 6, col 46 of module U1: 3
<B line 7, col 1 to line 7, col 1 of module U1>: 1:3
  line 7, col 6 to line 7, col 21 of module U1: 3
  line 7, col 26 to line 7, col 43 of module U1: 3
<C line 8, col 1 to line 8, col 1 of module U1>: 0:3
  line 8, col 6 to line 8, col 11 of module U1: 3
  line 8, col 16 to line 8, col 29 of module U1: 3
End of statistics.`,
  },
  {
    name: 'E3',
    what: "an UNCHANGED never reached (its guard always false) is in TLC's tree all the same, and prints its zero",
    spec: `---- MODULE E3 ----
EXTENDS Naturals
VARIABLE x, y
Init == x = 0 /\\ y = 0
Next == (x < 3 /\\ x' = x + 1 /\\ UNCHANGED y) \\/ (x > 5 /\\ UNCHANGED <<x, y>>)
====
`,
    cfg: 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 12:23:55 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module E3>: 3
<y line 3, col 13 to line 3, col 13 of module E3>: 1
<Init line 4, col 1 to line 4, col 4 of module E3>: 1:1
  line 4, col 9 to line 4, col 22 of module E3: 1
<Next line 5, col 1 to line 5, col 4 of module E3 (5 10 5 43)>: 3:3
  line 5, col 10 to line 5, col 14 of module E3: 3
  |line 5, col 10 to line 5, col 10 of module E3: 4
  line 5, col 19 to line 5, col 28 of module E3: 3
  line 5, col 33 to line 5, col 43 of module E3: 3
<Next line 5, col 1 to line 5, col 4 of module E3 (5 50 5 76)>: 0:0
  line 5, col 50 to line 5, col 54 of module E3: 4
  line 5, col 59 to line 5, col 76 of module E3: 0
End of statistics.`,
  },
  {
    name: 'C1',
    what: 'CASE in an expression and in an invariant: TLC has a node per arm, from its guard (or OTHER) to its body, one line when its guard and body agree',
    spec: caseSpec,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\n',
    tlc: `The coverage statistics at 2026-12-07 12:34:48 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module C1>: 2
<Init line 4, col 1 to line 4, col 4 of module C1>: 1:1
  line 4, col 9 to line 4, col 13 of module C1: 1
<Next line 5, col 1 to line 5, col 4 of module C1>: 2:3
  line 5, col 9 to line 5, col 56 of module C1: 3
  |line 5, col 14 to line 5, col 56 of module C1: 3
  ||line 5, col 19 to line 5, col 28 of module C1: 3
  ||line 5, col 33 to line 5, col 42 of module C1: 2
<Inv line 6, col 1 to line 6, col 3 of module C1>
  line 6, col 8 to line 6, col 43 of module C1: 3
End of statistics.`,
  },
  {
    name: 'C1',
    what: 'CASE choosing among assignments: the arm nodes hold the guard and the assignment',
    spec: caseSpec,
    cfg: 'INIT Init\nNEXT Step\nINVARIANT Inv\n',
    tlc: `The coverage statistics at 2026-12-07 12:34:50 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module C1>: 2
<Init line 4, col 1 to line 4, col 4 of module C1>: 1:1
  line 4, col 9 to line 4, col 13 of module C1: 1
<Step line 7, col 1 to line 7, col 4 of module C1 (7 12 8 57)>: 2:2
  line 7, col 15 to line 7, col 19 of module C1: 2
  |line 7, col 15 to line 7, col 15 of module C1: 3
  line 8, col 20 to line 8, col 24 of module C1: 2
  line 8, col 29 to line 8, col 34 of module C1: 1
  line 8, col 39 to line 8, col 57 of module C1: 1
<Step line 7, col 1 to line 7, col 4 of module C1 (9 12 9 26)>: 0:1
  line 9, col 12 to line 9, col 16 of module C1: 4
  |line 9, col 12 to line 9, col 12 of module C1: 3
  line 9, col 21 to line 9, col 26 of module C1: 1
<Inv line 6, col 1 to line 6, col 3 of module C1>
  line 6, col 8 to line 6, col 43 of module C1: 3
End of statistics.`,
  },
  {
    name: 'T3',
    what: 'a deadlock: the trace rebuilt twice, the deadlocked state not new',
    spec: `---- MODULE T3 ----
EXTENDS Naturals
VARIABLE x, y
Init == x \\in {0, 1} /\\ y = 0
A == x < 3 /\\ x' = x + 1 /\\ y' = y
B == y' = (y + 1) % 2 /\\ UNCHANGED x /\\ x < 2
Next == A \\/ B
====
`,
    cfg: 'INIT Init\nNEXT Next\n',
    tlc: `The coverage statistics at 2026-12-07 02:35:37 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module T3>: 4
<y line 3, col 13 to line 3, col 13 of module T3>: 2
<Init line 4, col 1 to line 4, col 4 of module T3>: 6:6
  line 4, col 9 to line 4, col 20 of module T3: 3:9
  line 4, col 25 to line 4, col 29 of module T3: 6
<A line 5, col 1 to line 5, col 1 of module T3>: 3:9
  line 5, col 6 to line 5, col 10 of module T3: 9
  |line 5, col 6 to line 5, col 6 of module T3: 10
  line 5, col 15 to line 5, col 24 of module T3: 9
  line 5, col 29 to line 5, col 34 of module T3: 9
<B line 6, col 1 to line 6, col 1 of module T3>: 2:4
  line 6, col 6 to line 6, col 21 of module T3: 4
  |line 6, col 11 to line 6, col 21 of module T3: 6
  line 6, col 26 to line 6, col 36 of module T3: 4
  line 6, col 41 to line 6, col 45 of module T3: 6
End of statistics.`,
  },
  {
    name: 'T5',
    what: "calls two deep, LET, IF, CASE, \\E, \\A, CHOOSE, a set comprehension, a function constructor, an invariant, a deadlock (TLC's sub-lines leave the LET's definition out and put a bound's range after its body)",
    spec: `---- MODULE T5 ----
EXTENDS Naturals, FiniteSets
VARIABLE x, s
Double(n) == n + n
Quad(n) == Double(Double(n))
Small == {i \\in 0..6 : i < 5}
Init == x = 0 /\\ s = {}
Grow == /\\ x < 3
        /\\ LET y == Quad(x) IN x' = IF y > 4 THEN y - 4 ELSE y + 1
        /\\ s' = s \\cup {CHOOSE v \\in Small : v > x}
Shrink == /\\ \\E e \\in s : e > 1 /\\ s' = s \\ {e}
          /\\ x' = CASE x = 0 -> 1 [] x > 0 -> x - 1
Next == Grow \\/ Shrink
Inv == /\\ \\A e \\in s : e \\in Small
       /\\ [e \\in s |-> Double(e)] # <<>>  \\/ s = {}
       /\\ Cardinality({Double(e) : e \\in s}) < 5
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\n',
    tlc: `The coverage statistics at 2026-12-07 06:13:33 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<s line 3, col 13 to line 3, col 13 of module T5>: 2
<x line 3, col 10 to line 3, col 10 of module T5>: 3
<Init line 7, col 1 to line 7, col 4 of module T5>: 3:3
  line 7, col 18 to line 7, col 23 of module T5: 3
  |line 7, col 22 to line 7, col 23 of module T5: 3:4
<Grow line 8, col 1 to line 8, col 4 of module T5>: 2:6
  line 8, col 12 to line 8, col 16 of module T5: 6
  |line 8, col 12 to line 8, col 12 of module T5: 10
  line 9, col 32 to line 9, col 66 of module T5: 6
  line 10, col 12 to line 10, col 51 of module T5: 6
  |line 10, col 17 to line 10, col 51 of module T5: 6
  ||line 10, col 17 to line 10, col 17 of module T5: 6
  ||line 10, col 24 to line 10, col 51 of module T5: 6:14
  |||line 10, col 25 to line 10, col 50 of module T5: 6
  ||||line 10, col 46 to line 10, col 50 of module T5: 15
  ||||line 10, col 38 to line 10, col 42 of module T5: 6
<Shrink line 11, col 1 to line 11, col 6 of module T5>: 1:3
  line 11, col 27 to line 11, col 31 of module T5: 3
  |line 11, col 27 to line 11, col 27 of module T5: 8
  line 11, col 36 to line 11, col 47 of module T5: 3
  line 11, col 23 to line 11, col 23 of module T5: 6
  line 12, col 14 to line 12, col 51 of module T5: 3
<Inv line 14, col 1 to line 14, col 3 of module T5>
  line 14, col 8 to line 16, col 48 of module T5: 4
  |line 14, col 11 to line 14, col 34 of module T5: 4
  |line 15, col 11 to line 15, col 51 of module T5: 4
  ||line 15, col 11 to line 15, col 40 of module T5: 4
  |||line 15, col 11 to line 15, col 33 of module T5: 4:4
  ||||line 15, col 24 to line 15, col 32 of module T5: 4
  ||||line 15, col 18 to line 15, col 18 of module T5: 4
  |||line 15, col 37 to line 15, col 40 of module T5: 4
  ||line 15, col 46 to line 15, col 51 of module T5: 1
  |line 16, col 11 to line 16, col 48 of module T5: 4
End of statistics.`,
  },
  {
    name: 'T6',
    what: 'calls two deep under a LET, IF in a call and in a conjunct, \\E with a guard on its variable, \\A over a constant set in the invariant',
    spec: `---- MODULE T6 ----
EXTENDS Naturals
VARIABLE x, y
Inc(n) == n + 1
Step(n) == IF n < 2 THEN Inc(Inc(n)) ELSE Inc(n)
Init == x = 0 /\\ y = 0
Up == /\\ x < 6
      /\\ LET z == Step(x) IN x' = z
      /\\ y' = y
Flip == /\\ \\E d \\in 0..1 : y' = d /\\ d # y
        /\\ x' = x
        /\\ IF x > 3 THEN TRUE ELSE x # 1
Next == Up \\/ Flip
Inv == \\A i \\in 0..1 : x + i < 9
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\n',
    tlc: `The coverage statistics at 2026-12-07 09:06:38 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module T6>: 6
<y line 3, col 13 to line 3, col 13 of module T6>: 2
<Init line 6, col 1 to line 6, col 4 of module T6>: 1:1
  line 6, col 9 to line 6, col 22 of module T6: 1
<Up line 7, col 1 to line 7, col 2 of module T6>: 5:10
  line 7, col 10 to line 7, col 14 of module T6: 10
  |line 7, col 10 to line 7, col 10 of module T6: 12
  line 8, col 30 to line 8, col 35 of module T6: 10
  |line 8, col 35 to line 8, col 35 of module T6: 10
  ||line 8, col 19 to line 8, col 25 of module T6: 10
  |||line 5, col 12 to line 5, col 48 of module T6: 10
  ||||line 5, col 15 to line 5, col 19 of module T6: 10
  ||||line 5, col 26 to line 5, col 36 of module T6: 2
  ||||line 5, col 43 to line 5, col 48 of module T6: 8
  |||line 8, col 24 to line 8, col 24 of module T6: 10
  line 9, col 10 to line 9, col 15 of module T6: 10
<Flip line 10, col 1 to line 10, col 4 of module T6>: 6:12
  line 10, col 28 to line 10, col 33 of module T6: 12
  |line 10, col 33 to line 10, col 33 of module T6: 24
  line 10, col 38 to line 10, col 42 of module T6: 36
  |line 10, col 38 to line 10, col 38 of module T6: 24
  |line 10, col 42 to line 10, col 42 of module T6: 24
  line 10, col 21 to line 10, col 24 of module T6: 12
  line 11, col 12 to line 11, col 17 of module T6: 12
  line 12, col 12 to line 12, col 40 of module T6: 12
  |line 12, col 15 to line 12, col 19 of module T6: 12
  |line 12, col 26 to line 12, col 29 of module T6: 6
  |line 12, col 36 to line 12, col 40 of module T6: 6
<Inv line 14, col 1 to line 14, col 3 of module T6>
  line 14, col 8 to line 14, col 32 of module T6: 12
  |line 14, col 24 to line 14, col 32 of module T6: 24
  |line 14, col 17 to line 14, col 20 of module T6: 12
End of statistics.`,
  },
  {
    name: 'K1',
    what: "the second number: the node that built a set is charged each time TLC's enumerator of that set is called (the call that finds no element too), wherever the set has gone: a bound of several variables (the first turns fastest, each reads one ahead), \\E stopping at its witness, CHOOSE (no read-ahead), a filter, \\cup (the empty set's union is the other set itself; else the right one is enumerated into a set no node built), \\subseteq, the Init's {} kept in s",
    spec: `---- MODULE K1 ----
EXTENDS Naturals
VARIABLE x, s
Init == x = 0 /\\ s = {}
Next == /\\ x < 3
        /\\ x' = CHOOSE v \\in {1, 2, 3} : v > x
        /\\ s' = s \\cup {v \\in {0, 1, 2} : v <= x}
Inv == /\\ \\A a \\in {0, 1}, b \\in {0, 1, 2} : a + b < 4
       /\\ \\E a \\in {1, 2, 3} : a >= x
       /\\ s \\subseteq {0, 1}
       /\\ {a + 1 : a \\in s} # {7}
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 15:40:50 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<s line 3, col 13 to line 3, col 13 of module K1>: 2
<x line 3, col 10 to line 3, col 10 of module K1>: 2
<Init line 4, col 1 to line 4, col 4 of module K1>: 3:3
  line 4, col 18 to line 4, col 23 of module K1: 3
  |line 4, col 22 to line 4, col 23 of module K1: 3:2
<Next line 5, col 1 to line 5, col 4 of module K1>: 3:9
  line 5, col 12 to line 5, col 16 of module K1: 8
  |line 5, col 12 to line 5, col 12 of module K1: 9
  line 6, col 12 to line 6, col 46 of module K1: 8
  |line 6, col 17 to line 6, col 46 of module K1: 9
  ||line 6, col 42 to line 6, col 46 of module K1: 18
  ||line 6, col 30 to line 6, col 38 of module K1: 9:18
  line 7, col 12 to line 7, col 49 of module K1: 8
  |line 7, col 17 to line 7, col 49 of module K1: 9
  ||line 7, col 17 to line 7, col 17 of module K1: 9
  ||line 7, col 24 to line 7, col 49 of module K1: 9:25
  |||line 7, col 43 to line 7, col 48 of module K1: 27
  |||line 7, col 31 to line 7, col 39 of module K1: 9:36
<Inv line 8, col 1 to line 8, col 3 of module K1>
  line 8, col 8 to line 11, col 33 of module K1: 4
  |line 8, col 11 to line 8, col 54 of module K1: 4
  ||line 8, col 46 to line 8, col 54 of module K1: 24
  ||line 8, col 20 to line 8, col 25 of module K1: 4:40
  ||line 8, col 34 to line 8, col 42 of module K1: 4:16
  |line 9, col 11 to line 9, col 37 of module K1: 4
  ||line 9, col 32 to line 9, col 37 of module K1: 7
  ||line 9, col 20 to line 9, col 28 of module K1: 4:11
  |line 10, col 11 to line 10, col 28 of module K1: 4
  |line 11, col 11 to line 11, col 33 of module K1: 3
End of statistics.`,
  },
  {
    name: 'K2',
    what: 'the second number passed on: a set kept by \\ and \\cap stays its builder\'s, and so does UNION of a set of enumerated sets; a function constructor charges itself one per element',
    spec: `---- MODULE K2 ----
EXTENDS Naturals
VARIABLE s, f
Parts == {{s, 1}, {2}}
Init == /\\ s = 0
        /\\ f = [p \\in {<<1, 3>>, <<2, 3>>} |-> {}]
Next == /\\ s < 3
        /\\ s' = s + 1
        /\\ f' = [p \\in DOMAIN f |-> (f[p] \\cup {s, 5}) \\ {5}]
Inv == /\\ \\A p \\in DOMAIN f : \\A e \\in f[p] \\cap {0, 1, 2} : e < 3
       /\\ \\A e \\in UNION {f[p] : p \\in DOMAIN f} : e >= 0
       /\\ \\E e \\in UNION Parts : e = 2
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 16:05:42 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<f line 3, col 13 to line 3, col 13 of module K2>: 3
<s line 3, col 10 to line 3, col 10 of module K2>: 3
<Init line 5, col 1 to line 5, col 4 of module K2>: 1:1
  line 6, col 12 to line 6, col 50 of module K2: 1
  |line 6, col 16 to line 6, col 50 of module K2: 1:2
  ||line 6, col 48 to line 6, col 49 of module K2: 2:2
  ||line 6, col 23 to line 6, col 42 of module K2: 1:3
  |||line 6, col 24 to line 6, col 31 of module K2: 1
  |||line 6, col 34 to line 6, col 41 of module K2: 1
<Next line 7, col 1 to line 7, col 4 of module K2>: 3:3
  line 7, col 12 to line 7, col 16 of module K2: 3
  |line 7, col 12 to line 7, col 12 of module K2: 4
  line 8, col 12 to line 8, col 21 of module K2: 3
  line 9, col 12 to line 9, col 61 of module K2: 3
  |line 9, col 17 to line 9, col 61 of module K2: 3:6
  ||line 9, col 37 to line 9, col 60 of module K2: 6
  |||line 9, col 38 to line 9, col 53 of module K2: 6
  ||||line 9, col 38 to line 9, col 41 of module K2: 6
  ||||line 9, col 48 to line 9, col 53 of module K2: 6:16
  |||||line 9, col 49 to line 9, col 49 of module K2: 6
  |||line 9, col 58 to line 9, col 60 of module K2: 6
  ||line 9, col 24 to line 9, col 31 of module K2: 3
<Inv line 10, col 1 to line 10, col 3 of module K2>
  line 10, col 8 to line 12, col 38 of module K2: 4
  |line 10, col 11 to line 10, col 66 of module K2: 4
  ||line 10, col 31 to line 10, col 66 of module K2: 8
  |||line 10, col 62 to line 10, col 66 of module K2: 12
  |||line 10, col 40 to line 10, col 58 of module K2: 8
  ||line 10, col 20 to line 10, col 27 of module K2: 4
  |line 11, col 11 to line 11, col 57 of module K2: 4
  ||line 11, col 52 to line 11, col 57 of module K2: 6
  ||line 11, col 20 to line 11, col 48 of module K2: 4
  |||line 11, col 26 to line 11, col 48 of module K2: 4:10
  ||||line 11, col 27 to line 11, col 30 of module K2: 8
  ||||line 11, col 40 to line 11, col 47 of module K2: 4
  |line 12, col 11 to line 12, col 38 of module K2: 4
  ||line 12, col 34 to line 12, col 38 of module K2: 9
  ||line 12, col 20 to line 12, col 30 of module K2: 4
  |||line 12, col 26 to line 12, col 30 of module K2: 4
  ||||line 4, col 10 to line 4, col 22 of module K2: 4:13
  |||||line 4, col 11 to line 4, col 16 of module K2: 4
  |||||line 4, col 19 to line 4, col 21 of module K2: 4
End of statistics.`,
  },
  {
    name: 'P1',
    what: "TLC's node per EXCEPT update (`![k] = v`, `!.a = v`, from the ! to the value's end) and per record field (`b |-> v`), shown when all below it agree; `@` has no node",
    spec: `---- MODULE P1 ----
EXTENDS Naturals
VARIABLE f, r
Init == f = [i \\in 1..2 |-> 0] /\\ r = [a |-> 0, b |-> {}, c |-> {1}]
Next == \\E k \\in 1..2 :
          /\\ f[k] < 2
          /\\ f' = [f EXCEPT ![k] = @ + 1, ![IF k = 1 THEN 2 ELSE 1] = f[2] + @]
          /\\ r' = [r EXCEPT !.a = IF k = 1 THEN @ + f[1] ELSE @, !.b = {f[k]} \\cup @]
Inv == r.c # {f[1] + 5}
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 19:26:08 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<f line 3, col 10 to line 3, col 10 of module P1>: 9
<r line 3, col 13 to line 3, col 13 of module P1>: 3
<Init line 4, col 1 to line 4, col 4 of module P1>: 1:1
  line 4, col 13 to line 4, col 30 of module P1: 1:2
  |line 4, col 20 to line 4, col 23 of module P1: 1
  line 4, col 35 to line 4, col 68 of module P1: 1
  |line 4, col 39 to line 4, col 68 of module P1: 1
  ||line 4, col 49 to line 4, col 56 of module P1: 1:2
  ||line 4, col 59 to line 4, col 67 of module P1: 1
<Next line 5, col 1 to line 5, col 4 of module P1 (6 11 8 85)>: 11:12
  line 6, col 14 to line 6, col 21 of module P1: 12
  |line 6, col 14 to line 6, col 17 of module P1: 24
  line 7, col 14 to line 7, col 79 of module P1: 12
  line 8, col 14 to line 8, col 85 of module P1: 12
  |line 8, col 19 to line 8, col 85 of module P1: 12
  ||line 8, col 20 to line 8, col 20 of module P1: 12
  ||line 8, col 35 to line 8, col 63 of module P1: 12
  |||line 8, col 38 to line 8, col 42 of module P1: 12
  |||line 8, col 49 to line 8, col 56 of module P1: 6
  ||line 8, col 66 to line 8, col 84 of module P1: 12
<Inv line 9, col 1 to line 9, col 3 of module P1>
  line 9, col 8 to line 9, col 23 of module P1: 12
End of statistics.`,
  },
  {
    name: 'P2',
    what: "an EXCEPT update's path (`![k][1]`) is a node of the update's span of its own, beside the value; a record's and a record set's fields as written, though ours evaluates a record's in the order of their names",
    spec: `---- MODULE P2 ----
EXTENDS Naturals
VARIABLE f, r
Init == /\\ f = [i \\in 1..2 |-> [j \\in 1..2 |-> 0]]
        /\\ r = [a |-> 0, b |-> 1]
Next == \\E k \\in 1..2 :
          /\\ f[k][1] < 2
          /\\ f' = [f EXCEPT ![k][1] = IF k = 1 THEN @ + 1 ELSE @ + 2]
          /\\ r' = [b |-> k, a |-> IF k = 1 THEN r.a ELSE r.b]
Inv == r \\in [a : {0, 1, 2} \\cup {r.b}, b : IF r.a = 0 THEN {0, 1, 2} ELSE 0..2]
====
`,
    cfg: 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 19:26:56 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<f line 3, col 10 to line 3, col 10 of module P2>: 5
<r line 3, col 13 to line 3, col 13 of module P2>: 3
<Init line 4, col 1 to line 4, col 4 of module P2>: 1:1
  line 4, col 16 to line 4, col 50 of module P2: 1:2
  |line 4, col 32 to line 4, col 49 of module P2: 2:4
  ||line 4, col 39 to line 4, col 42 of module P2: 2
  |line 4, col 23 to line 4, col 26 of module P2: 1
  line 5, col 12 to line 5, col 33 of module P2: 1
<Next line 6, col 1 to line 6, col 4 of module P2 (7 11 9 61)>: 7:8
  line 7, col 14 to line 7, col 24 of module P2: 8
  |line 7, col 14 to line 7, col 20 of module P2: 16
  line 8, col 14 to line 8, col 69 of module P2: 8
  |line 8, col 19 to line 8, col 69 of module P2: 8
  ||line 8, col 20 to line 8, col 20 of module P2: 8
  ||line 8, col 29 to line 8, col 68 of module P2: 8
  ||line 8, col 39 to line 8, col 68 of module P2: 8
  |||line 8, col 42 to line 8, col 46 of module P2: 8
  |||line 8, col 53 to line 8, col 57 of module P2: 5
  |||line 8, col 64 to line 8, col 68 of module P2: 3
  line 9, col 14 to line 9, col 61 of module P2: 8
  |line 9, col 19 to line 9, col 61 of module P2: 8
  ||line 9, col 20 to line 9, col 26 of module P2: 8
  ||line 9, col 35 to line 9, col 60 of module P2: 8
  |||line 9, col 38 to line 9, col 42 of module P2: 8
  |||line 9, col 49 to line 9, col 51 of module P2: 5
  |||line 9, col 58 to line 9, col 60 of module P2: 3
<Inv line 10, col 1 to line 10, col 3 of module P2>
  line 10, col 8 to line 10, col 80 of module P2: 8
  |line 10, col 8 to line 10, col 8 of module P2: 8
  |line 10, col 14 to line 10, col 80 of module P2: 8
  ||line 10, col 19 to line 10, col 38 of module P2: 8
  |||line 10, col 19 to line 10, col 27 of module P2: 8
  |||line 10, col 34 to line 10, col 38 of module P2: 8:16
  ||||line 10, col 35 to line 10, col 37 of module P2: 8
  ||line 10, col 45 to line 10, col 79 of module P2: 8
  |||line 10, col 48 to line 10, col 54 of module P2: 8
  |||line 10, col 61 to line 10, col 69 of module P2: 3
  |||line 10, col 76 to line 10, col 79 of module P2: 5
End of statistics.`,
  },
  {
    name: 'Z1',
    what: "an assignment (`x' = e`, `x' \\in S`) is TLC's primed location: printed even when never reached (0), and a list holding one is not one line though its other parts agree; an IF's branches print their parts at its level",
    spec: `---- MODULE Z1 ----
EXTENDS Naturals
VARIABLE x, y
Init == x = 0 /\\ y = 0
Next == /\\ x < 3
        /\\ IF x > 5 THEN /\\ x' = x + 2
                         /\\ y' = y
                    ELSE /\\ x' = x + 1
                         /\\ y' = IF x > 7 THEN y + 1 ELSE y
Other == /\\ x > 10
         /\\ x' = 0
         /\\ y' \\in {1, 2}
Nx == Next \\/ Other
====
`,
    cfg: 'INIT Init\nNEXT Nx\nCHECK_DEADLOCK FALSE\n',
    tlc: `The coverage statistics at 2026-12-07 19:41:49 (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).
<x line 3, col 10 to line 3, col 10 of module Z1>: 3
<y line 3, col 13 to line 3, col 13 of module Z1>: 1
<Init line 4, col 1 to line 4, col 4 of module Z1>: 1:1
  line 4, col 9 to line 4, col 22 of module Z1: 1
<Next line 5, col 1 to line 5, col 4 of module Z1>: 3:3
  line 5, col 12 to line 5, col 16 of module Z1: 3
  |line 5, col 12 to line 5, col 12 of module Z1: 4
  line 6, col 15 to line 6, col 19 of module Z1: 3
  line 6, col 29 to line 6, col 38 of module Z1: 0
  line 7, col 29 to line 7, col 34 of module Z1: 0
  line 8, col 26 to line 9, col 59 of module Z1: 3
<Other line 10, col 1 to line 10, col 5 of module Z1>: 0:0
  line 10, col 13 to line 10, col 18 of module Z1: 4
  line 11, col 13 to line 11, col 18 of module Z1: 0
  line 12, col 13 to line 12, col 25 of module Z1: 0
End of statistics.`,
  },
];

for (const c of cases) {
  for (const mode of ['interpreted', 'compiled'] as const) {
    t.test(`${c.name} (${mode}): ${c.what}`, async (t) => {
      const ours = await coverage(c.name, c.spec, c.cfg, tlcTime(c.tlc), mode);
      t.same(ours, comparable(c.tlc.split('\n')));
    });
  }
}

t.test('TwoPhase on two threads: the variable lines count the values every thread met', async (t) => {
  // TLC's variable and action lines with -workers 2 (measured 7 Dec 2026). Which thread first reaches
  // a state is timing, so only the generated counts of the actions are compared.
  const tlc = `<msgs line 7, col 41 to line 7, col 44 of module TwoPhase>: 17
<rmState line 7, col 11 to line 7, col 17 of module TwoPhase>: 34
<tmState line 7, col 20 to line 7, col 26 of module TwoPhase>: 3
<tmPrepared line 7, col 29 to line 7, col 38 of module TwoPhase>: 8
<TPInit line 18, col 1 to line 18, col 6 of module TwoPhase>: 1:1
<TMRcvPrepared line 23, col 1 to line 23, col 16 of module TwoPhase>: 21:96
<TMCommit line 28, col 1 to line 28, col 8 of module TwoPhase>: 1:1
<TMAbort line 34, col 1 to line 34, col 7 of module TwoPhase>: 22:64
<RMPrepare line 39, col 1 to line 39, col 12 of module TwoPhase>: 67:156
<RMChooseToAbort line 44, col 1 to line 44, col 18 of module TwoPhase>: 61:156
<RMRcvCommitMsg line 48, col 1 to line 48, col 17 of module TwoPhase>: 7:24
<RMRcvAbortMsg line 52, col 1 to line 52, col 16 of module TwoPhase>: 108:648`;
  const loaded = await loadModelSource({ spec: fromRepoRoot('tools/tla/corpus/TwoPhase.tla'), config: fromRepoRoot('tools/tla/corpus/TwoPhase.cfg') });
  const result = await checkModel(loaded, { workers: 2, waitForWorkers: true, countValues: true });
  t.equal(result.stats.workers, 2);
  const text = formatCheckResult(loaded.model, result, { coverage: true });
  const generatedOnly = (lines: string[]) => lines.filter((l) => l.startsWith('<') && / of module TwoPhase>: /.test(l)).map((l) => l.replace(/: \d+:(\d+)$/, ': _:$1')).sort();
  t.same(generatedOnly(text.split('\n')), generatedOnly(tlc.split('\n')));
});

for (const c of cases) {
  t.test(`${c.name} (--coverage): TLC's report with its lines per subexpression, whole`, async (t) => {
    const ours = await coverage(c.name, c.spec, c.cfg, tlcTime(c.tlc), 'coverage');
    t.same(ours, c.tlc.split('\n'));
  });
}
