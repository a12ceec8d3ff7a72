// The RPC tests against the Python port (conformance/impls/python), protocol version 2; the
// messaging tests are in conform-port-python-*of3.test.ts, the rest of the suite in conform-port-python-others-*of3.test.ts.
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'python', ['rpc']);
