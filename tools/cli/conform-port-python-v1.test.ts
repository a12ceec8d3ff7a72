// The Python port speaking protocol version 1, as a port written before version 2: version 1 had
// messaging and RPC only, so the other tests are not applicable to it (never passed, never failed).
// The messaging tests here; the rest of the suite in conform-port-python-v1-rest.test.ts.
import t from 'tap';
import { passesEveryTestItCanRun, SUITE_PARTS } from './testing/conform-port.js';

const command = 'python3 conformance/impls/python/cloudos_node.py --protocol 1';
const selection = SUITE_PARTS.messaging;
t.test(`the Python port speaking protocol version 1 passes every test of ${selection.join(', ')} it can run (replay: cloudos conform --seed 1 --impl "${command}" --tests <glob>)`, (t) =>
  passesEveryTestItCanRun(t, command, 1, ['messaging', 'rpc'], selection),
);
