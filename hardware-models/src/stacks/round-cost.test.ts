// Laws of the stack cost models: misses grow with connections, batching amortizes IX's fixed
// costs, Linux pays a wakeup only when its thread slept, and churn adds setup/teardown.
import t from 'tap';
import fc from 'fast-check';
import { roundCostNs, maxMessagesPerRound, packetsPerMessage, roundGateNs, type RoundWork } from './round-cost.js';
import { stateMissesPerMessage, stateMissFraction } from './connection-state-misses.js';
import { calibratedParams, ix2014Memory } from '../reproduce/ix-2014-setup.js';

const work = (overrides: Partial<RoundWork>): RoundWork => ({
  messages: 1,
  messageBytes: 64,
  connectionsOpened: 0,
  connectionsClosed: 0,
  queuesPolled: 1,
  threadWasIdle: false,
  openConnections: 100,
  ...overrides,
});

/** Costs are sums of floating-point parameters; compare to a nanosecond's millionth. */
const close = (actual: number, expected: number) => Math.abs(actual - expected) < 1e-6;

t.test('no misses while the connections fit in the LLC, then monotonically more', async (t) => {
  const state = calibratedParams.linux.connectionState;
  const fitting = Math.floor(ix2014Memory.llcBytes / state.bytesPerConnection);
  t.equal(stateMissFraction(fitting, state, ix2014Memory), 0);
  t.ok(stateMissFraction(fitting * 2, state, ix2014Memory) > 0);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (a, b) => {
      const [few, many] = a <= b ? [a, b] : [b, a];
      const fewMisses = stateMissesPerMessage(few, state, ix2014Memory);
      const manyMisses = stateMissesPerMessage(many, state, ix2014Memory);
      return manyMisses >= fewMisses && manyMisses <= state.linesPerMessage;
    }),
    { seed: 42 },
  );
});

t.test('Linux: more connections never make a message cheaper', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 500_000 }), (a, b) => {
      const [few, many] = a <= b ? [a, b] : [b, a];
      const linux = calibratedParams.linux;
      return roundCostNs(linux, ix2014Memory, work({ openConnections: many })) >= roundCostNs(linux, ix2014Memory, work({ openConnections: few }));
    }),
    { seed: 7 },
  );
  const linux = calibratedParams.linux;
  t.ok(
    roundCostNs(linux, ix2014Memory, work({ openConnections: 250_992 })) > roundCostNs(linux, ix2014Memory, work({ openConnections: 1296 })),
    'the 250,992-connection message costs more than the 1,296-connection one',
  );
});

t.test('IX: the per-message cost falls as the batch grows (adaptive batching amortizes)', async (t) => {
  const ix = calibratedParams.ix;
  let previous = Infinity;
  for (const messages of [1, 2, 8, 32, 64]) {
    const perMessage = roundCostNs(ix, ix2014Memory, work({ messages })) / messages;
    t.ok(perMessage < previous, `${messages} messages: ${perMessage.toFixed(0)} ns each`);
    previous = perMessage;
  }
  t.equal(maxMessagesPerRound(ix, 64), ix.batchBound);
  t.equal(maxMessagesPerRound(ix, 8192), Math.floor(ix.batchBound / packetsPerMessage(8192)));
  t.equal(roundGateNs(ix), 0, 'IX polls: no interrupt gate');
});

t.test('IX: polling four queues costs more than one', async (t) => {
  const ix = calibratedParams.ix;
  t.ok(
    close(roundCostNs(ix, ix2014Memory, work({ queuesPolled: 4 })) - roundCostNs(ix, ix2014Memory, work({ queuesPolled: 1 })), 3 * ix.pollPerQueueNs),
  );
});

t.test('Linux: a wakeup is charged only when the thread was idle; moderation gates interrupts', async (t) => {
  const linux = calibratedParams.linux;
  t.ok(
    close(
      roundCostNs(linux, ix2014Memory, work({ threadWasIdle: true })) - roundCostNs(linux, ix2014Memory, work({ threadWasIdle: false })),
      linux.epollWakeupNs,
    ),
  );
  t.equal(roundGateNs(linux), linux.interruptModerationNs);
});

t.test('churn: opening and closing a connection add setup and teardown', async (t) => {
  for (const stack of [calibratedParams.linux, calibratedParams.ix]) {
    const base = roundCostNs(stack, ix2014Memory, work({}));
    const churned = roundCostNs(stack, ix2014Memory, work({ connectionsOpened: 1, connectionsClosed: 1 }));
    t.ok(close(churned - base, stack.connectionSetupNs + stack.connectionTeardownNs), stack.kind);
  }
});

t.test('large messages take several segments', async (t) => {
  t.equal(packetsPerMessage(64), 1);
  t.equal(packetsPerMessage(1448), 1);
  t.equal(packetsPerMessage(1449), 2);
  t.equal(packetsPerMessage(8192), 6);
});
