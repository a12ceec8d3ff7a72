// The messaging tests against the Python port (conformance/impls/python), protocol version 2,
// shard 2 of 3: every third test, so that each file stays near two minutes of wall time in CI
// (the whole took 357 s of tap's 600 s limit); the RPC tests are in conform-port-python-rpc-*of3.test.ts,
// the rest of the suite in conform-port-python-others-*of3.test.ts.
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'python', ['messaging'], { index: 2, count: 3 });
