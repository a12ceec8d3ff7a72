// Every run of the reference kernel on the DSM tests is explained by its spec (the shared check is in
// testing/trace-validation.ts; each other part of the suite has a file of its own, so that each stays short).
import t from 'tap';
import { everyRunIsExplained } from './testing/trace-validation.js';

everyRunIsExplained(t, ['dsm/*']);
