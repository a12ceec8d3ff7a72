// Every run of the reference kernel on the quotas tests is explained by spec/quotas (Quotas.tla for
// leases, Capabilities.tla for hand-ons and revocations; the shared check is in testing/trace-validation.ts).
import t from 'tap';
import { everyRunIsExplained } from './testing/trace-validation.js';

everyRunIsExplained(t, ['quotas/*']);
