// loadModel on small specs: initial states and successors checked by hand, the cfg bound to the
// spec (constants, SPECIFICATION, properties, SYMMETRY, VIEW), and the diagnostics of bad input.
import t from 'tap';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiagnosticError, renderDiagnostic } from './diagnostics.js';
import { parseConfig } from './cfg/config.js';
import type { Model, State } from './check/model.js';
import { resolveSource } from './names/index.js';
import { bindConstants, buildModel, configuredModule, loadModel, loadModelSource } from './load.js';
import { checkModel } from './check/check.js';
import { fromRepoRoot, temporaryFolder } from '../../conventions/index.js';
import { actionLabel } from './trace/tlc-text.js';

const fixtures = fromRepoRoot('tools/tla/eval/fixtures') + '/';

function show(model: Model, state: State): string {
  return model.formatState(state).map(({ variable, value }) => `${variable}=${value}`).join(' ');
}

/** An action as TLC labels it: `Pass(p1)`. */
function label(action: Model['actions'][number]): string {
  return `${action.name}${action.params ? `(${action.params.join(',')})` : ''}`;
}

async function inMemory(spec: string, cfg: string): Promise<Model> {
  return buildModel(await resolveSource(spec, 'M.tla'), parseConfig(cfg, 'M.cfg'));
}

async function diagnosticOf(spec: string, cfg: string): Promise<string> {
  try {
    const model = await inMemory(spec, cfg);
    for (const s of model.initialStates()) [...model.successors(s)];
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const d = e.diagnostics[0]!;
    return `${d.code} ${d.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : ''}`.trim();
  }
  return 'no error';
}

t.test('the jugs: initial states and successors by hand', async (t) => {
  const model = await loadModel({ spec: fixtures + 'Jugs.tla', mode: 'interpreted' });
  t.same(model.variables, ['small', 'big']);
  t.same(model.actions.map((a) => a.name), ['FillSmall', 'EmptyBig', 'Pour']);
  const inits = [...model.initialStates()];
  t.same(inits.map((s) => show(model, s)), ['small=0 big=0', 'small=0 big=1']);
  // From small=0, big=1: FillSmall -> (3, 1); EmptyBig -> (0, 0); Pour -> (0, 1) (nothing to pour).
  const succ = [...model.successors(inits[1]!)].map((s) => `${model.actions[s.action]!.name}: ${show(model, s.state)}`);
  t.same(succ, ['FillSmall: small=3 big=1', 'EmptyBig: small=0 big=0', 'Pour: small=0 big=1']);
  // From (3, 4): Pour fills big to 5 and leaves 2 in small.
  const pour = [...model.successors([3, 4])].find((s) => s.action === 2)!;
  t.equal(show(model, pour.state), 'small=2 big=5');
  t.equal(model.violatedInvariant([3, 4]), -1);
  t.equal(model.violatedInvariant([4, 4]), 0, 'TypeOK fails for small = 4');
  t.equal(model.fingerprint([3, 4]), model.fingerprint(model.decodeState(structuredClone(model.encodeState([3, 4])))));
  t.same(model.stateToITF([3, 4]), { small: { '#bigint': '3' }, big: { '#bigint': '4' } });
  t.equal(model.checkDeadlock, true);
  // PROPERTY <>(big = 5) and the fairness of SPECIFICATION.
  t.same(model.properties[0]!.formula, { kind: 'eventually', arg: { kind: 'state', predicate: 0 } });
  t.same(model.fairness, [{ kind: 'weakFair', action: 0 }]);
  t.equal(model.evalStatePredicate(0, [0, 5]), true);
  t.equal(model.enabled(0, [3, 0]), true, 'Pour is enabled with water in small and room in big');
  t.equal(model.enabled(0, [0, 1]), false, 'Pour changes nothing from (0, 1): <<Pour>>_vars is not enabled');
  t.equal(model.evalActionPredicate(0, [3, 0], [0, 3]), true);
});

t.test('compiled (the default) and interpreted models agree on every reachable state', async (t) => {
  const compiled = await loadModel({ spec: fixtures + 'Jugs.tla' });
  const interpreted = await loadModel({ spec: fixtures + 'Jugs.tla', mode: 'interpreted' });
  const explore = (model: Model): string[] => {
    const seen = new Map<bigint, State>();
    let frontier = [...model.initialStates()];
    while (frontier.length > 0) {
      const next: State[] = [];
      for (const s of frontier) {
        if (seen.has(model.fingerprint(s))) continue;
        seen.set(model.fingerprint(s), s);
        for (const succ of model.successors(s)) next.push(succ.state);
      }
      frontier = next;
    }
    return [...seen.values()].map((s) => `${show(model, s)} inv=${model.violatedInvariant(s)}`).sort();
  };
  const states = explore(compiled);
  t.equal(states.length, 16, '16 reachable states (a regression figure; both modes must find the same ones)');
  t.same(states, explore(interpreted));
});

t.test('the source lets a worker thread rebuild the model', async (t) => {
  const { source } = await loadModelSource({ spec: fixtures + 'Jugs.tla', mode: 'interpreted' });
  const rebuilt: Model = await (await import(source.module)).loadModel(source.args);
  t.same([...rebuilt.initialStates()].length, 2);
});

const counter = `---- MODULE M ----
EXTENDS Naturals, TLC
CONSTANTS N, Procs
VARIABLES x, owner
Init == x = 0 /\\ owner \\in Procs
Inc == x < N /\\ x' = x + 1 /\\ UNCHANGED owner
Pass(p) == owner' = p /\\ UNCHANGED x
Next == Inc \\/ \\E p \\in Procs : Pass(p)
Small == x < 2
View == x
Sym == Permutations(Procs)
====`;

t.test('constants, model values, constraints, SYMMETRY and VIEW', async (t) => {
  const cfg = 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\nCONSTRAINT Small\n';
  const withTLC = counter;
  const model = await inMemory(withTLC, cfg);
  t.same([...model.initialStates()].map((s) => show(model, s)), ['x=0 owner=p1', 'x=0 owner=p2']);
  t.same(model.actions.map(label), ['Inc', 'Pass(p1)', 'Pass(p2)']);
  const [first] = [...model.initialStates()];
  t.same([...model.successors(first!)].map((s) => `${label(model.actions[s.action]!)}: ${show(model, s.state)}`), ['Inc: x=1 owner=p1', 'Pass(p1): x=0 owner=p1', 'Pass(p2): x=0 owner=p2']);
  t.equal(model.satisfiesConstraints(first!), true);
  t.equal(model.satisfiesConstraints([2, first![1]]), false, 'CONSTRAINT x < 2');
  const symmetric = await inMemory(withTLC, cfg + 'SYMMETRY Sym\n');
  const [a, b] = [...symmetric.initialStates()];
  t.equal(symmetric.viewFingerprint(a!), symmetric.viewFingerprint(b!), 'p1 and p2 are symmetric');
  t.not(symmetric.fingerprint(a!), symmetric.fingerprint(b!));
  const viewed = await inMemory(withTLC, cfg + 'VIEW View\n');
  const [c, d] = [...viewed.initialStates()];
  t.equal(viewed.viewFingerprint(c!), viewed.viewFingerprint(d!), 'the view forgets owner');
});

const symmetricMessages = `---- MODULE M ----
EXTENDS Naturals, FiniteSets, Sequences, TLC
CONSTANTS Procs, Vals
VARIABLES msgs, owner, log
Init == msgs = {} /\\ owner = [p \\in Procs |-> 0] /\\ log = <<>>
Send(p, v) == /\\ Cardinality(msgs) < 3 /\\ owner[p] < 2
              /\\ msgs' = msgs \\cup {[from |-> p, val |-> v]}
              /\\ owner' = [owner EXCEPT ![p] = @ + 1]
              /\\ UNCHANGED log
Record(m) == /\\ Len(log) < 2
             /\\ log' = Append(log, <<m.from, {m.val}>>)
             /\\ UNCHANGED <<msgs, owner>>
Next == (\\E p \\in Procs, v \\in Vals : Send(p, v)) \\/ (\\E m \\in msgs : Record(m))
Sym == Permutations(Procs) \\union Permutations(Vals)
====`;

t.test('SYMMETRY over sets of records, functions and sequences counts as TLC', async (t) => {
  // TLC (one worker): 308 generated, 137 distinct, depth 8 with the symmetry; 2,905 / 1,434 / 8 without.
  const cfg = 'CONSTANTS Procs = {p1, p2, p3} Vals = {v1, v2}\nINIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n';
  const counts = async (text: string) => {
    const result = await checkModel(await inMemory(symmetricMessages, text));
    return [result.result, result.stats.statesGenerated, result.stats.distinctStates, result.stats.depth];
  };
  t.same(await counts(cfg + 'SYMMETRY Sym\n'), ['holds', 308, 137, 8]);
  t.same(await counts(cfg), ['holds', 2905, 1434, 8]);
});

t.test('actions are those of TLC: per disjunct of Next and per element of \\E, through definitions, named with parameters', async (t) => {
  // TLC's action list and successor order for this Next (one worker): Inc, Pass(p1), Take(p1), Pass(p2), Take(p2).
  const spec = counter.replace("Next == Inc \\/ \\E p \\in Procs : Pass(p)", "Take(p) == owner' = p /\\ x' = x\nNext == Inc \\/ \\E p \\in Procs : Pass(p) \\/ Take(p)");
  const model = await inMemory(spec, 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\n');
  t.same(model.actions.map(label), ['Inc', 'Pass(p1)', 'Take(p1)', 'Pass(p2)', 'Take(p2)']);
  const [first] = [...model.initialStates()];
  t.same([...model.successors(first!)].map((s) => `${label(model.actions[s.action]!)}: ${show(model, s.state)}`), [
    'Inc: x=1 owner=p1',
    'Pass(p1): x=0 owner=p1',
    'Take(p1): x=0 owner=p1',
    'Pass(p2): x=0 owner=p2',
    'Take(p2): x=0 owner=p2',
  ]);
  // A set read from the state (as TLC, which evaluates it without one) or an empty one keeps its \\E one action, named by Next.
  const fromState = await inMemory(spec.replace('\\E p \\in Procs', '\\E p \\in {owner}'), 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\n');
  t.same(fromState.actions.map(label), ['Inc', 'Next']);
  const empty = await inMemory(spec.replace('\\E p \\in Procs', '\\E p \\in Procs \\ Procs'), 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\n');
  t.same(empty.actions.map(label), ['Inc', 'Next']);
});

t.test('actions split through LET, and expanded calls, labelled as TLC labels them', async (t) => {
  // [module, its definitions after VARIABLE x, TLC's labels of its actions in its order]: TLC (one worker,
  // -coverage 1, 6 Dec 2026) printed these labels in a trace violating Inv == x < 2 .. 6; an action no
  // trace took is at the position its coverage line gave (`(6 29 6 38)`), each element of \E alike.
  const cases: [string, string[], string[]][] = [
    ["L1", ["A == x' = x + 1", "Init == x = 0", "Next == LET t == 1 IN A \\/ x' = x + t + 1"], ["<A line 4, col 6 to line 4, col 15 of module L1>", "<Next line 6, col 28 to line 6, col 41 of module L1>"]],
    ["L2", ["A == x' = x + 1", "Init == x = 0", "Next == A \\/ LET t == 2 IN (x' = x + t \\/ x' = x + t + 1)"], ["<A line 4, col 6 to line 4, col 15 of module L2>", "<Next line 6, col 29 to line 6, col 38 of module L2>", "<Next line 6, col 43 to line 6, col 56 of module L2>"]],
    ["L3", ["Init == x = 0", "Next == LET g(v) == v + 1 IN x' = g(x) \\/ x' = g(x + 1)"], ["<Next line 5, col 30 to line 5, col 38 of module L3>", "<Next line 5, col 43 to line 5, col 55 of module L3>"]],
    ["L4", ["Init == x = 0", "Next == LET t == 5 IN \\E i \\in {1, 2} : x' = x + i \\/ x' = x + t"], ["<Next line 5, col 41 to line 5, col 50 of module L4>", "<Next line 5, col 55 to line 5, col 64 of module L4>", "<Next line 5, col 41 to line 5, col 50 of module L4>", "<Next line 5, col 55 to line 5, col 64 of module L4>"]],
    ["L5", ["Init == x = 0", "A(p) == LET t == p IN x' = x + t \\/ x' = x + 3 * t", "Next == \\E p \\in {1, 2} : A(p)"], ["<A(1) line 5, col 23 to line 5, col 32 of module L5>", "<A(1) line 5, col 37 to line 5, col 50 of module L5>", "<A(2) line 5, col 23 to line 5, col 32 of module L5>", "<A(2) line 5, col 37 to line 5, col 50 of module L5>"]],
    ["L6", ["Init == x = 0", "A == x' = x + 1", "B == x' = x + 2", "Next == LET a == 1 IN LET b == 2 IN A \\/ B"], ["<A line 5, col 6 to line 5, col 15 of module L6>", "<B line 6, col 6 to line 6, col 15 of module L6>"]],
    ["L7", ["Init == x = 0", "Req(p) == x' = x + p", "Next == LET t == 1 IN \\E p \\in {1, 2} : Req(p)"], ["<Req(1) line 5, col 11 to line 5, col 20 of module L7>", "<Req(2) line 5, col 11 to line 5, col 20 of module L7>"]],
    ["L8", ["Init == x = 0", "Req(p) == x' = x + p", "Next == \\E p \\in {1, 2} : Req(p)"], ["<Req(1) line 5, col 11 to line 5, col 20 of module L8>", "<Req(2) line 5, col 11 to line 5, col 20 of module L8>"]],
    ["L9", ["Init == x = 0", "Next == \\E i \\in {1, 2} : LET t == i IN x' = x + t \\/ x' = x + 2 * t"], ["<Next line 5, col 41 to line 5, col 50 of module L9>", "<Next line 5, col 55 to line 5, col 68 of module L9>", "<Next line 5, col 41 to line 5, col 50 of module L9>", "<Next line 5, col 55 to line 5, col 68 of module L9>"]],
    ["M1", ["Init == x = 0", "Next == LET t == 1 IN x' = x + t"], ["<Next line 5, col 23 to line 5, col 32 of module M1>"]],
    // A call with arguments of the state, which TLC does not split (names/substitute-primed.ts expands it): the operator called, at the call.
    ["M2", ["Init == x = 0", "Guard(A) == x >= 0 /\\ A", "Next == Guard(x' = x + 1)"], ["<Guard line 6, col 9 to line 6, col 25 of module M2>"]],
    ["M3", ["Init == x = 0", "Inc(v) == v' = v + 1", "Next == Inc(x) \\/ (x' = x + 2 /\\ x > 5)"], ["<Inc line 6, col 9 to line 6, col 14 of module M3>", "<Next line 6, col 20 to line 6, col 38 of module M3>"]],
    ["M4", ["Init == x = 0", "Inc(v) == v' = v + 1", "A == Inc(x)", "Next == A \\/ (x' = x + 2 /\\ x > 5)"], ["<Inc line 6, col 6 to line 6, col 11 of module M4>", "<Next line 7, col 15 to line 7, col 33 of module M4>"]],
  ];
  for (const [name, defs, tlc] of cases) {
    const spec = [`---- MODULE ${name} ----`, 'EXTENDS Naturals', 'VARIABLE x', ...defs, '===='].join('\n');
    const model = buildModel(await resolveSource(spec, `${name}.tla`), parseConfig('INIT Init\nNEXT Next\n', `${name}.cfg`));
    t.same(model.actions.map(actionLabel), tlc, name);
  }
});

t.test('variables an action leaves without a value are named sorted, as TLC names them', async (t) => {
  // TLC: "The following variables are not defined: beta, delta, gamma." (java -cp tla2tools.jar
  // tlc2.TLC -workers 1, 7 Dec 2026); its order of the variables is alpha, gamma, delta, beta.
  const spec = '---- MODULE M ----\nVARIABLES alpha, beta, gamma, delta\nInit == alpha = 0 /\\ beta = 0 /\\ gamma = 0 /\\ delta = 0\nNext == alpha\' = 1\n====\n';
  const file = join(temporaryFolder('unassigned-'), 'M.tla');
  await writeFile(file, spec);
  for (const mode of ['interpreted', 'compiled'] as const) {
    const model = await loadModel({ spec: file, configText: 'INIT Init\nNEXT Next\n', mode });
    const error = (() => {
      try {
        for (const s of model.initialStates()) [...model.successors(s)];
      } catch (e) {
        return e instanceof DiagnosticError ? e.diagnostics[0]!.message : String(e);
      }
      return 'no error';
    })();
    t.equal(error, 'the action Next leaves beta, delta, gamma without a value', mode);
  }
});

t.test('bad configurations and specs are diagnosed at their place', async (t) => {
  const ok = 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\n';
  t.equal(await diagnosticOf(counter, ok + 'INVARIANT Missing\n'), 'E4002 M.cfg:4:11');
  t.equal(await diagnosticOf(counter, 'CONSTANTS N = 3 Procs = {p1} Q = 1\nINIT Init\nNEXT Next\n'), 'E4002 M.cfg:1:30');
  t.equal(await diagnosticOf(counter, 'CONSTANTS N = 3\nINIT Init\nNEXT Next\n'), 'E4001 M.tla:3:14', 'a constant without a value');
  t.equal(await diagnosticOf(counter, ok.replace('NEXT Next', 'NEXT Pass')), 'E4002 M.cfg:3:6', 'NEXT must take no parameters');
  const unassigned = counter.replace("Inc == x < N /\\ x' = x + 1 /\\ UNCHANGED owner", "Inc == x < N /\\ x' = x + 1");
  t.equal(await diagnosticOf(unassigned, ok), 'E3001 M.tla:6:8', 'an action leaving owner unassigned (located at its body)');
  const readsEarly = counter.replace('Init == x = 0 /\\ owner \\in Procs', 'Init == x = owner /\\ owner \\in Procs');
  t.equal(await diagnosticOf(readsEarly, ok), 'E3001 M.tla:5:13', 'Init reads owner before assigning it');
  t.equal(await diagnosticOf(counter, ok + 'PROPERTY Prop\n'), 'E4002 M.cfg:4:10');
  t.equal(await diagnosticOf(counter, ok + 'ALIAS Missing\n'), 'E4002 M.cfg:4:7', 'an ALIAS naming no definition');
  t.equal(await diagnosticOf(counter, ok + 'ALIAS Inc\n'), 'no error', 'an ALIAS naming a definition is accepted (and not applied)');
  t.equal(await diagnosticOf(counter, ok + 'CONSTANT Inc = [Nowhere] v\n'), 'E4002 M.cfg:4:10', 'a value for a module the spec does not use');
  t.equal(await diagnosticOf(counter, ok + 'CONSTANT Missing = [M] v\n'), 'E4002 M.cfg:4:10', 'a value for a definition the module lacks');
});

t.test('an INVARIANT, PROPERTY or CONSTRAINT reading no variable is evaluated once, before any state, as TLC', async (t) => {
  const spec = counter.replace('====', 'ConstFalse == N > 5\nConstNum == N\nConstTrue == N = 3\nFails == <<>>[1] = 1\n====');
  const ok = 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\n';
  // TLC: "Error: The invariant of ConstFalse is equal to FALSE" (and "The constraint of", "The action
  // constraint of", "The property of", "... is equal to 3"), exit 151, before any state.
  t.equal(await diagnosticOf(spec, ok + 'INVARIANT ConstFalse\n'), 'E4003 M.cfg:4:11');
  t.equal(await diagnosticOf(spec, ok + 'CONSTRAINT ConstFalse\n'), 'E4003 M.cfg:4:12');
  t.equal(await diagnosticOf(spec, ok + 'ACTION_CONSTRAINT ConstFalse\n'), 'E4003 M.cfg:4:19');
  t.equal(await diagnosticOf(spec, ok + 'PROPERTY ConstFalse\n'), 'E4003 M.cfg:4:10');
  t.match(await inMemory(spec, ok + 'INVARIANT ConstNum\n').catch((e: unknown) => e), { diagnostics: [{ code: 'E4003', message: /the invariant ConstNum reads no variable and is equal to 3/ }] });
  // TLC warns and drops it: its coverage report lists no line for it.
  const constTrue = await inMemory(spec, ok + 'INVARIANT ConstTrue Small\n');
  t.same(constTrue.invariants.map((i) => i.name), ['Small']);
  // TLC's warning, for an invariant only (a constantly TRUE PROPERTY or CONSTRAINT is dropped without one).
  t.same(constTrue.warnings, ['The invariant ConstTrue is a constant-level formula (i.e., it contains no variables, primes, or temporal operators) and evaluates to TRUE. To assert constant-level formulas in your spec, use ASSUME ConstInv. If you optionally want to give the assumption a name, write ASSUME YourAssumption == ConstInv instead. See https://explain.tlapl.us/assumptions-and-invariants for additional details.']);
  t.same((await inMemory(spec, ok + 'PROPERTY ConstTrue\nCONSTRAINT ConstTrue\nACTION_CONSTRAINT ConstTrue\n')).warnings, []);
  // One that fails to evaluate is left to the states, where TLC meets the error too.
  const failing = await inMemory(spec, ok + 'INVARIANT Fails\n');
  t.same(failing.invariants.map((i) => i.name), ['Fails']);
});

t.test('properties: supported forms reduce, others are refused by name', async (t) => {
  const spec = counter.replace('====', 'Live == []<>(x = 2) /\\ (x = 0 ~> x = 1)\nSafe == [][x\' >= x]_x\nBad == \\E p \\in {owner} : <>(owner = p)\n====');
  const model = await inMemory(spec, 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\nPROPERTIES Live Safe\n');
  t.same(model.properties.map((p) => p.formula.kind), ['and', 'always']);
  t.equal(model.evalActionPredicate(0, [1, 'p1'], [0, 'p1']), false, '[][x\' >= x]_x fails when x decreases');
  t.equal(model.evalActionPredicate(0, [1, 'p1'], [1, 'p2']), true, 'stuttering on x is allowed');
  t.equal(await diagnosticOf(spec, 'CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\nPROPERTY Bad\n'), 'E5001 M.tla:14:17', 'a temporal quantifier over a set that depends on the state');
  // Any formula TLC checks is checked (check/normal-form.ts): here stuttering in x = 0 violates both disjuncts.
  const twoForms = counter.replace('====', 'Either == <>(x = 2) \\/ [](x = 1)\nInPlace == [](x = 0 => <>[][x\' = x]_x)\nSame == <>(x = 2) <=> [](x = 1)\n====');
  const cfg = (property: string) => `CONSTANTS N = 3 Procs = {p1, p2}\nINIT Init\nNEXT Next\nPROPERTY ${property}\n`;
  const either = await checkModel(await inMemory(twoForms, cfg('Either')));
  t.match(either, { result: 'violated', violation: { name: 'Either', loop: { kind: 'stuttering' } } }, 'a disjunction of two temporal forms is checked');
  // TLC refuses both: "Temporal formulas containing actions must be of forms <>[]A or []<>A.", "TLC cannot handle the temporal formula".
  const inPlace = await inMemory(twoForms, cfg('InPlace')).then((m) => checkModel(m)).catch((e: unknown) => e);
  t.match(inPlace, { diagnostics: [{ code: 'E5001', message: /InPlace has an action where TLC cannot check it/ }] }, 'an action inside <> under [] is refused by name');
  t.equal(await diagnosticOf(twoForms, cfg('Same')), 'E5001 M.tla:14:9', '<=> of temporal formulas is refused where it stands');
});

t.test('a configuration given as text is bound without reading a file, and named in diagnostics', async (t) => {
  const spec = fixtures + 'Jugs.tla';
  const model = await loadModel({ spec, config: 'in-memory/Jugs.cfg', configText: 'INIT Init\nNEXT Next\nINVARIANT TypeOK\n', mode: 'interpreted' });
  t.same(model.actions.map((a) => a.name), ['FillSmall', 'EmptyBig', 'Pour']);
  t.same(model.properties, [], 'the text, not Jugs.cfg beside the spec (which has a PROPERTY), was read');
  const error = await loadModel({ spec, config: 'in-memory/Jugs.cfg', configText: 'INIT Init\nNEXT Next\nINVARIANT Missing\n', mode: 'interpreted' }).catch((e: unknown) => e);
  t.ok(error instanceof DiagnosticError);
  const d = (error as DiagnosticError).diagnostics[0]!;
  t.equal(`${d.code} ${d.span?.file}:${d.span?.line}:${d.span?.col}`, 'E4002 in-memory/Jugs.cfg:3:11');
});

t.test('configuredModule says which .cfg bindings it applied, and bindConstants does exactly the others', async (t) => {
  // MCPaxos's form: the root's Ballot and the instance's Ballot each replaced; a builtin replaced in one module.
  const spec = [
    '---- MODULE M ----', 'EXTENDS Naturals', 'VARIABLE x', 'Ballot == Nat', 'MCBallot == 0..2', 'MyNat == 0..4',
    'L == INSTANCE Lib', "Init == x = 0", "Next == x' \\in L!Votes", '====',
    '---- MODULE Lib ----', 'EXTENDS Naturals', 'Ballot == Nat', 'Votes == {b \\in Ballot : b < 3}', '====',
  ].join('\n');
  const config = parseConfig('CONSTANTS\n  Ballot <- MCBallot\n  Ballot <- [Lib] MCBallot\n  Nat <- [Lib] MyNat\nINIT Init\nNEXT Next\n', 'M.cfg');
  const resolved = await resolveSource(spec, 'M.tla');
  const { module, applied } = configuredModule(resolved, config);
  const [rootBallot, libBallot, libNat] = config.constants;
  t.ok(applied.has(rootBallot!), 'Ballot <- MCBallot: the root\'s definition, replaced in the module');
  t.notOk(applied.has(libBallot!), 'Ballot <- [Lib] MCBallot: left to bindConstants');
  t.ok(applied.has(libNat!), 'Nat <- [Lib] MyNat: a builtin, replaced in the module');
  const mcBallot = module.defs.find((d) => d.name.name === 'MCBallot')!.index;
  const overridden = [...(bindConstants(module, config, applied).defOverrides ?? [])].map(([index, o]) => [module.defs[index]!.name.name, o.kind === 'def' ? o.index : -1]);
  t.same(overridden, [['L!Ballot', mcBallot]], 'only the instance\'s Ballot is overridden, by MCBallot');
  const model = buildModel(resolved, config);
  const next = [...model.successors([...model.initialStates()][0]!)].map((s) => show(model, s.state));
  t.same(next, ['x=0', 'x=1', 'x=2'], 'Votes is {b \\in 0..2 : b < 3}');
});

t.test('an invariant that fails to evaluate: the nested expressions TLC lists, printed in its words with file:line:col', async (t) => {
  const spec = `---- MODULE M ----
EXTENDS Naturals
VARIABLE x
Init == x = "done"
Next == x' = x
f == [i \\in 0..2 |-> i * 2]
Small(v) == f[v] < 10
Inv == \\A i \\in {1} : Small(x) /\\ i = 1
====`;
  const model = await inMemory(spec, 'INIT Init\nNEXT Next\nINVARIANT Inv\n');
  const error = (() => {
    try {
      model.violatedInvariant([...model.initialStates()][0]!);
    } catch (e) {
      return e;
    }
  })();
  if (!(error instanceof DiagnosticError)) return t.fail('the invariant fails to evaluate');
  const d = error.diagnostics[0]!;
  // TLC (one worker) after "Attempted to apply function with integer domain to the non-integer argument":
  // 0. Init's x = "done" (TLC checks an initial state's invariants inside Init's evaluation), then the invariant's.
  t.same(d.nested?.map((s) => `${s.line}:${s.col}-${s.endLine}:${s.endCol - 1}`), ['4:9-4:18', '8:8-8:39', '8:23-8:39', '8:23-8:30', '7:13-7:21', '7:13-7:16']);
  const text = renderDiagnostic(d);
  t.match(text, 'Error: The error occurred when TLC was evaluating the nested\nexpressions at the following positions:\n0. Line 4, column 9 to line 4, column 18 in M (M.tla:4:9)\n1. Line 8, column 8 to line 8, column 39 in M (M.tla:8:8)\n');
  t.match(text, '5. Line 7, column 13 to line 7, column 16 in M (M.tla:7:13)');
});

/** The nested-expressions block a check of `spec` prints (positions without our file:line:col), or why there is none. */
async function nestedBlockOf(name: string, spec: string, cfg: string, modules: Record<string, string[]> = {}): Promise<string[] | string> {
  const dir = Object.keys(modules).length > 0 ? temporaryFolder('nested-') : '.';
  for (const [module, lines] of Object.entries(modules)) await writeFile(join(dir, `${module}.tla`), lines.join('\n'));
  const resolved = await resolveSource(spec, join(dir, `${name}.tla`));
  if (dir !== '.') await rm(dir, { recursive: true });
  const model = buildModel(resolved, parseConfig(cfg, `${name}.cfg`));
  const result = await checkModel(model);
  if (result.result !== 'error') return 'no error';
  const text = renderDiagnostic(result.violation.diagnostics[0]!).split('\n');
  const from = text.indexOf('expressions at the following positions:');
  return from < 0 ? 'no block' : text.slice(from + 1, -1).map((line) => line.replace(/ \(\S+:\d+:\d+\)$/, ''));
}

/**
 * [what, spec, cfg, TLC's block]: each block is TLC's output on that spec, verbatim after its first two
 * lines, recorded by hand on 6 Dec 2026 from TLC built from its public source (it calls itself "TLC2
 * Version 2026.12.06"): java -cp tla2tools.jar tlc2.TLC -workers 1 -config X.cfg X.tla. `modules`: the other
 * modules of the spec, each in its own file beside it.
 */
const tlcBlocks: [what: string, spec: string[], cfg: string, tlc: string[], modules?: Record<string, string[]>][] = [
  [
    "`x \\in Nat` in Init: the set cannot be enumerated",
    ["---- MODULE InitNat ----", "EXTENDS Naturals", "VARIABLE x", "Init == x \\in Nat", "Next == x' = x", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 4, column 9 to line 4, column 17 in InitNat",
    ],
  ],
  [
    "`1 + \"a\"` in Init",
    ["---- MODULE InitAdd ----", "EXTENDS Naturals", "VARIABLE x", "Init == x = 1 + \"a\"", "Next == x' = x", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 4, column 9 to line 4, column 19 in InitAdd",
      "1. Line 4, column 13 to line 4, column 19 in InitAdd",
    ],
  ],
  [
    "Init an infix conjunction: TLC reads a /\\ b /\\ c as (a /\\ b) /\\ c",
    ["---- MODULE InitConj ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ x > 0 /\\ y = f[x + 5]", "Next == x' = x /\\ y' = y", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 5, column 9 to line 5, column 38 in InitConj",
      "1. Line 5, column 9 to line 5, column 22 in InitConj",
      "2. Line 5, column 9 to line 5, column 13 in InitConj",
      "3. Line 5, column 18 to line 5, column 22 in InitConj",
      "4. Line 5, column 27 to line 5, column 38 in InitConj",
      "5. Line 5, column 31 to line 5, column 38 in InitConj",
    ],
  ],
  [
    "a parenthesized conjunction in Init",
    ["---- MODULE InitParen ----", "EXTENDS Naturals", "VARIABLE x, y, z", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ (z = 0 /\\ y = f[x + 5])", "Next == UNCHANGED <<x, y, z>>", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 5, column 9 to line 5, column 40 in InitParen",
      "1. Line 5, column 9 to line 5, column 13 in InitParen",
      "2. Line 5, column 19 to line 5, column 39 in InitParen",
      "3. Line 5, column 19 to line 5, column 23 in InitParen",
      "4. Line 5, column 28 to line 5, column 39 in InitParen",
      "5. Line 5, column 32 to line 5, column 39 in InitParen",
    ],
  ],
  [
    "a definition called in Init: the call, then its body",
    ["---- MODULE InitCall ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Foo == x = 1", "Init == Foo /\\ y = f[x + 5]", "Next == x' = x /\\ y' = y", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 27 in InitCall",
      "1. Line 6, column 9 to line 6, column 11 in InitCall",
      "2. Line 5, column 8 to line 5, column 12 in InitCall",
      "3. Line 6, column 16 to line 6, column 27 in InitCall",
      "4. Line 6, column 20 to line 6, column 27 in InitCall",
    ],
  ],
  [
    "a definition with a parameter as Init",
    ["---- MODULE InitCallArgs ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Foo(a) == x = a /\\ y = f[x + 5]", "Init == Foo(1)", "Next == x' = x /\\ y' = y", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 14 in InitCallArgs",
      "1. Line 5, column 11 to line 5, column 31 in InitCallArgs",
      "2. Line 5, column 11 to line 5, column 15 in InitCallArgs",
      "3. Line 5, column 20 to line 5, column 31 in InitCallArgs",
      "4. Line 5, column 24 to line 5, column 31 in InitCallArgs",
    ],
  ],
  [
    "a disjunct of Next that is a definition: its body is entry 0",
    ["---- MODULE ActPlain ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "A == x' = x + 1 /\\ x > 0 /\\ y' = f[x' + 5]", "Next == A \\/ (x' = x /\\ y' = y)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 6 to line 6, column 42 in ActPlain",
      "1. Line 6, column 6 to line 6, column 24 in ActPlain",
      "2. Line 6, column 6 to line 6, column 15 in ActPlain",
      "3. Line 6, column 20 to line 6, column 24 in ActPlain",
      "4. Line 6, column 29 to line 6, column 42 in ActPlain",
      "5. Line 6, column 34 to line 6, column 42 in ActPlain",
    ],
  ],
  [
    "a bulleted conjunction list: no left parts",
    ["---- MODULE ActBullet ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "A == /\\ x' = x + 1", "     /\\ x > 0", "     /\\ y' = f[x' + 5]", "Next == A \\/ (x' = x /\\ y' = y)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 6 to line 8, column 22 in ActBullet",
      "1. Line 6, column 9 to line 6, column 18 in ActBullet",
      "2. Line 7, column 9 to line 7, column 13 in ActBullet",
      "3. Line 8, column 9 to line 8, column 22 in ActBullet",
      "4. Line 8, column 14 to line 8, column 22 in ActBullet",
    ],
  ],
  [
    "an action under \\E p \\in S, split per element",
    ["---- MODULE ActExists ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "A(p) == x' = x + p /\\ y' = f[x' + 5]", "Next == \\E p \\in {1, 2} : A(p)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 36 in ActExists",
      "1. Line 6, column 9 to line 6, column 18 in ActExists",
      "2. Line 6, column 23 to line 6, column 36 in ActExists",
      "3. Line 6, column 28 to line 6, column 36 in ActExists",
    ],
  ],
  [
    "the second of two plain disjuncts",
    ["---- MODULE ActDisj ----", "EXTENDS Naturals", "VARIABLE x", "Init == x = 0", "Next == x' = x + 1 \\/ x' = x + \"a\"", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 5, column 23 to line 5, column 34 in ActDisj",
      "1. Line 5, column 28 to line 5, column 34 in ActDisj",
    ],
  ],
  [
    "an \\E over a set that depends on the state: not split, so the \\E is entry 0",
    ["---- MODULE ActNoSplit ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == \\E p \\in {x, x + 1} : y' = f[p + 5] /\\ x' = x", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 53 in ActNoSplit",
      "1. Line 6, column 31 to line 6, column 53 in ActNoSplit",
      "2. Line 6, column 31 to line 6, column 43 in ActNoSplit",
      "3. Line 6, column 36 to line 6, column 43 in ActNoSplit",
    ],
  ],
  [
    "IF: the branch taken, not the condition",
    ["---- MODULE ActIf ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == IF x > 0 THEN x' = x + \"a\" /\\ y' = y ELSE x' = x /\\ y' = y", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 66 in ActIf",
      "1. Line 6, column 23 to line 6, column 44 in ActIf",
      "2. Line 6, column 23 to line 6, column 34 in ActIf",
      "3. Line 6, column 28 to line 6, column 34 in ActIf",
    ],
  ],
  [
    "CASE: the arm taken",
    ["---- MODULE ActCase ----", "EXTENDS Naturals", "VARIABLE x, y, z", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0 /\\ z = 0", "Next == CASE x = 0 -> UNCHANGED <<x, y, z>> [] x = 1 -> x' = 2 /\\ y' = f[x + 5] /\\ z' = z", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 89 in ActCase",
      "1. Line 6, column 57 to line 6, column 89 in ActCase",
      "2. Line 6, column 57 to line 6, column 79 in ActCase",
      "3. Line 6, column 57 to line 6, column 62 in ActCase",
      "4. Line 6, column 67 to line 6, column 79 in ActCase",
      "5. Line 6, column 72 to line 6, column 79 in ActCase",
    ],
  ],
  [
    "a LET at the root of an action: TLC starts at its body",
    ["---- MODULE ActLet ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == LET z == x + 1 IN x' = z /\\ y' = f[z + 5]", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 27 to line 6, column 49 in ActLet",
      "1. Line 6, column 27 to line 6, column 32 in ActLet",
      "2. Line 6, column 37 to line 6, column 49 in ActLet",
      "3. Line 6, column 42 to line 6, column 49 in ActLet",
    ],
  ],
  [
    "a definition called in an action",
    ["---- MODULE ActCall ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "B == y' = f[x' + 5]", "A == x' = x + 1 /\\ B", "Next == A", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 6 to line 7, column 20 in ActCall",
      "1. Line 7, column 6 to line 7, column 15 in ActCall",
      "2. Line 7, column 20 to line 7, column 20 in ActCall",
      "3. Line 6, column 6 to line 6, column 19 in ActCall",
      "4. Line 6, column 11 to line 6, column 19 in ActCall",
    ],
  ],
  [
    "UNCHANGED x holds x on the stack",
    ["---- MODULE ActUnch ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == UNCHANGED x /\\ y' = f[x + 5]", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 36 in ActUnch",
      "1. Line 6, column 9 to line 6, column 19 in ActUnch",
      "2. Line 6, column 19 to line 6, column 19 in ActUnch",
      "3. Line 6, column 24 to line 6, column 36 in ActUnch",
      "4. Line 6, column 29 to line 6, column 36 in ActUnch",
    ],
  ],
  [
    "UNCHANGED vars: the name, the tuple and each variable",
    ["---- MODULE ActUnchTuple ----", "EXTENDS Naturals", "VARIABLE x, y, z", "f == [i \\in 0..2 |-> i * 2]", "vars == <<x, z>>", "Init == x = 1 /\\ y = 0 /\\ z = 0", "Next == UNCHANGED vars /\\ y' = f[x + 5]", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 39 in ActUnchTuple",
      "1. Line 7, column 9 to line 7, column 22 in ActUnchTuple",
      "2. Line 7, column 19 to line 7, column 22 in ActUnchTuple",
      "3. Line 5, column 9 to line 5, column 16 in ActUnchTuple",
      "4. Line 5, column 11 to line 5, column 11 in ActUnchTuple",
      "5. Line 5, column 14 to line 5, column 14 in ActUnchTuple",
      "6. Line 7, column 27 to line 7, column 39 in ActUnchTuple",
      "7. Line 7, column 32 to line 7, column 39 in ActUnchTuple",
    ],
  ],
  [
    "x' \\in S",
    ["---- MODULE ActInSet ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == x' \\in {1, 2} /\\ y' = f[x' + 5]", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 39 in ActInSet",
      "1. Line 6, column 9 to line 6, column 21 in ActInSet",
      "2. Line 6, column 26 to line 6, column 39 in ActInSet",
      "3. Line 6, column 31 to line 6, column 39 in ActInSet",
    ],
  ],
  [
    "a conjunct reached with every variable assigned is only evaluated: x > 0 is not listed",
    ["---- MODULE ActAllAssigned ----", "EXTENDS Naturals", "VARIABLE x, y, z", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0 /\\ z = 0", "Next == x' = x + 1 /\\ y' = y /\\ z' = z /\\ x > 0 /\\ f[x + 5] > 0", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 63 in ActAllAssigned",
      "1. Line 6, column 9 to line 6, column 47 in ActAllAssigned",
      "2. Line 6, column 9 to line 6, column 38 in ActAllAssigned",
      "3. Line 6, column 9 to line 6, column 28 in ActAllAssigned",
      "4. Line 6, column 9 to line 6, column 18 in ActAllAssigned",
      "5. Line 6, column 23 to line 6, column 28 in ActAllAssigned",
      "6. Line 6, column 33 to line 6, column 38 in ActAllAssigned",
      "7. Line 6, column 52 to line 6, column 63 in ActAllAssigned",
      "8. Line 6, column 52 to line 6, column 59 in ActAllAssigned",
    ],
  ],
  [
    "an invariant on the initial state: Init first",
    ["---- MODULE InvInit ----", "EXTENDS Naturals", "VARIABLE x", "Init == x = 0", "Next == x' = x + 1 /\\ x < 3", "Inv == x + \"a\" > 0", "===="],
    "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    [
      "0. Line 4, column 9 to line 4, column 13 in InvInit",
      "1. Line 6, column 8 to line 6, column 18 in InvInit",
      "2. Line 6, column 8 to line 6, column 14 in InvInit",
    ],
  ],
  [
    "an invariant on the second initial state",
    ["---- MODULE InvInit2 ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x \\in {0, 1} /\\ y = 0", "Next == x' = x /\\ y' = y", "Inv == x = 0 \\/ x + \"a\" > 0", "===="],
    "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    [
      "0. Line 5, column 9 to line 5, column 29 in InvInit2",
      "1. Line 5, column 9 to line 5, column 20 in InvInit2",
      "2. Line 5, column 25 to line 5, column 29 in InvInit2",
      "3. Line 7, column 8 to line 7, column 27 in InvInit2",
      "4. Line 7, column 17 to line 7, column 27 in InvInit2",
      "5. Line 7, column 17 to line 7, column 23 in InvInit2",
    ],
  ],
  [
    "an invariant on an initial state Init reaches through \\E",
    ["---- MODULE InvExists ----", "EXTENDS Naturals", "VARIABLE x, y, z", "f == [i \\in 0..2 |-> i * 2]", "Init == \\E v \\in {0, 1} : x = v /\\ y = 0 /\\ z = 0", "Next == UNCHANGED <<x, y, z>>", "Inv == f[x + 4] > 0", "===="],
    "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    [
      "0. Line 5, column 9 to line 5, column 49 in InvExists",
      "1. Line 5, column 27 to line 5, column 49 in InvExists",
      "2. Line 5, column 27 to line 5, column 40 in InvExists",
      "3. Line 5, column 27 to line 5, column 31 in InvExists",
      "4. Line 5, column 36 to line 5, column 40 in InvExists",
      "5. Line 5, column 45 to line 5, column 49 in InvExists",
      "6. Line 7, column 8 to line 7, column 19 in InvExists",
      "7. Line 7, column 8 to line 7, column 15 in InvExists",
    ],
  ],
  [
    "Init named by SPECIFICATION: its body, not the name",
    ["---- MODULE InvSpec ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == x' = x /\\ y' = y", "Spec == Init /\\ [][Next]_<<x, y>>", "Inv == f[x + 5] > 0", "===="],
    "SPECIFICATION Spec\nINVARIANT Inv\n",
    [
      "0. Line 5, column 9 to line 5, column 22 in InvSpec",
      "1. Line 5, column 9 to line 5, column 13 in InvSpec",
      "2. Line 5, column 18 to line 5, column 22 in InvSpec",
      "3. Line 8, column 8 to line 8, column 19 in InvSpec",
      "4. Line 8, column 8 to line 8, column 15 in InvSpec",
    ],
  ],
  [
    "Init == Foo: the call, then the body",
    ["---- MODULE InvCall ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Foo == x = 1 /\\ y = 0", "Init == Foo", "Next == x' = x /\\ y' = y", "Inv == f[x + 5] > 0", "===="],
    "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    [
      "0. Line 6, column 9 to line 6, column 11 in InvCall",
      "1. Line 5, column 8 to line 5, column 21 in InvCall",
      "2. Line 5, column 8 to line 5, column 12 in InvCall",
      "3. Line 5, column 17 to line 5, column 21 in InvCall",
      "4. Line 8, column 8 to line 8, column 19 in InvCall",
      "5. Line 8, column 8 to line 8, column 15 in InvCall",
    ],
  ],

  [
    "SPECIFICATION with two initial predicates: each held like a conjunct, no conjunction of its own",
    ["---- MODULE SpecMulti ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1", "Next == x' = x /\\ y' = y", "Spec == Init /\\ y = f[x + 5] /\\ [][Next]_<<x, y>>", "===="],
    "SPECIFICATION Spec\n",
    [
      "0. Line 5, column 9 to line 5, column 13 in SpecMulti",
      "1. Line 7, column 17 to line 7, column 28 in SpecMulti",
      "2. Line 7, column 21 to line 7, column 28 in SpecMulti",
    ],
  ],
  // TLC's split of Next looks through LET (each disjunct its own action), and TLC expands no call: a
  // call the names phase expanded in place (names/substitute-primed.ts) has its entry, then its body's, and a
  // parameter replaced by its argument has its entry, then the argument's.
  [
    "an expanded call: the call, then its body",
    ["---- MODULE ActCallArgs ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "B(v) == y' = f[v + 5]", "Next == x' = x + 1 /\\ B(x')", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 27 in ActCallArgs",
      "1. Line 7, column 9 to line 7, column 18 in ActCallArgs",
      "2. Line 7, column 23 to line 7, column 27 in ActCallArgs",
      "3. Line 6, column 9 to line 6, column 21 in ActCallArgs",
      "4. Line 6, column 14 to line 6, column 21 in ActCallArgs",
    ],
  ],
  [
    "a LET at the root of Next over a disjunction: the inline disjunct is its own action",
    ["---- MODULE LetRootInline ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == LET t == 1 IN (x' = x /\\ y' = y /\\ x > 5) \\/ (x' = x + t /\\ y' = f[x + 5])", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 55 to line 6, column 81 in LetRootInline",
      "1. Line 6, column 55 to line 6, column 64 in LetRootInline",
      "2. Line 6, column 69 to line 6, column 81 in LetRootInline",
      "3. Line 6, column 74 to line 6, column 81 in LetRootInline",
    ],
  ],
  [
    "a LET at the root of Next over a disjunction: a disjunct that is a definition",
    ["---- MODULE LetRootCall ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "A == x' = x + 1 /\\ y' = f[x' + 5]", "Next == LET t == 1 IN (x' = x /\\ y' = y /\\ x > 5) \\/ A", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 6 to line 6, column 33 in LetRootCall",
      "1. Line 6, column 6 to line 6, column 15 in LetRootCall",
      "2. Line 6, column 20 to line 6, column 33 in LetRootCall",
      "3. Line 6, column 25 to line 6, column 33 in LetRootCall",
    ],
  ],
  [
    "a LET inside a disjunct of Next",
    ["---- MODULE LetInDisjunct ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == (x' = x /\\ y' = y /\\ x > 5) \\/ LET t == 1 IN ((x' = x /\\ y' = y /\\ x > 6) \\/ (x' = x + t /\\ y' = f[x + 5]))", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 87 to line 6, column 113 in LetInDisjunct",
      "1. Line 6, column 87 to line 6, column 96 in LetInDisjunct",
      "2. Line 6, column 101 to line 6, column 113 in LetInDisjunct",
      "3. Line 6, column 106 to line 6, column 113 in LetInDisjunct",
    ],
  ],
  [
    "a LET with a parameter used in both disjuncts",
    ["---- MODULE LetParam ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == LET g(v) == f[v + 5] IN (x' = x /\\ y' = g(x)) \\/ (x' = x + 1 /\\ y' = g(x + 1))", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 34 to line 6, column 52 in LetParam",
      "1. Line 6, column 34 to line 6, column 39 in LetParam",
      "2. Line 6, column 44 to line 6, column 52 in LetParam",
      "3. Line 6, column 49 to line 6, column 52 in LetParam",
      "4. Line 6, column 21 to line 6, column 28 in LetParam",
    ],
  ],
  [
    "a LET over \\E with a disjunction inside",
    ["---- MODULE LetExists ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == LET t == 1 IN \\E i \\in {1, 2} : (x' = x /\\ y' = y /\\ x > 5) \\/ (x' = x + i /\\ y' = f[x + t + 4])", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 73 to line 6, column 103 in LetExists",
      "1. Line 6, column 73 to line 6, column 82 in LetExists",
      "2. Line 6, column 87 to line 6, column 103 in LetExists",
      "3. Line 6, column 92 to line 6, column 103 in LetExists",
    ],
  ],
  [
    "nested LETs at the root of Next",
    ["---- MODULE LetNested ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == LET a == 1 IN LET b == 2 IN (x' = x /\\ y' = y /\\ x > 5) \\/ (x' = x + a /\\ y' = f[x + b + 3])", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 69 to line 6, column 99 in LetNested",
      "1. Line 6, column 69 to line 6, column 78 in LetNested",
      "2. Line 6, column 83 to line 6, column 99 in LetNested",
      "3. Line 6, column 88 to line 6, column 99 in LetNested",
    ],
  ],
  [
    "a LET in an operator Next calls under \\E",
    ["---- MODULE LetInOp ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "A(p) == LET t == p IN (x' = x /\\ y' = y /\\ x > 5) \\/ (x' = x + t /\\ y' = f[x + t + 4])", "Next == \\E p \\in {1, 2} : A(p)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 55 to line 6, column 85 in LetInOp",
      "1. Line 6, column 55 to line 6, column 64 in LetInOp",
      "2. Line 6, column 69 to line 6, column 85 in LetInOp",
      "3. Line 6, column 74 to line 6, column 85 in LetInOp",
    ],
  ],
  [
    "\\E over a LET over a disjunction",
    ["---- MODULE ExistsLet ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Next == \\E i \\in {1, 2} : LET t == i IN (x' = x /\\ y' = y /\\ x > 5) \\/ (x' = x + t /\\ y' = f[x + t + 4])", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 73 to line 6, column 103 in ExistsLet",
      "1. Line 6, column 73 to line 6, column 82 in ExistsLet",
      "2. Line 6, column 87 to line 6, column 103 in ExistsLet",
      "3. Line 6, column 92 to line 6, column 103 in ExistsLet",
    ],
  ],
  [
    "a LET over \\E over an operator call",
    ["---- MODULE LetExistsCall ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Req(p) == x' = x + p /\\ y' = f[x + p + 4]", "Next == LET t == 1 IN \\E p \\in {1, 2} : Req(p)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 11 to line 6, column 41 in LetExistsCall",
      "1. Line 6, column 11 to line 6, column 20 in LetExistsCall",
      "2. Line 6, column 25 to line 6, column 41 in LetExistsCall",
      "3. Line 6, column 30 to line 6, column 41 in LetExistsCall",
    ],
  ],
  [
    "a call inside an expanded call",
    ["---- MODULE CallInCall ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "B(v) == y' = f[v + 5]", "C(v) == B(v)", "Next == x' = x + 1 /\\ C(x')", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 8, column 9 to line 8, column 27 in CallInCall",
      "1. Line 8, column 9 to line 8, column 18 in CallInCall",
      "2. Line 8, column 23 to line 8, column 27 in CallInCall",
      "3. Line 7, column 9 to line 7, column 12 in CallInCall",
      "4. Line 6, column 9 to line 6, column 21 in CallInCall",
      "5. Line 6, column 14 to line 6, column 21 in CallInCall",
    ],
  ],
  [
    "a call inside an expanded call, after a conjunct",
    ["---- MODULE CallInCall2 ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "B(v) == y' = f[v + 5]", "C(v) == v > 0 /\\ B(v)", "Next == x' = x + 1 /\\ C(x')", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 8, column 9 to line 8, column 27 in CallInCall2",
      "1. Line 8, column 9 to line 8, column 18 in CallInCall2",
      "2. Line 8, column 23 to line 8, column 27 in CallInCall2",
      "3. Line 7, column 9 to line 7, column 21 in CallInCall2",
      "4. Line 7, column 9 to line 7, column 13 in CallInCall2",
      "5. Line 7, column 18 to line 7, column 21 in CallInCall2",
      "6. Line 6, column 9 to line 6, column 21 in CallInCall2",
      "7. Line 6, column 14 to line 6, column 21 in CallInCall2",
    ],
  ],
  [
    "an expanded call whose body is a LET",
    ["---- MODULE CallLet ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "B(v) == LET w == v + 5 IN y' = f[w]", "Next == x' = x + 1 /\\ B(x')", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 27 in CallLet",
      "1. Line 7, column 9 to line 7, column 18 in CallLet",
      "2. Line 7, column 23 to line 7, column 27 in CallLet",
      "3. Line 6, column 9 to line 6, column 35 in CallLet",
      "4. Line 6, column 27 to line 6, column 35 in CallLet",
      "5. Line 6, column 32 to line 6, column 35 in CallLet",
    ],
  ],
  [
    "an expanded call of an operator from an EXTENDed module",
    ["---- MODULE CallExt ----", "EXTENDS Naturals, CallLib", "VARIABLE x, y", "Init == x = 1 /\\ y = 0", "Next == x' = x + 1 /\\ B(x', y)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 5, column 9 to line 5, column 30 in CallExt",
      "1. Line 5, column 9 to line 5, column 18 in CallExt",
      "2. Line 5, column 23 to line 5, column 30 in CallExt",
      "3. Line 4, column 12 to line 4, column 24 in CallLib",
      "4. Line 4, column 17 to line 4, column 24 in CallLib",
    ],
    { CallLib: ["---- MODULE CallLib ----", "EXTENDS Naturals", "f == [i \\in 0..2 |-> i * 2]", "B(v, w) == w' = f[v + 5]", "===="] },
  ],
  [
    "an operator that primes its parameter",
    ["---- MODULE CallPrimes ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Chg(v) == v' = f[v + 5]", "Next == x' = x /\\ Chg(y)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 24 in CallPrimes",
      "1. Line 7, column 9 to line 7, column 14 in CallPrimes",
      "2. Line 7, column 19 to line 7, column 24 in CallPrimes",
      "3. Line 6, column 11 to line 6, column 23 in CallPrimes",
      "4. Line 6, column 16 to line 6, column 23 in CallPrimes",
    ],
  ],
  [
    "an action passed as an argument",
    ["---- MODULE CallAction ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = 1 /\\ y = 0", "Guard(A) == x > 0 /\\ A", "Next == Guard(x' = x /\\ y' = f[x + 5])", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 38 in CallAction",
      "1. Line 6, column 13 to line 6, column 22 in CallAction",
      "2. Line 6, column 13 to line 6, column 17 in CallAction",
      "3. Line 6, column 22 to line 6, column 22 in CallAction",
      "4. Line 7, column 15 to line 7, column 37 in CallAction",
      "5. Line 7, column 15 to line 7, column 20 in CallAction",
      "6. Line 7, column 25 to line 7, column 37 in CallAction",
      "7. Line 7, column 30 to line 7, column 37 in CallAction",
    ],
  ],
  [
    "expanded calls in Init",
    ["---- MODULE CallInit ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "SetTo(v, n) == v = n", "Init == SetTo(x, 1) /\\ SetTo(y, f[x + 5])", "Next == x' = x /\\ y' = y", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 9 to line 6, column 41 in CallInit",
      "1. Line 6, column 9 to line 6, column 19 in CallInit",
      "2. Line 5, column 16 to line 5, column 20 in CallInit",
      "3. Line 6, column 24 to line 6, column 41 in CallInit",
      "4. Line 5, column 16 to line 5, column 20 in CallInit",
      "5. Line 5, column 20 to line 5, column 20 in CallInit",
      "6. Line 6, column 33 to line 6, column 40 in CallInit",
    ],
  ],
  [
    "an expanded call in an invariant",
    ["---- MODULE CallInv ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Eq(v, n) == v = n", "Init == x = 1 /\\ y = 0", "Next == x' = x /\\ y' = y", "Inv == Eq(x, 1) /\\ Eq(y, f[x + 5])", "===="],
    "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    [
      "0. Line 6, column 9 to line 6, column 22 in CallInv",
      "1. Line 6, column 9 to line 6, column 13 in CallInv",
      "2. Line 6, column 18 to line 6, column 22 in CallInv",
      "3. Line 8, column 8 to line 8, column 34 in CallInv",
      "4. Line 8, column 20 to line 8, column 34 in CallInv",
      "5. Line 5, column 13 to line 5, column 17 in CallInv",
      "6. Line 5, column 17 to line 5, column 17 in CallInv",
      "7. Line 8, column 26 to line 8, column 33 in CallInv",
    ],
  ],
  [
    "an expanded call in a definition Init names",
    ["---- MODULE CallInit2 ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "SetTo(v, n) == v = n", "Both(n) == SetTo(x, n) /\\ SetTo(y, f[n + 5])", "Init == Both(1)", "Next == x' = x /\\ y' = y", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 15 in CallInit2",
      "1. Line 6, column 12 to line 6, column 44 in CallInit2",
      "2. Line 6, column 12 to line 6, column 22 in CallInit2",
      "3. Line 5, column 16 to line 5, column 20 in CallInit2",
      "4. Line 6, column 27 to line 6, column 44 in CallInit2",
      "5. Line 5, column 16 to line 5, column 20 in CallInit2",
      "6. Line 5, column 20 to line 5, column 20 in CallInit2",
      "7. Line 6, column 36 to line 6, column 43 in CallInit2",
    ],
  ],
  [
    "an expanded call of constant arguments: TLC splits through it (one action per element)",
    ["---- MODULE CallConst ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Init == x = <<1>> /\\ y = 0", "Put(i) == x' = x /\\ y' = f[(x[i])' + 5]", "Next == \\E i \\in {1} : Put(i)", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 6, column 11 to line 6, column 39 in CallConst",
      "1. Line 6, column 11 to line 6, column 16 in CallConst",
      "2. Line 6, column 21 to line 6, column 39 in CallConst",
      "3. Line 6, column 26 to line 6, column 39 in CallConst",
    ],
  ],
  [
    // Recorded 7 Dec 2026 (same TLC). Arguments are evaluated where the body uses them: the call, the
    // body up to the use, the parameter, then the argument (was: the call, then the argument).
    "an invariant's argument that fails where the body uses it",
    ["---- MODULE LazyInv ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Small(v) == x > 0 /\\ v < 10", "Init == x = 1 /\\ y = 0", "Next == x' = x /\\ y' = y", "Inv == Small(f[x + 5])", "===="],
    "INIT Init\nNEXT Next\nINVARIANT Inv\n",
    [
      "0. Line 6, column 9 to line 6, column 22 in LazyInv",
      "1. Line 6, column 9 to line 6, column 13 in LazyInv",
      "2. Line 6, column 18 to line 6, column 22 in LazyInv",
      "3. Line 8, column 8 to line 8, column 22 in LazyInv",
      "4. Line 5, column 13 to line 5, column 27 in LazyInv",
      "5. Line 5, column 22 to line 5, column 27 in LazyInv",
      "6. Line 5, column 22 to line 5, column 22 in LazyInv",
      "7. Line 8, column 14 to line 8, column 21 in LazyInv",
    ],
  ],
  [
    "an action's argument that fails where the body uses it (recorded 7 Dec 2026)",
    ["---- MODULE LazyAct ----", "EXTENDS Naturals", "VARIABLE x, y", "f == [i \\in 0..2 |-> i * 2]", "Small(v) == v < 10", "Init == x = 1 /\\ y = 0", "Next == x' = x + 1 /\\ y' = IF Small(f[x + 5]) THEN 1 ELSE 2", "===="],
    "INIT Init\nNEXT Next\n",
    [
      "0. Line 7, column 9 to line 7, column 59 in LazyAct",
      "1. Line 7, column 9 to line 7, column 18 in LazyAct",
      "2. Line 7, column 23 to line 7, column 59 in LazyAct",
      "3. Line 7, column 28 to line 7, column 59 in LazyAct",
      "4. Line 7, column 31 to line 7, column 45 in LazyAct",
      "5. Line 5, column 13 to line 5, column 18 in LazyAct",
      "6. Line 5, column 13 to line 5, column 13 in LazyAct",
      "7. Line 7, column 37 to line 7, column 44 in LazyAct",
    ],
  ],
];

t.test('an evaluation error in Init, in an action or in an invariant on an initial state: the nested expressions TLC lists', async (t) => {
  for (const [what, spec, cfg, tlc, modules] of tlcBlocks) {
    const name = /MODULE (\w+)/.exec(spec[0]!)![1]!;
    t.same(await nestedBlockOf(name, spec.join('\n'), cfg, modules), tlc, `${name}: ${what}`);
  }
});

t.test('an argument of a RECURSIVE operator that fails at the bottom of the recursion: TLC\'s block through each call', async (t) => {
  const spec = ['---- MODULE Rec ----', 'EXTENDS Naturals', 'VARIABLE x', 'RECURSIVE R(_, _)', 'R(n, a) == IF n = 0 THEN a + <<>>[1] ELSE R(n - 1, a + n)', 'Init == x = R(2, 0)', "Next == x' = x", '===='];
  // TLC's entries 0 to 8 (recorded 7 Dec 2026, as the table above); it then lists `<<>>` of `<<>>[1]`
  // alone, which ours does not. Before, the arguments traced lazily lost the recursion's bindings
  // and the block went through n = 0 and n - 1 instead.
  const block = await nestedBlockOf('Rec', spec.join('\n'), 'INIT Init\nNEXT Next\n');
  t.same(typeof block === 'string' ? block : block.slice(0, 9), [
    '0. Line 6, column 9 to line 6, column 19 in Rec',
    '1. Line 6, column 13 to line 6, column 19 in Rec',
    '2. Line 5, column 12 to line 5, column 57 in Rec',
    '3. Line 5, column 43 to line 5, column 57 in Rec',
    '4. Line 5, column 12 to line 5, column 57 in Rec',
    '5. Line 5, column 43 to line 5, column 57 in Rec',
    '6. Line 5, column 12 to line 5, column 57 in Rec',
    '7. Line 5, column 26 to line 5, column 36 in Rec',
    '8. Line 5, column 30 to line 5, column 36 in Rec',
  ]);
});

t.test('an INSTANCE substitution that fails where the instance first uses it: TLC\'s block through the INSTANCE', async (t) => {
  const foo = ['---- MODULE Foo ----', 'EXTENDS Naturals', 'CONSTANT c, d', 'Twice(y) == c + c + y', 'Op(y) == Twice(y) + c', 'Free(y) == y + 7', 'Bad(y) == d + y', '===='];
  const spec = [
    '---- MODULE SubE ----', 'EXTENDS Naturals, TLC', 'VARIABLE x',
    'M == INSTANCE Foo WITH c <- IF PrintT("c") THEN 1 ELSE 0, d <- <<>>[1]',
    'Init == x = 0', "Next == x < 2 /\\ x' = x + 1", 'Inv == M!Op(x) > 0 /\\ M!Bad(x) > 0', '===='];
  // TLC's entries 0 to 7 (recorded 7 Dec 2026, as the table above; TLC words this block "TLC was unable
  // to fingerprint"): the INSTANCE (entry 4), Bad's body, its use of d, then the substitution; it then
  // lists `<<>>` alone, which ours does not. Before, d was inlined: entries 4 and 6 were missing.
  const block = await nestedBlockOf('SubE', spec.join('\n'), 'INIT Init\nNEXT Next\nINVARIANT Inv\n', { Foo: foo });
  t.same(typeof block === 'string' ? block : block.slice(0, 8), [
    '0. Line 5, column 9 to line 5, column 13 in SubE',
    '1. Line 7, column 8 to line 7, column 34 in SubE',
    '2. Line 7, column 23 to line 7, column 34 in SubE',
    '3. Line 7, column 23 to line 7, column 30 in SubE',
    '4. Line 4, column 1 to line 4, column 70 in SubE',
    '5. Line 7, column 11 to line 7, column 15 in Foo',
    '6. Line 7, column 11 to line 7, column 11 in Foo',
    '7. Line 4, column 64 to line 4, column 70 in SubE',
  ]);
});

t.test('no block where TLC prints none: an invariant failing on a later state, and a spec without an evaluation error', async (t) => {
  const counter = (inv: string) => ['---- MODULE C ----', 'EXTENDS Naturals', 'VARIABLE x', 'Init == x = 0', "Next == x' = x + 1 /\\ x < 3", inv, '===='].join('\n');
  // TLC: "Error: Evaluating invariant Inv failed." and the behaviour, no block (it replays the last step
  // to find the stack, and x = 2 is then no longer new, so the invariant is not evaluated again).
  t.same(await nestedBlockOf('C', counter('Inv == IF x = 2 THEN x + "a" > 0 ELSE TRUE'), 'INIT Init\nNEXT Next\nINVARIANT Inv\n'), 'no block');
  t.same(await nestedBlockOf('C', counter('Inv == x < 10'), 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n'), 'no error');
});
