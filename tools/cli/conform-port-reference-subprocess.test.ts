// The messaging and RPC tests against the reference kernel as a subprocess speaking the adapter
// protocol (JSON lines), as a port in another language would; the rest of the suite in
// conform-port-reference-subprocess-others.test.ts.
import t from 'tap';
import { referenceDeclaration } from '../../reference/src/index.js';
import { passesEveryTestItCanRun, SUITE_PARTS } from './testing/conform-port.js';

const command = 'node dist/reference/src/adapter-main.js';
const selection = [...SUITE_PARTS.messaging, ...SUITE_PARTS.rpc];
t.test(`the reference kernel as a subprocess passes every test of ${selection.join(', ')} it can run (replay: cloudos conform --seed 1 --impl "${command}" --tests <glob>)`, (t) =>
  passesEveryTestItCanRun(t, command, 2, referenceDeclaration.features, selection),
);
