// The calibration: its loss is deterministic from the seed, and the shipped parameters fit the
// 10GbE curves far better than the hand-set starting point they were fitted from.
import t from 'tap';
import { calibrationLoss, calibrationStart } from './calibrate.js';
import { calibratedParams } from './ix-2014-setup.js';
import { stackParamsSchema } from '../stacks/stack-params.js';

const seed = 1;
const messages = 2000;

t.test('the starting point is valid and the loss replays from the seed', async (t) => {
  t.ok(stackParamsSchema.safeParse(calibrationStart.linux).success);
  t.ok(stackParamsSchema.safeParse(calibrationStart.ix).success);
  t.equal(calibrationLoss('ix', calibratedParams, seed, messages), calibrationLoss('ix', calibratedParams, seed, messages));
});

t.test('the calibrated parameters beat the starting point on both 10GbE curves', async (t) => {
  for (const stack of ['linux', 'ix'] as const) {
    const start = calibrationLoss(stack, calibrationStart, seed, messages);
    const fitted = calibrationLoss(stack, calibratedParams, seed, messages);
    t.ok(fitted < start, `${stack}: rms log error ${Math.sqrt(fitted).toFixed(3)} < ${Math.sqrt(start).toFixed(3)} (seed ${seed})`);
    t.ok(Math.sqrt(fitted) < 0.08, `${stack}: rms log error ${Math.sqrt(fitted).toFixed(3)} under 0.08`);
  }
});
