// The reference kernel, in-process, passes every generated test at seeds 1..12 (the Python port:
// generated-sweep-python.test.ts). Lives with the CLI because it wires implementations to the
// suite, as `cloudos conform` does.
import { referenceFactory } from '../../reference/src/index.js';
import { sweepGeneratedTests } from './testing/generated-sweep.js';

sweepGeneratedTests('reference kernel', referenceFactory(), [1, 12]);
