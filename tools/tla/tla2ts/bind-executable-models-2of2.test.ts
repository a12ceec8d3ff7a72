// The executable module tla2ts writes with a .cfg agrees with the checker's model, shard 2 of 2 of
// the corpus models and spec/ configurations (testing/executable-module.ts holds the check; the
// module's other tests: bind-executable.test.ts).
import t from 'tap';
import { agreesWithTheChecker } from './testing/executable-module.js';

agreesWithTheChecker(t, { index: 2, count: 2 });
