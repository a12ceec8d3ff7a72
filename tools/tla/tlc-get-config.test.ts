// TLCGet("config") in a `cloudos check` run: the fields of TLC's record that do not vary from run to
// run, as TLC gives them (TLC2 2026.12, `Print(TLCGet("config"), TRUE)`: `-workers 1` gives
// `mode |-> "bfs", deadlock |-> TRUE, worker |-> 1`; `-workers 2 -deadlock` and CHECK_DEADLOCK FALSE
// give `deadlock |-> FALSE`, the former `worker |-> 2`). Outside a check run it is refused (E3001).
import t from 'tap';
import { parseConfig } from './cfg/config.js';
import { DiagnosticError } from './diagnostics.js';
import { buildCompiledModel, buildModel } from './load.js';
import { resolveSource } from './names/index.js';

const source = `---- MODULE M ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = TLCGet("config")
Next == UNCHANGED x
====
`;

async function initialX(cfg: string, workers: number | undefined, compiled: boolean): Promise<string> {
  const module = await resolveSource(source, 'M.tla');
  const config = parseConfig(cfg, 'M.cfg');
  const model = compiled ? await buildCompiledModel(module, config, 0, workers) : buildModel(module, config, 0, false, workers);
  return [...model.initialStates()].map((s) => model.formatState(s)[0]!.value).join(' ');
}

t.test('the deterministic fields, as TLC', async (t) => {
  for (const compiled of [false, true]) {
    const mode = compiled ? 'compiled' : 'interpreted';
    t.equal(await initialX('INIT Init\nNEXT Next\n', 1, compiled), '[deadlock |-> TRUE, mode |-> "bfs", worker |-> 1]', `${mode}: one worker`);
    t.equal(await initialX('INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n', 2, compiled), '[deadlock |-> FALSE, mode |-> "bfs", worker |-> 2]', `${mode}: two workers, deadlock not checked`);
  }
});

t.test('refused by name outside a check run', async (t) => {
  const error = await initialX('INIT Init\nNEXT Next\n', undefined, false).catch((e: unknown) => e);
  t.ok(error instanceof DiagnosticError && error.diagnostics[0]!.code === 'E3001' && /TLCGet\("config"\)/.test(error.diagnostics[0]!.message), String(error));
});
