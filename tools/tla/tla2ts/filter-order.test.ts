// A set filter whose predicate cannot tell the order it is evaluated in is compiled to
// rt.filterInAnyOrder (names/levels.ts orderFreeDefinitions): its elements are not put in TLC's
// order first, except to find the error TLC reports first (differential/testdata/FilterOrder, TLC's
// report). A definition reading only some variables is remembered across states holding the same
// values of them (runtime.ts entriesHold): the answers here are those of each state.
import t from 'tap';
import { checkModel } from '../check/check.js';
import { resolveSource } from '../names/index.js';
import { modelFromText } from '../test-models.js';
import { emitModule } from './emit.js';

t.test('only filters that cannot tell their order are compiled to filterInAnyOrder', async (t) => {
  const module = await resolveSource(
    [
      '---- MODULE Filters ----',
      'EXTENDS Naturals, TLC',
      'VARIABLE x',
      'Big(s) == s > 1',
      'Pure(S) == {s \\in S : s > 1}',
      'ThroughDef(S) == {s \\in S : Big(s)}',
      'Loud(S) == {s \\in S : PrintT(s)}',
      'LoudBeneath(S) == {s \\in S : Pure({s}) = {}}',
      'Quiet(S) == {s \\in S : Loud({s}) = {}}',
      'Applied(F(_), S) == {s \\in S : F(s)}',
      'Random(S) == {s \\in S : RandomElement(S) = s}',
      'Init == x = 0',
      'Next == UNCHANGED x',
      '====',
    ].join('\n'),
    'Filters.tla',
  );
  const { source } = emitModule(module, { runtimeImport: './tla-runtime.js' });
  // Pure, ThroughDef and LoudBeneath (Pure has no Print); Loud, Quiet (through Loud), Applied and Random keep TLC's order.
  t.equal(source.split('rt.filterInAnyOrder(').length - 1, 3, 'three filters in any order');
  t.equal(source.split('rt.filter(').length - 1, 4, 'four in TLC order');
});

t.test('a definition remembered across states holding the same values of what it reads', async (t) => {
  const spec = [
    '---- MODULE Across ----',
    'EXTENDS Naturals, FiniteSets',
    'VARIABLE x, y',
    'Below(p) == {i \\in 0..y : i < p}',
    'Init == x = 0 /\\ y = 0',
    // y changes every other step, x at every one: Below(2) is asked in states sharing y's value and in states that do not.
    "Next == /\\ x < 5 /\\ x' = x + 1 /\\ y' = IF x % 2 = 0 THEN y ELSE y + 1",
    'Inv == Cardinality(Below(2)) = IF y >= 1 THEN 2 ELSE 1',
    'Bad == Cardinality(Below(2)) # 2 \\/ x < 4',
    '====',
  ].join('\n');
  for (const compiled of [false, true]) {
    const mode = compiled ? 'compiled' : 'interpreted';
    const holds = await checkModel(await modelFromText('Across', spec, 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n', {}, compiled));
    t.equal(`${holds.result}: ${holds.stats.statesGenerated} generated, ${holds.stats.distinctStates} distinct`, 'holds: 6 generated, 6 distinct', mode);
    const violated = await checkModel(await modelFromText('Across', spec, 'INIT Init\nNEXT Next\nINVARIANT Bad\nCHECK_DEADLOCK FALSE\n', {}, compiled));
    t.equal(violated.result, 'violated', `${mode}: Bad fails where x = 4 (y = 2)`);
    if (violated.result === 'violated') t.same(violated.violation.trace.at(-1)!.state, [4, 2], `${mode}: the state it fails in`);
  }
});
