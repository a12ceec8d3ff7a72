// `{x \in S : P}` over an S that cannot be enumerated stays lazy, as TLC's SetPredValue: membership
// works (`Capacity \in [Jug -> {n \in Nat : n > 0}]`, tlaplus/Examples MCDieHarder), enumeration is
// E3007. Interpreted and compiled alike; the expected values are TLC's (TLC2 2026.12, PrintT).
import t from 'tap';
import { parseConfig } from '../cfg/config.js';
import { DiagnosticError } from '../diagnostics.js';
import { buildCompiledModel, buildModel } from '../load.js';
import { resolveSource } from '../names/index.js';
import type { Model } from '../check/model.js';

const spec = (init: string, assume = 'TRUE'): string => `---- MODULE M ----
EXTENDS Naturals
VARIABLE x
Pos == {n \\in Nat : n > 0}
ASSUME ${assume}
Init == x = ${init}
Next == UNCHANGED x
====
`;

async function models(source: string): Promise<[string, () => Promise<Model>][]> {
  const module = await resolveSource(source, 'M.tla');
  const config = parseConfig('INIT Init\nNEXT Next\n', 'M.cfg');
  return [
    ['interpreted', async () => buildModel(module, config)],
    ['compiled', () => buildCompiledModel(module, config)],
  ];
}

async function initialX(model: Model): Promise<string> {
  return [...model.initialStates()].map((s) => model.formatState(s)[0]!.value).join(' ');
}

async function errorCode(build: () => Promise<Model>): Promise<string> {
  try {
    await initialX(await build());
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const d = e.diagnostics[0]!;
    return `${d.code} ${d.span?.line}:${d.span?.col}`;
  }
  return 'no error';
}

t.test('membership in a filter of Nat, directly and as the range of [S -> T]', async (t) => {
  // TLC: PrintT(<<3 \in Pos, 0 \in Pos, [i \in {1,2} |-> i] \in [{1,2} -> Pos], [i \in {1,2} |-> i - 1] \in [{1,2} -> Pos]>>)
  // prints <<TRUE, FALSE, TRUE, FALSE>>.
  const init = '<<3 \\in Pos, 0 \\in Pos, [i \\in {1, 2} |-> i] \\in [{1, 2} -> Pos], [i \\in {1, 2} |-> i - 1] \\in [{1, 2} -> Pos]>>';
  for (const [mode, build] of await models(spec(init, '[j \\in {"j1", "j2"} |-> 3] \\in [{"j1", "j2"} -> {n \\in Nat : n > 0}]'))) {
    t.equal(await initialX(await build()), '<<TRUE, FALSE, TRUE, FALSE>>', mode);
  }
});

t.test('an ASSUME that a function is outside the filter is false', async (t) => {
  for (const [mode, build] of await models(spec('0', '[j \\in {"j1"} |-> 0] \\in [{"j1"} -> {n \\in Nat : n > 0}]'))) {
    t.equal(await errorCode(build), 'E3005 5:1', `${mode}: the ASSUME is false`);
  }
});

t.test('enumerating it is E3007, as TLC ("Attempted to enumerate { x \\in S : p(x) } when S: Nat is not enumerable")', async (t) => {
  for (const [mode, build] of await models(spec('CHOOSE n \\in Pos : TRUE'))) {
    t.equal(await errorCode(build), 'E3007 6:26', `${mode}: at the set`);
  }
});

t.test('a filter reading a bound name of its context stays lazy with the value the name has there, as TLC keeps the context', async (t) => {
  // TLC: PrintT of these three prints <<<<FALSE, FALSE, TRUE>>, <<{1, 2}, {2}>>, <<FALSE, TRUE>>>>; the
  // last keeps each lazy set in a function, read after k has moved on (E3007 for all three before).
  const init =
    '<<[k \\in {1, 2, 3} |-> {2} \\subseteq {n \\in Nat : n < k}], [k \\in {1, 2} |-> {0, 1, 2} \\cap {n \\in Nat : n >= k}], ' +
    'LET f == [k \\in {1, 2} |-> {n \\in Nat : n < k}] IN <<1 \\in f[1], 1 \\in f[2]>> >>';
  for (const [mode, build] of await models(spec(init))) {
    t.equal(await initialX(await build()), '<<<<FALSE, FALSE, TRUE>>, <<{1, 2}, {2}>>, <<FALSE, TRUE>>>>', mode);
  }
});
