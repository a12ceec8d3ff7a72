// The whole conformance suite against the Python port (conformance/impls/python), protocol version 2.
import t from 'tap';
import { passesEveryTestItCanRun } from './testing/conform-port.js';

const command = 'python3 conformance/impls/python/cloudos_node.py';
t.test(`the Python port passes every test it can run (replay: cloudos conform --seed 1 --impl "${command}")`, (t) =>
  passesEveryTestItCanRun(t, command, 2, ['messaging', 'rpc', 'migration', 'quotas', 'dsm']),
);
