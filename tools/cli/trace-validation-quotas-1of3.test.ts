// Every run of the reference kernel on the quotas tests, at the first of three blocks of seeds, is
// explained by spec/quotas (Quotas.tla for leases, Capabilities.tla for hand-ons and revocations):
// split over three files so that each stays well under a minute of CPU on a loaded machine (the
// shared check is in testing/trace-validation.ts).
import t from 'tap';
import { everyRunIsExplained } from './testing/trace-validation.js';

everyRunIsExplained(t, ['quotas/*'], { index: 1, count: 3 });
