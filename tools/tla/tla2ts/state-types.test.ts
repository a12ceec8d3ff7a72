// Types read from TypeOK: each form of the table in README.md gives its TypeScript type, a set
// tla2ts cannot read stays a Value with the reason in a comment, and `typedState` converts the
// checker's values to those types (and refuses, naming the variable, a value TypeOK rejects).
import t from 'tap';
import { parseConfig } from '../cfg/config.js';
import { bindConstants } from '../load.js';
import { resolveSource } from '../names/index.js';
import { fcnFromPairs, modelValue, recordFromSorted, setOf, tuple } from '../values/index.js';
import { constantEvaluator, renderStateTypes, stateTypes, typeInvariantOf } from './state-types.js';
import { typedState } from './typed-state.js';

const spec = `---- MODULE Typed ----
EXTENDS Integers, Sequences
CONSTANTS Procs, N, Weird
VARIABLES count, flag, mode, owner, held, map, log, pair, msgs, opaque, free, label, fault, names
Msg == [kind : {"req"}, from : Procs] \\cup [kind : {"ack", "nack"}]
Small == 0..N
Fault == [kind |-> "none", at |-> 0]
NoFault == <<>>
Named == {Fault.kind, "other"}
TypeOK == /\\ count \\in Small
          /\\ flag \\in BOOLEAN
          /\\ mode \\in {"idle", "busy"}
          /\\ owner \\in Procs \\cup {N}
          /\\ held \\subseteq Procs
          /\\ map \\in [Procs -> Nat]
          /\\ log \\in Seq(STRING)
          /\\ pair \\in Procs \\X {x \\in Int : x > 0}
          /\\ msgs \\subseteq Msg
          /\\ opaque \\in Weird
          /\\ label \\in {"a"} \\cup STRING
          /\\ fault \\in {Fault} \\cup [Procs -> {NoFault} \\cup {<<1, "x">>}]
          /\\ names \\in SUBSET Named
====`;
const cfg = 'CONSTANTS Procs = {p1, p2}\n N = 3\n Weird = {{}}\nINVARIANT TypeOK\n';

t.test('each TypeOK form gives its type; what cannot be read stays a Value, saying why', async (t) => {
  const module = await resolveSource(spec, '/virtual/Typed.tla');
  const config = parseConfig(cfg, '/virtual/Typed.cfg');
  const types = stateTypes(module, typeInvariantOf(module, ['TypeOK']), constantEvaluator(module, bindConstants(module, config)));
  const rendered = renderStateTypes(module.variables.map((v) => v.name), types);
  const field = (name: string) => new RegExp(`readonly "${name}": ([^;]*);`).exec(rendered)?.[1];
  t.equal(field('count'), 'number', 'a definition of a..b');
  t.equal(field('flag'), 'boolean');
  t.equal(field('mode'), '"idle" | "busy"');
  t.equal(field('owner'), '(ModelValue) | (number)', 'a CONSTANT of model values united with an integer constant');
  t.equal(field('held'), 'ReadonlySet<ModelValue>');
  t.equal(field('map'), 'ReadonlyMap<ModelValue, number>');
  t.equal(field('log'), 'readonly (string)[]');
  t.equal(field('pair'), 'readonly [ModelValue, number]');
  t.equal(field('msgs'), 'ReadonlySet<(MsgReqRecord) | (MsgRecord)>');
  t.match(rendered, /export interface MsgReqRecord \{\n {2}readonly "from": ModelValue;\n {2}readonly "kind": "req";\n\}/);
  t.match(rendered, /export interface MsgRecord \{\n {2}readonly "kind": "ack" \| "nack";\n\}/);
  t.equal(field('opaque'), 'Value /* the elements of the set on line 19 are not all of one shape tla2ts can name */', 'a set of sets without elements');
  t.equal(field('fault'), '(FaultNoneRecord) | (ReadonlyMap<ModelValue, (readonly []) | (readonly [number, "x"])>)', 'types read from the values of definitions and CONSTANTs');
  t.match(rendered, /export interface FaultNoneRecord \{\n {2}readonly "at": number;\n {2}readonly "kind": "none";\n\}/);
  t.equal(field('names'), 'ReadonlySet<"none" | "other">', 'a constant set of strings lists them');
  t.equal(field('free'), 'Value /* TypeOK has no conjunct `free \\in S` or `free \\subseteq S` */');
  t.equal(field('label'), 'string', 'literals united with STRING are any string');

  const p1 = modelValue('p1');
  const p2 = modelValue('p2');
  const values = [
    2, true, 'busy', p1, setOf([p1, p2]), fcnFromPairs([[p1, 0], [p2, 7]]), tuple(['x', 'y']), tuple([p2, 4]),
    setOf([recordFromSorted(['from', 'kind'], [p1, 'req']), recordFromSorted(['kind'], ['ack'])]), setOf([]), 5, 'z', recordFromSorted(['at', 'kind'], [0, 'none']), setOf(['other']),
  ];
  const state = typedState(module.variables.map((v) => v.name), types, values);
  t.same(state, {
    count: 2, flag: true, mode: 'busy', owner: p1, held: new Set([p1, p2]), map: new Map([[p1, 0], [p2, 7]]), log: ['x', 'y'], pair: [p2, 4],
    msgs: new Set([{ kind: 'ack' }, { from: p1, kind: 'req' }]), opaque: setOf([]), free: 5, label: 'z', fault: { at: 0, kind: 'none' }, names: new Set(['other']),
  });
  t.throws(() => typedState(module.variables.map((v) => v.name), types, values.map((v, i) => (i === 2 ? 'asleep' : v))), /the variable mode is "asleep", which is not of the type tla2ts read from TypeOK: TypeOK does not hold/);
  t.throws(() => typedState(module.variables.map((v) => v.name), types, values.map((v, i) => (i === 8 ? setOf([recordFromSorted(['kind'], ['req'])]) : v))), /the variable msgs is/, 'a record of neither shape');
});

t.test('without a type invariant, or without the .cfg binding a CONSTANT, the fields are Values with the reason', async (t) => {
  const module = await resolveSource(spec.replace('TypeOK ==', 'Shape =='), '/virtual/Typed.tla');
  t.equal(typeInvariantOf(module, []), undefined);
  const untyped = renderStateTypes(module.variables.map((v) => v.name), stateTypes(module, undefined, () => undefined));
  t.match(untyped, /readonly "count": Value \/\* no type invariant \(TypeOK\) was read for this module \*\/;/);
  const withTypeOk = await resolveSource(spec, '/virtual/Typed.tla');
  const unbound = renderStateTypes(withTypeOk.variables.map((v) => v.name), stateTypes(withTypeOk, typeInvariantOf(withTypeOk, []), constantEvaluator(withTypeOk, { constants: withTypeOk.constants.map(() => undefined) })));
  t.match(unbound, /readonly "held": ReadonlySet<Value \/\* TypeOK bounds it by a set that is not a constant tla2ts can evaluate \(line 14\) \*\/>;/);
  t.match(unbound, /readonly "flag": boolean;/, 'what needs no constant is still typed');
});

t.test('DOMAIN f = D with \\A p \\in D bounding f[p] types f as a function from D', async (t) => {
  const module = await resolveSource(`---- MODULE Dom ----
EXTENDS Naturals, Sequences
CONSTANT Procs
VARIABLES chan, count, sets, bare, apart
Msg == [kind : {"req", "ack"}]
Range(s) == {s[i] : i \\in DOMAIN s}
TypeOK == /\\ DOMAIN chan = Procs /\\ \\A p \\in Procs : Range(chan[p]) \\subseteq Msg
          /\\ DOMAIN count = Procs
          /\\ \\A p \\in DOMAIN count : count[p] \\in Nat
          /\\ \\A p \\in Procs : sets[p] \\subseteq 1..3 /\\ sets[p] # {}
          /\\ DOMAIN sets = Procs
          /\\ DOMAIN bare = Procs
          /\\ DOMAIN apart = Procs /\\ \\A p \\in {} : apart[p] \\in Nat
====`, '/virtual/Dom.tla');
  const config = parseConfig('CONSTANTS Procs = {p1, p2}\nINVARIANT TypeOK\n', '/virtual/Dom.cfg');
  const types = stateTypes(module, typeInvariantOf(module, ['TypeOK']), constantEvaluator(module, bindConstants(module, config)));
  const rendered = renderStateTypes(module.variables.map((v) => v.name), types);
  const field = (name: string) => new RegExp(`readonly "${name}": ([^;]*);`).exec(rendered)?.[1];
  t.equal(field('chan'), 'ReadonlyMap<ModelValue, (readonly (MsgRecord)[]) | (ReadonlyMap<Value /* TypeOK bounds only the range (line 7) */, MsgRecord>)>', 'Range(f[p]): a sequence, or a function');
  t.equal(field('count'), 'ReadonlyMap<ModelValue, number>', '\\A over DOMAIN f');
  t.equal(field('sets'), 'ReadonlyMap<ModelValue, ReadonlySet<number>>', 'f[p] \\subseteq S, the DOMAIN conjunct after the \\A');
  t.equal(field('bare'), 'ReadonlyMap<ModelValue, Value /* TypeOK gives the domain of bare but no \\A over it bounding its values */>');
  t.equal(field('apart'), 'ReadonlyMap<ModelValue, Value /* TypeOK gives the domain of apart but no \\A over it bounding its values */>', 'an \\A over another set says nothing of the domain');
  const p1 = modelValue('p1');
  const ack = recordFromSorted(['kind'], ['ack']);
  const state = typedState(module.variables.map((v) => v.name), types, [
    fcnFromPairs([[p1, tuple([ack])]]), fcnFromPairs([[p1, 3]]), fcnFromPairs([[p1, setOf([2])]]), fcnFromPairs([[p1, 'x']]), fcnFromPairs([[p1, 0]]),
  ]);
  t.same(state.chan, new Map([[p1, [{ kind: 'ack' }]]]));
  t.same(state.sets, new Map([[p1, new Set([2])]]));
  t.throws(() => typedState(module.variables.map((v) => v.name), types, [fcnFromPairs([[p1, tuple([1])]]), fcnFromPairs([[p1, 3]]), fcnFromPairs([[p1, setOf([])]]), 0, 0]), /the variable chan is/);
});
