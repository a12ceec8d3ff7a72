// Turns what an implementation answered (already parsed JSON, or an in-process return value)
// into a Step, or a protocol violation quoting the offending output and the expected schema.
import { Step, MAX_EFFECTS_PER_STEP } from '../../protocol/index.js';
import { ProtocolViolationError, truncate } from './protocol-violation.js';
import { formatIssues } from '../../../conventions/index.js';

export function validateStep(raw: unknown, inputLine: string): Step {
  if (Array.isArray((raw as { effects?: unknown })?.effects) && (raw as { effects: unknown[] }).effects.length > MAX_EFFECTS_PER_STEP) {
    throw new ProtocolViolationError({
      kind: 'flood',
      input: inputLine,
      output: truncate(JSON.stringify(raw)),
      detail: `a step with ${(raw as { effects: unknown[] }).effects.length} effects; at most ${MAX_EFFECTS_PER_STEP} are allowed`,
    });
  }
  const parsed = Step.safeParse(raw);
  if (!parsed.success) {
    throw new ProtocolViolationError({
      kind: 'schema',
      input: inputLine,
      output: truncate(JSON.stringify(raw) ?? String(raw)),
      expected: 'conformance/protocol/schema/step.json',
      detail: formatIssues(parsed.error.issues, { max: 5 }),
    });
  }
  return parsed.data;
}
