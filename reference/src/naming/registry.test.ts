// The name directory as a state machine: register/lookup/forget in, bindings, persists and events out.
import t from 'tap';
import type { MutantName } from '../mutants.js';
import { StepContext } from '../step-context.js';
import { directoryNode, forgetProcess, loadRegistry, lookupAtDirectory, registerAtDirectory } from './registry.js';

const params = { zones: {}, retryIntervalNs: 1_000, callTimeoutNs: 100_000, dedupCapacity: 8 };
const context = (mutant?: MutantName) => new StepContext('n1', 0, 0, ['n1', 'n2', 'n3'], params, mutant);
const alive = new Set(['p1.0@n1', 'p1.0@n2']);
const mayBeAlive = (pid: string) => alive.has(pid);

t.test('register binds durably and reports Registered; lookup answers the pid', async (t) => {
  const state = loadRegistry({});
  const ctx = context();
  t.same(registerAtDirectory(state, ctx, 'svc', 'p1.0@n1', mayBeAlive), { kind: 'ok', value: {} });
  t.same(ctx.effects, [
    { kind: 'persist', key: 'name/svc', value: 'p1.0@n1' },
    { kind: 'event', event: { kind: 'Registered', name: 'svc', pid: 'p1.0@n1' } },
  ]);
  t.same(lookupAtDirectory(state, context(), 'svc', mayBeAlive), { kind: 'ok', value: { pid: 'p1.0@n1' } });
  t.same(lookupAtDirectory(loadRegistry({ 'name/svc': 'p1.0@n1' }), context(), 'svc', mayBeAlive), { kind: 'ok', value: { pid: 'p1.0@n1' } }, 'survives a restart');
});

t.test('a name bound to a live process is taken; bound to a dead one, it is free', async (t) => {
  const state = loadRegistry({ 'name/svc': 'p1.0@n1', 'name/old': 'p9.0@n3' });
  t.match(registerAtDirectory(state, context(), 'svc', 'p1.0@n2', mayBeAlive), { kind: 'error', code: 'name_taken' });
  t.match(lookupAtDirectory(state, context(), 'old', mayBeAlive), { kind: 'error', code: 'not_found' });
  t.same(registerAtDirectory(state, context(), 'old', 'p1.0@n2', mayBeAlive), { kind: 'ok', value: {} });
  t.match(registerAtDirectory(state, context(), 'x', 'p7.0@n2', mayBeAlive), { kind: 'error', code: 'not_found' }, 'no binding to a dead process');
});

t.test('forgetting a process unbinds all its names durably', async (t) => {
  const state = loadRegistry({ 'name/a': 'p1.0@n1', 'name/b': 'p1.0@n1', 'name/c': 'p1.0@n2' });
  const ctx = context();
  forgetProcess(state, ctx, 'p1.0@n1');
  t.same([...state.bindings.keys()], ['c']);
  t.same(ctx.effects.map((e) => (e.kind === 'persist' ? [e.key, e.value] : e.kind)), [['name/a', null], ['name/b', null]]);
});

t.test('every node computes the same directory, and names spread over nodes', async (t) => {
  const names = Array.from({ length: 60 }, (_, i) => `name-${i}`);
  const owners = names.map((n) => directoryNode(n, ['n1', 'n2', 'n3']));
  t.same(owners, names.map((n) => directoryNode(n, ['n3', 'n1', 'n2'])), 'independent of the order nodes are listed in');
  t.equal(new Set(owners).size, 3);
});

t.test('mutants: registry-overwrites-live-binding and exit-keeps-names', async (t) => {
  const state = loadRegistry({ 'name/svc': 'p1.0@n1' });
  t.same(registerAtDirectory(state, context('registry-overwrites-live-binding'), 'svc', 'p1.0@n2', mayBeAlive), { kind: 'ok', value: {} });
  const kept = loadRegistry({ 'name/svc': 'p5.0@n1' });
  forgetProcess(kept, context('exit-keeps-names'), 'p5.0@n1');
  t.same(lookupAtDirectory(kept, context('exit-keeps-names'), 'svc', mayBeAlive), { kind: 'ok', value: { pid: 'p5.0@n1' } });
});
