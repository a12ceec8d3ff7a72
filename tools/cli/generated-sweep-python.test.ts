// The Python port passes every generated test at seed 2 (seed 1 is in conform-port-python*.test.ts,
// which run every test; a subprocess per run is slower than the reference kernel in-process,
// generated-sweep-reference-*of4.test.ts, so it gets a file of its own).
import t from 'tap';
import { fromRepoRoot } from '../../conventions/index.js';
import { sweepGeneratedTests } from './testing/generated-sweep.js';

sweepGeneratedTests(t, { name: 'Python port', impl: `python3 ${fromRepoRoot('conformance/impls/python/cloudos_node.py')}`, seeds: { from: 2, to: 2 } });
