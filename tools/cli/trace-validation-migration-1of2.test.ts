// Every run of the reference kernel on half of the migration tests (every second one, from the
// first) is explained by its spec: migration's validation is the costliest, so it
// is split over two files that run side by side (the shared check is in testing/trace-validation.ts).
import t from 'tap';
import { everyRunIsExplained } from './testing/trace-validation.js';

everyRunIsExplained(t, ['migration/*'], { shard: 1, of: 2 });
