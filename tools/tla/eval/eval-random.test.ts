// Random expressions over integers, booleans and sets of integers, evaluated by the interpreter
// and by a reference written directly in JS: they must agree (fast-check, fixed seed).
import t from 'tap';
import fc from 'fast-check';
import { resolveSource } from '../names/index.js';
import { seededRandom } from '../stdlib/index.js';
import { formatValue, setOf, startStringOrder, valuesEqual, type Value } from '../values/index.js';
import { EvalContext, Interpreter } from './index.js';

/** An expression as TLA+ text and its value computed in JS. */
interface Sample {
  text: string;
  value: number | boolean | number[];
}

const set = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/**
 * `text` (a closed expression) with its bound `name`, `name1`, ... renamed one level deeper, for use
 * in the scope of a binder `name`: TLA+ forbids declaring a name again in its scope.
 */
const deeper = (text: string, name: string): string => text.replace(new RegExp(`\\b${name}(\\d*)\\b`, 'g'), (_, level: string) => `${name}${Number(level || 0) + 1}`);

const intArb: fc.Arbitrary<Sample> = fc.letrec<{ int: Sample; bool: Sample; set: Sample }>((tie) => ({
  int: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 5 }).map((n) => ({ text: String(n), value: n })),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => ({ text: `(${a.text} + ${b.text})`, value: (a.value as number) + (b.value as number) })),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => ({ text: `(${a.text} - ${b.text})`, value: (a.value as number) - (b.value as number) })),
    fc.tuple(tie('bool'), tie('int'), tie('int')).map(([c, a, b]) => ({ text: `(IF ${c.text} THEN ${a.text} ELSE ${b.text})`, value: c.value ? a.value : b.value })),
    tie('set').map((s) => ({ text: `Cardinality(${s.text})`, value: (s.value as number[]).length })),
  ),
  bool: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((b) => ({ text: b ? 'TRUE' : 'FALSE', value: b })),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => ({ text: `(${a.text} < ${b.text})`, value: (a.value as number) < (b.value as number) })),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => ({ text: `(${a.text} = ${b.text})`, value: a.value === b.value })),
    fc.tuple(tie('int'), tie('set')).map(([a, s]) => ({ text: `(${a.text} \\in ${s.text})`, value: (s.value as number[]).includes(a.value as number) })),
    fc.tuple(tie('set'), tie('set')).map(([s, u]) => ({ text: `(${s.text} \\subseteq ${u.text})`, value: (s.value as number[]).every((x) => (u.value as number[]).includes(x)) })),
    fc.tuple(tie('bool'), tie('bool')).map(([a, b]) => ({ text: `(${a.text} /\\ ${b.text})`, value: (a.value as boolean) && (b.value as boolean) })),
    fc.tuple(tie('bool'), tie('bool')).map(([a, b]) => ({ text: `(${a.text} \\/ ${b.text})`, value: (a.value as boolean) || (b.value as boolean) })),
    tie('bool').map((a) => ({ text: `(~${a.text})`, value: !a.value })),
    fc.tuple(tie('set'), tie('int')).map(([s, a]) => ({ text: `(\\E x \\in ${s.text} : x > ${deeper(a.text, 'x')})`, value: (s.value as number[]).some((x) => x > (a.value as number)) })),
    fc.tuple(tie('set'), tie('int')).map(([s, a]) => ({ text: `(\\A x \\in ${s.text} : x >= ${deeper(a.text, 'x')})`, value: (s.value as number[]).every((x) => x >= (a.value as number)) })),
  ),
  set: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.array(tie('int'), { maxLength: 3 }).map((xs) => ({ text: `{${xs.map((x) => x.text).join(', ')}}`, value: set(xs.map((x) => x.value as number)) })),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => {
      const [lo, hi] = [a.value as number, b.value as number];
      return { text: `(${a.text}..${b.text})`, value: Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i) };
    }),
    fc.tuple(tie('set'), tie('set')).map(([s, u]) => ({ text: `(${s.text} \\cup ${u.text})`, value: set([...(s.value as number[]), ...(u.value as number[])]) })),
    fc.tuple(tie('set'), tie('set')).map(([s, u]) => ({ text: `(${s.text} \\cap ${u.text})`, value: (s.value as number[]).filter((x) => (u.value as number[]).includes(x)) })),
    fc.tuple(tie('set'), tie('set')).map(([s, u]) => ({ text: `(${s.text} \\ ${u.text})`, value: (s.value as number[]).filter((x) => !(u.value as number[]).includes(x)) })),
    fc.tuple(tie('set'), tie('int')).map(([s, a]) => ({ text: `{y \\in ${s.text} : y # ${deeper(a.text, 'y')}}`, value: (s.value as number[]).filter((y) => y !== a.value) })),
    tie('set').map((s) => ({ text: `{z + 1 : z \\in ${s.text}}`, value: set((s.value as number[]).map((z) => z + 1)) })),
  ),
})).int;

async function interpret(text: string): Promise<Value> {
  const module = await resolveSource(`---- MODULE R ----\nEXTENDS Integers, FiniteSets\nE == ${text}\n====\n`, 'R.tla');
  const interp = new Interpreter(module, { constants: [] });
  return interp.evalDef(0, new EvalContext({ print: () => {}, random: seededRandom(0), registers: new Map(), strings: startStringOrder() }));
}

t.test('the interpreter agrees with a JS reference on random expressions', async (t) => {
  const seed = 20261127;
  const samples = fc.sample(fc.oneof(intArb, intArb.map((i) => ({ text: `{${i.text}, 7}`, value: set([i.value as number, 7]) }))), { seed, numRuns: 80 });
  for (const sample of samples) {
    const expected: Value = Array.isArray(sample.value) ? setOf([...sample.value]) : sample.value;
    const actual = await interpret(sample.text);
    if (!valuesEqual(actual, expected)) {
      t.fail(`${sample.text}: interpreter ${formatValue(actual)}, reference ${formatValue(expected)} (fast-check seed ${seed})`);
      return;
    }
  }
  t.pass(`${samples.length} random expressions agree (fast-check seed ${seed})`);
});
