// The RPC tests against the Python port (conformance/impls/python), protocol version 2, shard 3 of
// 3: every third test, so that each file stays well under tap's 600 s wall limit on a loaded
// machine (unsharded: 441 s wall, 119 s user + 54 s sys at load ~11). The messaging tests are in
// conform-port-python-*of3.test.ts, the rest of the suite in conform-port-python-others-*of3.test.ts.
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'python', ['rpc'], { index: 3, count: 3 });
