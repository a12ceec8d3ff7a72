// The migration, DSM and quota tests against the Python port (conformance/impls/python), protocol
// version 2, shard 2 of 3: every third test of each folder, so that each file stays well under a
// minute of CPU (the ports and the check: testing/conform-port.ts).
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'python', ['migrationDsmAndQuotas'], { index: 2, count: 3 });
