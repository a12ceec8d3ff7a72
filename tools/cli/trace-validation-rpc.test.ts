// Every run of the reference kernel on the rpc tests is explained by its spec (the shared check
// is in testing/trace-validation.ts; each other part of the suite has a file of its own).
import t from 'tap';
import { everyRunIsExplained } from './testing/trace-validation.js';
import { SUITE_PARTS } from './testing/conform-port.js';

everyRunIsExplained(t, SUITE_PARTS.rpc);
