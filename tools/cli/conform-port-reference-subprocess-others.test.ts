// The migration, DSM and quota tests against the reference kernel as a subprocess; messaging and
// RPC are in conform-port-reference-subprocess.test.ts.
import t from 'tap';
import { referenceDeclaration } from '../../reference/src/index.js';
import { passesEveryTestItCanRun, SUITE_PARTS } from './testing/conform-port.js';

const command = 'node dist/reference/src/adapter-main.js';
const selection = SUITE_PARTS.migrationDsmAndQuotas;
t.test(`the reference kernel as a subprocess passes every test of ${selection.join(', ')} it can run (replay: cloudos conform --seed 1 --impl "${command}" --tests <glob>)`, (t) =>
  passesEveryTestItCanRun(t, command, 2, referenceDeclaration.features, selection),
);
