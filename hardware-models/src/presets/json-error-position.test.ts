// The scanner agrees with JSON.parse on validity and points at the offending character.
import t from 'tap';
import fc from 'fast-check';
import { jsonErrorOffset } from './json-error-position.js';

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
});

t.test('every truncation of a valid document is reported inside it', async (t) => {
  fc.assert(fc.property(fc.json({ maxDepth: 3 }).filter((s) => s.length > 1), fc.nat(), (text, cut) => {
    const truncated = text.slice(0, cut % text.length);
    let valid = true;
    try {
      JSON.parse(truncated);
    } catch {
      valid = false;
    }
    return valid ? jsonErrorOffset(truncated) === truncated.length : jsonErrorOffset(truncated) <= truncated.length;
  }), { seed: 4 });
  t.pass('truncations (fast-check seed 4)');
});
