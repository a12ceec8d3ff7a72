// The Python port speaking protocol version 1, as a port written before version 2: version 1 had
// messaging and RPC only, so the other tests are not applicable to it (never passed, never failed).
// The messaging tests here, shard 1 of 3 (every third test: the whole took 363 s of tap's 600 s
// limit in CI); the rest of the suite in conform-port-python-v1-rest-*of3.test.ts.
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'pythonV1', ['messaging'], { index: 1, count: 3 });
