// The standard modules against the values TLA+ defines (expected values worked out from the
// modules' definitions in Specifying Systems, ch. 18, and TLC's TLC.tla/Bags.tla).
import t, { type Test } from 'tap';
import {
  ValueError,
  fcnFromPairs,
  formatValue,
  interval,
  record,
  setOf,
  startStringOrder,
  subsetSet,
  tuple,
  valuesEqual,
  type Value,
} from '../values/index.js';
import { standardOperator, seededRandom, type StdArg, type StdContext } from './index.js';
import type { StandardModuleName } from './standard-modules.js';

function context(printed: string[] = []): StdContext {
  return { print: (s) => void printed.push(s), random: seededRandom(1), registers: new Map(), strings: startStringOrder() };
}

function call(module: StandardModuleName | 'TLA+', name: string, args: StdArg[], ctx = context()): Value {
  const op = standardOperator(module, name);
  if (!op) throw new Error(`no ${module}!${name}`);
  return op.call(args, ctx);
}

function show(module: StandardModuleName | 'TLA+', name: string, ...args: StdArg[]): string {
  return formatValue(call(module, name, args));
}

function throwsCode(t: Test, fn: () => unknown, code: string): void {
  try {
    fn();
    t.fail(`expected ${code}`);
  } catch (e) {
    t.equal(e instanceof ValueError ? e.code : String(e), code, code);
  }
}

t.test('Naturals and Integers, with TLC overflow and division rules', async (t) => {
  t.equal(call('Naturals', '+', [2, 3]), 5);
  t.equal(call('Integers', '-.', [4]), -4);
  t.equal(call('Integers', '\\div', [-7, 2]), -4, 'floor division');
  t.equal(call('Integers', '%', [-7, 2]), 1, '% is in 0..b-1');
  t.equal(call('Naturals', '^', [2, 10]), 1024);
  t.equal(show('Naturals', '..', 2, 4), '2..4');
  throwsCode(t, () => call('Naturals', '+', [2147483647, 1]), 'E3002');
  throwsCode(t, () => call('Naturals', '*', [65536, 65536]), 'E3002');
  throwsCode(t, () => call('Naturals', '%', [1, 0]), 'E3001');
  throwsCode(t, () => call('Naturals', '+', [1, 'a']), 'E3001');
  t.equal(call('Naturals', '<=', [3, 3]), true);
});

t.test('Sequences', async (t) => {
  const s = tuple([1, 2, 3, 4]);
  t.equal(show('Sequences', 'SubSeq', s, 2, 3), '<<2, 3>>');
  t.equal(show('Sequences', 'SubSeq', s, 3, 2), '<<>>', 'm > n gives the empty sequence');
  throwsCode(t, () => call('Sequences', 'SubSeq', [s, 0, 2]), 'E3003');
  t.equal(show('Sequences', '\\o', tuple([1]), tuple([2, 3])), '<<1, 2, 3>>');
  t.equal(show('Sequences', 'Append', tuple([]), 'x'), '<<"x">>');
  t.equal(call('Sequences', 'Head', [s]), 1);
  t.equal(show('Sequences', 'Tail', s), '<<2, 3, 4>>');
  throwsCode(t, () => call('Sequences', 'Head', [tuple([])]), 'E3003');
  t.equal(call('Sequences', 'Len', [fcnFromPairs([[2, 'b'], [1, 'a']])]), 2, 'a function on 1..2 is a sequence');
  t.equal(show('Sequences', 'SelectSeq', s, (x: Value) => (x as number) % 2 === 0), '<<2, 4>>');
  throwsCode(t, () => call('Sequences', 'Len', [record([['a', 1]])]), 'E3001');
});

// TLC's answers (TLC2 built from the public tools source, `ASSUME PrintT(e)` per expression): a
// string is a sequence of characters for Len, \o between strings, Tail and SubSeq, and for no other.
t.test('Sequences operators on strings, as TLC', async (t) => {
  t.equal(call('Sequences', '\\o', ['zz', '1']), 'zz1');
  t.equal(call('Sequences', '\\o', ['', '']), '');
  t.equal(call('Sequences', 'Len', ['abc']), 3);
  t.equal(call('Sequences', 'Len', ['']), 0);
  t.equal(call('Sequences', 'Tail', ['abc']), 'bc');
  t.equal(call('Sequences', 'SubSeq', ['abcd', 2, 3]), 'bc');
  t.equal(call('Sequences', 'SubSeq', ['abcd', 3, 2]), '');
  throwsCode(t, () => call('Sequences', 'SubSeq', ['abcd', 0, 2]), 'E3003');
  throwsCode(t, () => call('Sequences', '\\o', ['', tuple([])]), 'E3001');
  throwsCode(t, () => call('Sequences', '\\o', [tuple([]), '']), 'E3001');
  throwsCode(t, () => call('Sequences', 'Head', ['abc']), 'E3001');
  throwsCode(t, () => call('Sequences', 'Append', ['ab', 'c']), 'E3001');
});

t.test('FiniteSets', async (t) => {
  t.equal(call('FiniteSets', 'Cardinality', [subsetSet(interval(1, 5))]), 32, 'Cardinality(SUBSET 1..5) = 2^5');
  t.equal(call('FiniteSets', 'Cardinality', [setOf([3, 1, 3])]), 2);
  t.equal(call('FiniteSets', 'IsFiniteSet', [call('Naturals', 'Nat', [])]), false);
});

t.test('TLC', async (t) => {
  t.equal(show('TLC', '@@', call('TLC', ':>', [1, 'a']), call('TLC', ':>', [1, 'b'])), '<<"a">>', 'f @@ g prefers f');
  t.equal(show('TLC', '@@', call('TLC', ':>', [2, 'b']), call('TLC', ':>', [0, 'a'])), '(0 :> "a" @@ 2 :> "b")');
  const perms = call('TLC', 'Permutations', [setOf([1, 2, 3])]);
  t.equal(call('FiniteSets', 'Cardinality', [perms]), 6, '3! permutations');
  t.ok(valuesEqual(perms, setOf([tuple([1, 2, 3]), tuple([1, 3, 2]), tuple([2, 1, 3]), tuple([2, 3, 1]), tuple([3, 1, 2]), tuple([3, 2, 1])])));
  t.equal(show('TLC', 'SortSeq', tuple([3, 1, 2]), (a: Value, b: Value) => (a as number) > (b as number)), '<<3, 2, 1>>');
  t.equal(show('TLC', 'ToString', record([['a', 1]])), '"[a |-> 1]"');
  const printed: string[] = [];
  t.equal(call('TLC', 'Print', ['hello', 7], context(printed)), 7);
  t.same(printed, ['"hello"  7'], 'TLC prints both arguments, two spaces apart');
  throwsCode(t, () => call('TLC', 'Assert', [false, 'boom']), 'E3005');
  const picks = [0, 1, 2].map(() => call('TLC', 'RandomElement', [interval(1, 100)], context()));
  t.same(picks, [picks[0], picks[0], picks[0]], 'RandomElement is deterministic from the seed');
  const ctx = context();
  call('TLC', 'TLCSet', [3, 'x'], ctx);
  t.equal(call('TLC', 'TLCGet', [3], ctx), 'x');
  throwsCode(t, () => call('TLC', 'TLCGet', ['level']), 'E3001');
  t.equal(call('TLC', 'TLCGet', ['-Dtlc2.tool.impl.Tool.cdot']), 'true', 'the property that enables \\cdot in TLC: always on here');
});

t.test('TLCExt, by the meaning TLCExt.tla gives each operator', async (t) => {
  // AssertEq(a, b) == IF a # b THEN PrintT("Assertion failed") /\ PrintT(a) /\ PrintT(b) /\ a = b ELSE a = b
  const printed: string[] = [];
  t.equal(call('TLCExt', 'AssertEq', [setOf([1, 2]), setOf([2, 1])], context(printed)), true);
  t.same(printed, [], 'nothing printed when equal');
  t.equal(call('TLCExt', 'AssertEq', [tuple([1]), tuple([2])], context(printed)), false);
  t.same(printed, ['"Assertion failed"', '<<1>>', '<<2>>']);
  const ctx = context();
  t.equal(call('TLCExt', 'TLCGetOrDefault', [4, 'none'], ctx), 'none', 'an unset register gives the default');
  // TLCGetAndSet(key, Op, val, d) == LET old == TLCGetOrDefault(key, d) IN CHOOSE v \in {old} : TLCSet(key, Op(old, val))
  const plus = (a: Value, b: Value) => (a as number) + (b as number);
  t.equal(call('TLCExt', 'TLCGetAndSet', [4, plus, 5, 10], ctx), 10, 'the old value (the default)');
  t.equal(call('TLCExt', 'TLCGetAndSet', [4, plus, 5, 10], ctx), 15, 'Op(old, val) was stored');
  t.equal(call('TLCExt', 'TLCGetOrDefault', [4, 0], ctx), 20);
  const m = call('TLCExt', 'TLCModelValue', ['p1']);
  t.ok(valuesEqual(m, call('TLCExt', 'TLCModelValue', ['p1'])), 'the same name, the same model value');
  t.notOk(valuesEqual(m, 'p1'), 'a model value, not the string');
  throwsCode(t, () => call('TLCExt', 'TLCModelValue', [1]), 'E3001');
  t.equal(call('TLCExt', 'TLCNoOp', [7]), 7);
  t.equal(call('TLCExt', 'TLCCache', [7, record([['k', 1]])]), 7);
  for (const [name, args] of [['Trace', []], ['CounterExample', []], ['PickSuccessor', [true]], ['TLCFP', [1]], ['TLCDefer', [true]], ['AssertError', ['e', true]]] as const) {
    throwsCode(t, () => call('TLCExt', name, [...args]), 'E1002');
  }
  throwsCode(t, () => call('Json', 'JsonSerialize', ['f.json', 1]), 'E1002');
});

t.test('Bags', async (t) => {
  const b = call('Bags', 'SetToBag', [setOf(['a', 'b'])]);
  const bb = call('Bags', '(+)', [b, call('Bags', 'SetToBag', [setOf(['a'])])]);
  t.equal(formatValue(bb), '[a |-> 2, b |-> 1]');
  t.equal(call('Bags', 'BagCardinality', [bb]), 3);
  t.equal(call('Bags', 'CopiesIn', ['a', bb]), 2);
  t.equal(formatValue(call('Bags', '(-)', [bb, b])), '[a |-> 1]');
  t.equal(call('Bags', '\\sqsubseteq', [b, bb]), true);
  t.equal(call('FiniteSets', 'Cardinality', [call('Bags', 'SubBag', [bb])]), 6, '(2+1) * (1+1) sub-bags');
  t.equal(formatValue(call('Bags', 'BagOfAll', [() => 'k', bb])), '[k |-> 3]');
  t.equal(call('Bags', 'IsABag', [tuple([0])]), false);
});
