// The executable module tla2ts writes with a .cfg: its TypeScript form type-checks; a hostile spec
// injects nothing; it loads with its spec gone. That it agrees with the checker's model on every
// corpus model and spec/ configuration: bind-executable-models-*of*.test.ts.
import t from 'tap';
import ts from 'typescript';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../../conventions/index.js';
import { emit, models, type Executable } from './testing/executable-module.js';

t.test('the TypeScript form of an executable module of every spec type-checks against the runtime', async (t) => {
  // Virtual files in the source tree's tla2ts folder, so that their imports resolve to runtime.ts.
  const dir = join(repoRoot, 'tools/tla/tla2ts');
  const files = new Map<string, string>();
  // One configuration per spec: the code and types differ little between a spec's configurations, and
  // each file embeds its spec, so checking them all would cost minutes of CPU for nothing new.
  const onePerSpec = models.filter((m, i) => models.findIndex((o) => o.spec === m.spec) === i);
  for (const [i, m] of onePerSpec.entries()) files.set(join(dir, `generated-executable-${i}.ts`), (await emit(m.spec, m.cfg, 'source')).source);
  // noUnused*: a user's strict project compiles the output as it is
  const options: ts.CompilerOptions = { strict: true, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? read(name);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || exists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName));
  t.same(errors.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`), [], 'no type errors in the generated modules');
  t.match([...files.values()][0], /export async function load\(options: BindOptions = \{\}\): Promise<Executable>/);
});

const hostileSpec = [
  '---- MODULE Hostile ----',
  'VARIABLES constructor, __proto__',
  '(* */ console.log("pwned from a comment") /* *)',
  'Init == constructor = "\\" ); globalThis.pwned = 1; (\\"" /\\ __proto__ \\in {"`${globalThis.pwned = 2}`", "*/ globalThis.pwned = 3 /*"}',
  'toString == constructor\' = "line\\nbreak \u2028 </script>" /\\ UNCHANGED __proto__',
  'valueOf == __proto__\' = "${globalThis.pwned = 4}" /\\ UNCHANGED constructor',
  'Next == toString \\/ valueOf',
  'hasOwnProperty == __proto__ /= "`"',
  '====',
].join('\n');

t.test('a hostile spec cannot inject code into the executable module', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-hostile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Hostile.tla'), hostileSpec);
  writeFileSync(join(dir, 'Hostile.cfg'), 'INIT Init\nNEXT Next\nINVARIANT hasOwnProperty\n');
  const globals = globalThis as { pwned?: unknown };
  delete globals.pwned;
  for (const form of ['source', 'compiled'] as const) {
    const { source } = await emit(join(dir, 'Hostile.tla'), join(dir, 'Hostile.cfg'), form);
    t.notMatch(source, /console\.log/, 'comment text is not copied');
    const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, source);
    const identifiers: string[] = [];
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) if (token === ts.SyntaxKind.Identifier) identifiers.push(scanner.getTokenText());
    t.same(identifiers.filter((id) => ['globalThis', 'pwned', 'console'].includes(id)), [], `${form}: spec text appears only inside string literals`);
    if (form === 'compiled') writeFileSync(join(dir, 'Hostile.mjs'), source);
  }
  const exe = ((await import(pathToFileURL(join(dir, 'Hostile.mjs')).href)) as { load(): Promise<Executable> }).load();
  const spec = await exe;
  t.same(spec.actions.map((a) => a.name), ['toString', 'valueOf']);
  const [init] = spec.initialStates();
  // TLC's order: the literal written first is interned, hence enumerated, first (not the smaller by code units).
  t.same(init, ['" ); globalThis.pwned = 1; ("', '`${globalThis.pwned = 2}`'], 'strings are values');
  t.same(spec.actions[0]!.successors(init!), [['line\nbreak \u2028 </script>', '`${globalThis.pwned = 2}`']]);
  t.same(spec.actions[1]!.successors(init!), [['" ); globalThis.pwned = 1; ("', '${globalThis.pwned = 4}']]);
  t.equal(spec.invariants[0]!.holds(init!), true);
  t.equal(globals.pwned, undefined, 'loading and running the module ran nothing of the spec');
});

t.test('the executable module is self-contained: it loads with its spec and .cfg gone', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-alone-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Hostile.tla'), hostileSpec);
  writeFileSync(join(dir, 'Hostile.cfg'), 'INIT Init\nNEXT Next\n');
  writeFileSync(join(dir, 'Hostile.mjs'), (await emit(join(dir, 'Hostile.tla'), join(dir, 'Hostile.cfg'), 'compiled')).source);
  rmSync(join(dir, 'Hostile.tla'));
  rmSync(join(dir, 'Hostile.cfg'));
  const loaded = (await import(pathToFileURL(join(dir, 'Hostile.mjs')).href)) as { load(): Promise<Executable> };
  const spec = await loaded.load();
  t.same(spec.actions.map((a) => a.name), ['toString', 'valueOf']);
  t.equal(spec.initialStates().length, 2, 'one per string __proto__ may start as');
});
