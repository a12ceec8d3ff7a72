// The Python port speaking protocol version 1, as a port written before version 2: version 1 had
// messaging and RPC only, so the other tests are not applicable to it (never passed, never failed).
import t from 'tap';
import { passesEveryTestItCanRun } from './testing/conform-port.js';

const command = 'python3 conformance/impls/python/cloudos_node.py --protocol 1';
t.test(`the Python port speaking protocol version 1 passes every test it can run (replay: cloudos conform --seed 1 --impl "${command}")`, (t) =>
  passesEveryTestItCanRun(t, command, 1, ['messaging', 'rpc']),
);
