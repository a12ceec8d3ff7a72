// The migration, DSM and quota tests against the Python port, protocol version 2; messaging and
// RPC are in conform-port-python.test.ts.
import t from 'tap';
import { passesEveryTestItCanRun, SUITE_PARTS } from './testing/conform-port.js';

const command = 'python3 conformance/impls/python/cloudos_node.py';
const selection = SUITE_PARTS.migrationDsmAndQuotas;
t.test(`the Python port passes every test of ${selection.join(', ')} it can run (replay: cloudos conform --seed 1 --impl "${command}" --tests <glob>)`, (t) =>
  passesEveryTestItCanRun(t, command, 2, ['messaging', 'rpc', 'migration', 'quotas', 'dsm'], selection),
);
