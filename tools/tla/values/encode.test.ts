// Worker encoding: decoded values keep the hash their original had computed, records decoded with
// the same fields share one domain array (as the evaluator's do), and fingerprints never change.
import t from 'tap';
import { decodeValue, encodeValue, fingerprint, modelValue, record, setOf, valuesEqual, type EncodedValue, type FcnValue, type EnumSet } from './index.js';

const viaJson = (v: Parameters<typeof encodeValue>[0]) => decodeValue(JSON.parse(JSON.stringify(encodeValue(v))) as EncodedValue);
const message = (rm: string) => record([['type', 'Prepared'], ['rm', modelValue(rm)]]);

t.test('a value never hashed crosses without a hash and is hashed on arrival like a fresh one', async (t) => {
  const msg = message('r1');
  const encoded = encodeValue(msg) as unknown[];
  t.equal(encoded.length, 3, 'tag, domain, values: no hash halves');
  const decoded = viaJson(msg) as FcnValue;
  t.notOk(decoded.hashed);
  t.equal(fingerprint(decoded), fingerprint(message('r1')));
});

t.test('a hashed value carries its hash, so the receiver does not hash it again', async (t) => {
  const msgs = setOf([message('r1'), message('r2')]) as EnumSet;
  const fp = fingerprint(msgs);
  const decoded = viaJson(msgs) as EnumSet;
  t.ok(decoded.hashed, 'the set arrives hashed');
  t.same([decoded.hashHi, decoded.hashLo], [msgs.hashHi, msgs.hashLo]);
  t.ok((decoded.elems[0] as FcnValue).hashed, 'and so do its elements');
  t.equal(fingerprint(decoded), fp);
  t.ok(valuesEqual(decoded, msgs));
  // The carried hash is the one a fresh, never-hashed copy computes: fingerprints agree across threads.
  t.equal(fingerprint(setOf([message('r2'), message('r1')])), fp);
});

t.test('records decoded with the same field names share their domain array', async (t) => {
  const a = viaJson(message('r1')) as FcnValue;
  const b = viaJson(message('r2')) as FcnValue;
  t.equal(a.domain, b.domain, 'one array, so comparisons skip the domain');
  t.same(a.domain, ['rm', 'type']);
  const other = viaJson(record([['type', 'Commit']])) as FcnValue;
  t.not(other.domain, a.domain);
});

t.test('domains whose names hold NUL are not confused with longer domains', async (t) => {
  const joined = viaJson(record([['a\u0000b', 1]])) as FcnValue;
  const split = viaJson(record([['a', 1], ['b', 2]])) as FcnValue;
  t.same(joined.domain, ['a\u0000b']);
  t.same(split.domain, ['a', 'b']);
  const splitAgain = viaJson(record([['a', 3], ['b', 4]])) as FcnValue;
  t.same(splitAgain.domain, ['a', 'b']);
  const joinedAgain = viaJson(record([['a\u0000b', 2]])) as FcnValue;
  t.same(joinedAgain.domain, ['a\u0000b']);
});
