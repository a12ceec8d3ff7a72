// The Python port speaking protocol version 1 on the RPC, migration, DSM and quota tests (the RPC
// tests pass, the tests of features version 2 added are not applicable), shard 3 of 3: every third
// test of each folder, so that each file stays well under a minute of CPU (the ports and the check:
// testing/conform-port.ts).
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'pythonV1', ['rpc', 'migrationDsmAndQuotas'], { index: 3, count: 3 });
