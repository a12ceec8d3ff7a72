// The whole conformance suite against the reference kernel as a subprocess speaking the adapter
// protocol (JSON lines), as a port in another language would.
import t from 'tap';
import { referenceDeclaration } from '../../reference/src/index.js';
import { passesEveryTestItCanRun } from './testing/conform-port.js';

const command = 'node dist/reference/src/adapter-main.js';
t.test(`the reference kernel as a subprocess passes every test it can run (replay: cloudos conform --seed 1 --impl "${command}")`, (t) =>
  passesEveryTestItCanRun(t, command, 2, referenceDeclaration.features),
);
