// The messaging and RPC tests against the reference kernel as a subprocess speaking the adapter
// protocol (JSON lines), as a port in another language would, shard 1 of 4: every fourth test of
// each folder, so that each file stays well under a minute of CPU (the ports and the check:
// testing/conform-port.ts).
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'referenceSubprocess', ['messaging', 'rpc'], { index: 1, count: 4 });
