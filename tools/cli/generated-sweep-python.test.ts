// The Python port passes every generated test at seed 2 (seed 1 is in conform-port-python*.test.ts,
// which run every test; a subprocess per run is slower than the reference kernel in-process,
// generated-sweep-reference.test.ts, so it gets a file of its own).
import { subprocessFactory } from '../../conformance/src/index.js';
import { fromRepoRoot } from '../../conventions/index.js';
import { sweepGeneratedTests } from './testing/generated-sweep.js';

const python = `python3 ${fromRepoRoot('conformance/impls/python/cloudos_node.py')}`;
sweepGeneratedTests('Python port', subprocessFactory(python, process.cwd()), [2, 2], python);
