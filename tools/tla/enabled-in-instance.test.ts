// ENABLED written inside an instantiated module: the instance's substituted VARIABLEs are variables
// of their own there (TLA+'s I!(ENABLED A): substitution after ENABLED), as TLC evaluates them; ENABLED
// of I!A written in the instantiating module follows the substitution instead. Verdicts and counts
// below are TLC's (tla2tools built from tlaplus/tlaplus, run on these specs, 5 Dec 2026).
import t from 'tap';
import { DiagnosticError } from './diagnostics.js';
import { parseConfig } from './cfg/config.js';
import type { Model } from './check/model.js';
import { resolveSource } from './names/index.js';
import { buildCompiledModel, buildModel } from './load.js';
import { checkModel } from './check/check.js';

async function models(spec: string, cfg: string): Promise<[string, Model][]> {
  const resolved = await resolveSource(spec, 'M.tla');
  const config = parseConfig(cfg, 'M.cfg');
  return [['interpreted', buildModel(resolved, config)], ['compiled', await buildCompiledModel(resolved, config)]];
}

// Flag's t stands for `x > 100` and its a for y.
const flag = `---- MODULE M ----
EXTENDS Naturals
VARIABLES x, y
I == INSTANCE Flag WITH t <- (x > 100), a <- y
Init == x \\in {5, 200} /\\ y = 0
Next == UNCHANGED <<x, y>>
EnSet == I!EnSet
NoContra == ~I!EnContra
ChangeIffLow == I!EnChange <=> x <= 100
Change == I!EnChange
EnBump == ENABLED I!Bump
EnRootSet == ENABLED I!SetT
====
---- MODULE Flag ----
EXTENDS Naturals
VARIABLES t, a
SetT == t' = TRUE /\\ a' = a
Contradict == t' = TRUE /\\ t' = FALSE
Bump == a' = a + 1
EnSet == ENABLED SetT
EnContra == ENABLED Contradict
EnChange == ENABLED <<SetT>>_<<t, a>>
====
`;

t.test("ENABLED in an instance's definitions gives its substituted variables values of their own", async (t) => {
  for (const [mode, model] of await models(flag, 'INIT Init\nNEXT Next\nINVARIANT EnSet NoContra ChangeIffLow EnBump Change\n')) {
    // t' = TRUE is enabled even where x > 100 cannot become TRUE by x alone; t' = TRUE /\ t' = FALSE never is;
    // <<SetT>>_<<t, a>> changes t exactly where t (x > 100) is FALSE now. `ENABLED I!Bump` assigns y through a.
    t.equal(model.violatedInvariant([5, 0]), -1, `${mode}: every invariant holds at x = 5`);
    t.equal(model.violatedInvariant([200, 0]), 4, `${mode}: at x = 200 only Change fails (t is TRUE already)`);
  }
});

t.test('ENABLED I!A written in the instantiating module follows the substitution (TLC: x undefined)', async (t) => {
  for (const [mode, model] of await models(flag, 'INIT Init\nNEXT Next\nINVARIANT EnRootSet\n')) {
    const error = (() => {
      try {
        model.violatedInvariant([5, 0]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    t.ok(error instanceof DiagnosticError, `${mode}: refused`);
    const d = (error as DiagnosticError).diagnostics[0]!;
    t.same([d.code, d.span?.file, d.span?.line, d.span?.col], ['E3001', 'M.tla', 4, 31], `${mode}: x' of the substitution is read before it has a value`);
  }
});

// The abstract spec's done stands for n = 3; its WF_done(Finish) is a property of the counter.
const counter = `---- MODULE M ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Step == n < 3 /\\ n' = n + 1
Spec == Init /\\ [][Step]_n /\\ WF_n(Step)
Unfair == Init /\\ [][Step]_n
Done == INSTANCE Finish WITH done <- (n = 3)
DoneSpec == Done!Spec
====
---- MODULE Finish ----
VARIABLE done
Init == done \\in BOOLEAN
Finish == ~done /\\ done' = TRUE
Spec == Init /\\ [][Finish]_done /\\ WF_done(Finish)
====
`;

t.test("WF of an instance's action, as a property: ENABLED <<Finish>>_done binds done'", async (t) => {
  for (const [mode, model] of await models(counter, 'SPECIFICATION Spec\nPROPERTY DoneSpec\nCHECK_DEADLOCK FALSE\n')) {
    const result = await checkModel(model);
    t.equal(result.result, 'holds', `${mode}: the fair counter reaches done`);
    t.same([result.stats.statesGenerated, result.stats.distinctStates, result.stats.depth], [4, 4, 4], `${mode}: TLC's counts`);
  }
  for (const [mode, model] of await models(counter, 'SPECIFICATION Unfair\nPROPERTY DoneSpec\nCHECK_DEADLOCK FALSE\n')) {
    const result = await checkModel(model);
    t.equal(result.result, 'violated', `${mode}: without fairness the counter may stop before done`);
    if (result.result === 'violated') t.equal(result.violation.kind, 'property');
  }
});

// An unnamed INSTANCE whose VARIABLE vars is a definition of the instantiating module (LockHS's
// Stuttering): the same name twice in one scope, and UNCHANGED vars in ENABLED written in the instance.
const stutter = `---- MODULE M ----
EXTENDS Naturals
VARIABLES x, s
vars == <<x>>
INSTANCE Pause
Init == x = 0 /\\ s = 0
Next == \\/ x < 2 /\\ x' = x + 1 /\\ s' = s
        \\/ Hold
CanHold == PauseEnabled
====
---- MODULE Pause ----
VARIABLES s, vars
Hold == s = 0 /\\ s' = 1 /\\ UNCHANGED vars
PauseEnabled == ENABLED Hold
====
`;

t.test('an instance VARIABLE that is a same-named definition of the instantiating module', async (t) => {
  for (const [mode, model] of await models(stutter, 'INIT Init\nNEXT Next\nINVARIANT CanHold\n')) {
    const result = await checkModel(model);
    t.equal(result.result, 'violated', `${mode}: Hold is disabled once s = 1`);
    t.same([result.stats.statesGenerated, result.stats.distinctStates, result.stats.queueLeft, result.stats.depth], [3, 3, 1, 2], `${mode}: TLC's counts at the violation`);
    t.equal(model.violatedInvariant([0, 0]), -1, `${mode}: Hold is enabled while s = 0 (vars' takes x's value)`);
    t.equal(model.violatedInvariant([0, 1]), 0, `${mode}: and disabled at s = 1`);
  }
});
