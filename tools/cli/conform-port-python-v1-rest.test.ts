// The Python port speaking protocol version 1 (conform-port-python-v1.test.ts) on the rest of the
// suite: the RPC tests pass, the tests of features version 2 added are not applicable.
import t from 'tap';
import { passesEveryTestItCanRun, SUITE_PARTS } from './testing/conform-port.js';

const command = 'python3 conformance/impls/python/cloudos_node.py --protocol 1';
const selection = [...SUITE_PARTS.rpc, ...SUITE_PARTS.migrationDsmAndQuotas];
t.test(`the Python port speaking protocol version 1 passes every test of ${selection.join(', ')} it can run (replay: cloudos conform --seed 1 --impl "${command}" --tests <glob>)`, (t) =>
  passesEveryTestItCanRun(t, command, 1, ['messaging', 'rpc'], selection),
);
