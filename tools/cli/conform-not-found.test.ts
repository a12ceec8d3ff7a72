// Calls to servers that do not exist, end to end: the reference kernel passes rpc/calls-to-absent-servers,
// and two ports that answer such calls wrongly (both built on the kernel, with one answer rewritten)
// fail it by CallNotFoundIffAbsent. Lives with the CLI because it wires the reference kernel to the suite.
import t from 'tap';
import { discoverTests, runTest } from '../../conformance/src/index.js';
import type { Effect, ImplementationFactory, Input, Step } from '../../conformance/protocol/index.js';
import { referenceFactory } from '../../reference/src/index.js';

/** The reference kernel, each of whose steps `rewrite` may replace (`kernel` takes the input to it). */
function rewritten(rewrite: (input: Input, kernel: (input: Input) => Step) => Step): ImplementationFactory {
  return (run) => {
    const kernel = referenceFactory()(run);
    return { name: 'rewritten reference kernel', step: (input) => rewrite(input, (i) => kernel.step(i)), close: () => kernel.close?.() };
  };
}

// Says the server crashed where it found no server: `crashed` is indefinite, but nothing crashed.
const crashedForAbsent = rewritten((input, kernel) => {
  const step = kernel(input);
  return {
    ...step,
    effects: step.effects.map((effect): Effect => {
      if (effect.kind === 'error' && effect.code === 'not_found') return { ...effect, code: 'crashed' };
      if (effect.kind === 'event' && effect.event.kind === 'CallFailed' && effect.event.code === 'not_found') return { ...effect, event: { ...effect.event, code: 'crashed' } };
      return effect;
    }),
  };
});

// Answers a call to a name at once with not_found, without resolving it: wrong for a name that is held.
const namesNeverResolved = rewritten((input, kernel) =>
  input.kind === 'op' && input.op.kind === 'call' && input.op.to.kind === 'name' ? { kind: 'step', effects: [{ kind: 'error', opId: input.opId, code: 'not_found', text: 'no such name' }] } : kernel(input),
);

t.test('rpc/calls-to-absent-servers: the kernel passes; a port answering calls to absent servers wrongly fails by CallNotFoundIffAbsent', async (t) => {
  const [test] = discoverTests('rpc/calls-to-absent-servers');
  const replay = 'cloudos conform --tests rpc/calls-to-absent-servers --seed 1';
  const correct = await runTest(test!, referenceFactory(), { seed: 1 });
  t.equal(correct.verdict, 'pass', `the reference kernel passes (replay: ${replay})`);
  t.match(correct.traceValidation, { runs: 1, validated: 1 }, 'its calls to live servers are trace-validated; those that failed not_found are left out');
  const crashed = await runTest(test!, crashedForAbsent, { seed: 1 });
  t.equal(crashed.verdict, 'fail');
  t.same([...new Set(crashed.violations.map((v) => v.property))].sort(), ['CallNotFoundIffAbsent', 'ExactlyOnce'], 'ExactlyOnce sees only the exactly-once calls');
  const atLeastOnce = crashed.violations.filter((v) => v.property === 'CallNotFoundIffAbsent').map((v) => v.message);
  t.match(atLeastOnce, [/^call 'c1' to \S+ failed with 'crashed', but it had stopped before the call was issued/], 'the at-least-once call to the exited server');
  const unresolved = await runTest(test!, namesNeverResolved, { seed: 1 });
  t.equal(unresolved.verdict, 'fail');
  t.match(unresolved.violations.find((v) => v.property === 'CallNotFoundIffAbsent')?.message, /failed with not_found, but .* held the name 'svc' throughout/);
});
