// Every run of the reference kernel on the migration tests, block 5 of 8 of each test's seeds, is
// explained by its spec: migration's validation is the costliest (three tests cost most), so its
// seeds are split over eight files that each stay well inside tap's per-file limit on a loaded CI
// machine (the shared check is in testing/trace-validation.ts).
import t from 'tap';
import { everyRunIsExplained } from './testing/trace-validation.js';

everyRunIsExplained(t, ['migration/*'], { index: 5, count: 8 });
