// The Python port passes every generated test at seed 2 (seed 1 is in conform-port-python*.test.ts,
// which run every test), shard 1 of 3: every third generated test, because a subprocess per run
// costs more than the reference kernel in-process (generated-sweep-reference-*of4.test.ts).
import t from 'tap';
import { fromRepoRoot } from '../../conventions/index.js';
import { sweepGeneratedTests } from './testing/generated-sweep.js';

sweepGeneratedTests(t, { name: 'Python port', impl: `python3 ${fromRepoRoot('conformance/impls/python/cloudos_node.py')}`, seeds: { from: 2, to: 2 }, testShard: { index: 1, count: 3 } });
