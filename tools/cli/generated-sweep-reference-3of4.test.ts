// The reference kernel, in-process, passes every generated test at block 3 of 4 of seeds 1..12
// (about 15 s of CPU per block; the Python port: generated-sweep-python-*of3.test.ts). Lives with the CLI
// because it wires implementations to the suite, as `cloudos conform` does.
import t from 'tap';
import { sweepGeneratedTests } from './testing/generated-sweep.js';

sweepGeneratedTests(t, { name: 'reference kernel', seeds: { from: 1, to: 12 }, shard: { index: 3, count: 4 } });
