// The scanner agrees with JSON.parse on validity and points at the offending character.
import t from 'tap';
import fc from 'fast-check';
import { jsonErrorOffset } from './json-error-position.js';
import { parseModelText } from './presets.js';

t.test('valid JSON scans to the end', async (t) => {
  fc.assert(fc.property(fc.json(), (text) => jsonErrorOffset(text) === text.length), { seed: 3 });
  t.pass('fc.json() texts (fast-check seed 3)');
});

t.test('points at the first bad character', async (t) => {
  t.equal(jsonErrorOffset('{"a": oops}'), 6);
  t.equal(jsonErrorOffset('[1, 2,, 3]'), 6);
  t.equal(jsonErrorOffset('{"a": 1,}'), 8);
  t.equal(jsonErrorOffset('{"a": 1'), 7, 'end of text');
  t.equal(jsonErrorOffset('"ab\\x"'), 4);
  t.equal(jsonErrorOffset('tru'), 3);
  t.equal(jsonErrorOffset('{} x'), 3);
  t.equal(jsonErrorOffset('[1e]'), 3, 'where the exponent\'s digit belongs');
  t.equal(jsonErrorOffset('[1.]'), 3, 'where the fraction\'s digit belongs');
  t.equal(jsonErrorOffset('-'), 1);
  t.equal(jsonErrorOffset('[01]'), 2, 'a leading zero ends the number');
});

t.test('every truncation of a valid document is reported exactly at its end', async (t) => {
  // A prefix of valid JSON has no wrong character: what is wrong is that it stops, so the first
  // bad position is the end of the text, and line:column are those of the end.
  fc.assert(fc.property(fc.json({ maxDepth: 3 }).map((s) => JSON.stringify(JSON.parse(s), null, 2)).filter((s) => s.length > 1), fc.nat(), (text, cut) => {
    const truncated = text.slice(0, cut % text.length);
    const lines = truncated.split('\n');
    const end = { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
    const result = parseModelText(truncated);
    if (isValidJson(truncated)) return jsonErrorOffset(truncated) === truncated.length;
    return jsonErrorOffset(truncated) === truncated.length && result.kind === 'syntax-error' && result.line === end.line && result.column === end.column;
  }), { seed: 4 });
  t.pass('truncations (fast-check seed 4)');
});

t.test('a model file with a bad character is reported at its exact line and column', async (t) => {
  const text = '{\n  "name": "x",\n  "description": oops\n}\n';
  t.match(parseModelText(text), { kind: 'syntax-error', line: 3, column: 18, message: /unexpected "o"/ });
  t.match(parseModelText('{\n  "name": "x",\n'), { kind: 'syntax-error', line: 3, column: 1, message: /unexpected end of file/ });
  t.match(parseModelText('[1,\r\n 2,,]'), { kind: 'syntax-error', line: 2, column: 4 });
});

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
