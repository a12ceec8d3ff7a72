// The migration, DSM and quota tests against the reference kernel as a subprocess, shard 2 of 4:
// every fourth test of each folder, so that each file stays well under a minute of CPU (the ports
// and the check: testing/conform-port.ts).
import t from 'tap';
import { portPasses } from './testing/conform-port.js';

portPasses(t, 'referenceSubprocess', ['migrationDsmAndQuotas'], { index: 2, count: 4 });
