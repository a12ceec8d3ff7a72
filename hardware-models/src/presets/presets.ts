// The shipped presets (hardware-models/presets/*.json) and reading model files: the one place in
// the hardware models that touches the file system. JSON syntax errors get a line and column.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot } from '../../../conventions/index.js';
import { jsonErrorOffset } from './json-error-position.js';
import { parseHardwareModel, type ModelIssue, type ParseResult } from '../models/hardware-model.js';

/** hardware-models/presets, in the source tree (also when running from dist/). */
export function presetDirectory(): string {
  return fromRepoRoot('hardware-models', 'presets');
}

export function listPresets(): string[] {
  return readdirSync(presetDirectory()).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
}

export function presetPath(name: string): string | undefined {
  return listPresets().includes(name) ? join(presetDirectory(), `${name}.json`) : undefined;
}

/** A model file's text, parsed and validated; JSON syntax errors are issues with a line and column. */
export type ModelFileResult = ParseResult | { kind: 'syntax-error'; line: number; column: number; message: string };

export function parseModelText(text: string): ModelFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset).split('\n');
    const found = offset < text.length ? `unexpected ${JSON.stringify(text[offset])}` : 'unexpected end of file';
    return { kind: 'syntax-error', line: before.length, column: before[before.length - 1]!.length + 1, message: `invalid JSON: ${found} (${(error as Error).message.split('\n')[0]})` };
  }
  return parseHardwareModel(json);
}

export function loadModelFile(path: string): ModelFileResult {
  return parseModelText(readFileSync(path, 'utf8'));
}

/** Loads a shipped preset; a preset that fails validation is a bug in cloudOS, so this throws. */
export function loadPreset(name: string): Extract<ParseResult, { kind: 'ok' }> {
  const path = presetPath(name);
  if (path === undefined) throw new RangeError(`unknown preset '${name}'; presets are ${listPresets().join(', ')}`);
  const result = loadModelFile(path);
  if (result.kind !== 'ok') throw new Error(`preset ${name} is invalid: ${JSON.stringify(result)}`);
  return result;
}

export type { ModelIssue };
