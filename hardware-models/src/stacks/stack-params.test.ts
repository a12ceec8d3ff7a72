// The stack parameter schemas: the calibrated parameters are valid, bad values are refused with
// the field's path, and the union is discriminated on `kind`.
import t from 'tap';
import { stackParamsSchema, linuxStackParamsSchema } from './stack-params.js';
import { calibratedParams } from '../reproduce/ix-2014-setup.js';

t.test('the calibrated parameters validate', async (t) => {
  t.equal(stackParamsSchema.parse(calibratedParams.linux).kind, 'linux');
  t.equal(stackParamsSchema.parse(calibratedParams.ix).kind, 'ix');
});

t.test('a negative cost is refused, naming the field', async (t) => {
  const result = linuxStackParamsSchema.safeParse({ ...calibratedParams.linux, syscallNs: -1 });
  t.notOk(result.success);
  t.same(result.error?.issues.map((i) => i.path), [['syscallNs']]);
});

t.test('a zero batch bound and a reuse exponent above 1 are refused', async (t) => {
  const result = stackParamsSchema.safeParse({
    ...calibratedParams.ix,
    batchBound: 0,
    connectionState: { ...calibratedParams.ix.connectionState, reuseExponent: 2 },
  });
  t.notOk(result.success);
  t.same(
    result.error?.issues.map((i) => i.path.join('.')).sort(),
    ['batchBound', 'connectionState.reuseExponent'],
  );
});

t.test('an unknown kind is refused', async (t) => {
  t.notOk(stackParamsSchema.safeParse({ ...calibratedParams.ix, kind: 'dpdk' }).success);
});
