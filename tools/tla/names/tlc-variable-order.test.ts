// TLC's order of a spec's variables (SANY's getVariableDecls) against SANY's own answers, and the
// simulated java.util.Hashtable against Java's. Every expected value was recorded once outside the
// repository (Java 17's String.hashCode and Hashtable; SANY from tla2tools.jar run on each spec and
// printing ModuleNode.getVariableDecls() of the root module); neither runs here.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot } from '../../../conventions/index.js';
import type { Module } from '../syntax/ast.js';
import { parseModule } from '../syntax/parse.js';
import { resolveSpec } from './resolve.js';
import { JavaHashtable, javaStringHash, sanySymbolTable } from './tlc-variable-order.js';

const testdata = fromRepoRoot('tools/tla/names/testdata/tlc-order');

t.test("javaStringHash is Java's String.hashCode over UTF-16 code units", async (t) => {
  const java: [string, number][] = [
    ['', 0], ['x', 120], ['big', 97536], ['small', 109548807], ['\\leq', 2847804], ['I!Op', 2209017], ['tmPrepared', -1979679274],
    ['é', 233], ['∈', 8712], ['𝔸', 1772451], ['a_very_long_variable_name_indeed_0123456789', 532865206],
  ];
  for (const [s, hash] of java) t.equal(javaStringHash(s), hash, JSON.stringify(s));
});

t.test("JavaHashtable enumerates as java.util.Hashtable: four rehashes, keys put again kept in place", async (t) => {
  const table = new JavaHashtable<{ id: string; hashName: string }>();
  const put = (name: string) => table.put({ id: name, hashName: name });
  for (let i = 0; i < 60; i++) put(`v${i}`);
  for (let i = 0; i < 60; i += 2) put(`v${i}`);
  for (let i = 0; i < 60; i++) put(`w${(i * 7919) % 1000}`);
  const java = `w788 w137 w626 w785 w623 v19 v18 v17 w193 v16 v15 v14 v13 w919 w190 v12 v11 v10 w489 w327 w975 w813 w383 w221 w380
    w679 w517 w676 w514 w570 w869 w218 w707 w866 w704 w274 w112 w271 w760 w56 v59 w408 v58 v57 v56 v55 w3 v54 v53 v52 w0 v51 v50 w464
    w302 w461 w950 w109 w757 w165 v9 v8 v49 w651 v7 v48 v6 v47 v5 v46 v4 v45 v3 v44 v2 v43 v1 v42 w947 v0 v41 v40 w355 w352 w841 v39
    v38 w31 v37 w545 v36 v35 v34 w542 v33 v32 v31 v30 w838 w246 w894 w732 w28 v29 v28 v27 v26 w84 v25 w598 v24 v23 v22 w436 w595 v21
    v20 w433 w922 w299`;
  t.same(table.enumerate().map((k) => k.id), java.split(/\s+/));
});

/** SANY's getVariableDecls() of each root module, as recorded. */
const sany: [string, string][] = [
  // Two variables, three, four: the corpus specs whose traces tlc-recorded compares with TLC's.
  ['tools/tla/corpus/DieHard.tla', 'big,small'],
  ['tools/tla/corpus/TwoPhase.tla', 'msgs,rmState,tmState,tmPrepared'],
  ['tools/tla/corpus/MSICoherence.tla', 'mem,cdata,last,cstate'],
  ['tools/tla/corpus/Peterson.tla', 'flag,pc,turn'],
  ['tools/tla/corpus/RingElection.tla', 'inbox,leader,initiated'],
  // Forty variables: the table grows past 100 buckets.
  ['tools/tla/names/testdata/tlc-order/ManyVariables.tla',
    'msgs,matchIndex,epoch,term,owner,done,lock,buffer,stack,outbox,timer,acks,waiting,role,seq,tail,phase,inbox,round,lastApplied,' +
    'nextIndex,pc,head,x1,x2,x3,x4,x5,x6,x7,x8,x9,leader,count,commitIndex,queue,log,clock,votes,x10'],
  // Sixteen standard and community modules extended: their symbols, LOCAL INSTANCEs included, come first.
  ['tools/tla/names/testdata/tlc-order/LongExtends.tla', 'eta,theta,epsilon,gamma,zeta,alpha,beta,delta'],
  // EXTENDS of a module with variables; named, parameterized, LOCAL and unnamed INSTANCEs; a nested module; theorems.
  ['tools/tla/names/testdata/tlc-order/Instances.tla', 'romeo,victor,baseCount,zulu,xray,yankee,quebec,tango,papa,whiskey,other,sierra,part,baseLog,uniform'],
  ['tools/tla/names/testdata/tlc-order/OrderParts.tla', 'other,part'],
  // Operator symbols under SANY's canonical names (\leq, \odot, \otimes, \oslash, \ominus, \o).
  ['tools/tla/names/testdata/tlc-order/Symbols.tla', 'back,front,right,left,up,down'],
];

for (const [file, recorded] of sany) {
  t.test(`${file}: the variables in SANY's order`, async (t) => {
    const m = await resolveSpec(fromRepoRoot(file));
    const order = m.tlcVariableOrder.map((i) => m.variables[i]!.name).join(',');
    t.equal(order, recorded);
    t.not(m.variables.map((v) => v.name).join(','), recorded, 'the declaration order differs, so the case tells the orders apart');
  });
}

t.test('a module after the root in its file is a module of its own, not one nested in the root', async (t) => {
  // As in BufferedRandomAccessFile of tlaplus/Examples. SANY's answer: left before x; with After
  // nested in the root (its name one key more in the root's table), SANY's answer is x before left.
  const m = await resolveSpec(join(testdata, 'Siblings.tla'));
  t.same(m.tlcVariableOrder.map((i) => m.variables[i]!.name), ['left', 'x']);
});

/** The top-level modules of the folder's files: each file's module and those written after its end. */
async function topLevelModules(): Promise<Map<string, Module>> {
  const modules = new Map<string, Module>();
  for (const file of readdirSync(testdata).filter((f) => f.endsWith('.tla'))) {
    const module = await parseModule(readFileSync(join(testdata, file), 'utf8'), join(testdata, file));
    modules.set(module.name.name, module);
    for (const unit of module.units) if (unit.kind === 'module' && unit.span.line > module.span.endLine) modules.set(unit.module.name.name, unit.module);
  }
  return modules;
}

t.test("the whole symbol table in SANY's enumeration order: built-ins, standard modules, EXTENDS, INSTANCEs, theorems, nested modules", async (t) => {
  const modules = await topLevelModules();
  for (const file of readdirSync(testdata).filter((f) => f.endsWith('.sany'))) {
    const recorded = readFileSync(join(testdata, file), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    t.same(sanySymbolTable(file.replace(/\.sany$/, ''), modules).map((s) => s.key), recorded, `${file}: SANY's ${recorded.length} names`);
  }
});
