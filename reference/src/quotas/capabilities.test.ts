// Capabilities: minted and derived ones are permitted; forged, tampered, amplified, moved,
// revoked ones are refused, each with a reason.
import t from 'tap';
import fc from 'fast-check';
import { rights as allRights, type Capability, type Right } from '../../../conformance/protocol/index.js';
import { CLUSTER_CAPABILITY_KEY as KEY, authentic, canonicalRights, derive, isRoot, mint, permits } from './capabilities.js';

const root = mint(KEY, 'n1', 'alice', ['grant', 'read', 'write'], 0);

t.test('a minted capability is authentic and permits its rights on its object at its epoch', async (t) => {
  t.same(root.rights, ['read', 'write', 'grant'], 'rights in registry order');
  t.ok(authentic(KEY, root));
  for (const right of allRights) t.same(permits(KEY, root, 'alice', 0, right), { kind: 'permitted' });
  t.ok(isRoot(root));
});

t.test('forged and tampered capabilities are refused', async (t) => {
  const refused = (cap: Capability, why: RegExp) => t.match(permits(KEY, cap, 'alice', 0, 'read'), { kind: 'forbidden', text: why });
  refused({ ...root, check: 'A'.repeat(43) }, /forged or tampered/);
  refused({ ...root, check: '' + root.check.slice(1) + 'x' }, /forged or tampered/);
  refused({ ...root, epoch: 1 }, /forged or tampered/);
  refused({ ...root, port: 'n2' }, /forged or tampered/);
  refused(mint(Buffer.from('a key guessed by a tenant'), 'n1', 'alice', ['read'], 0), /forged or tampered/);
  refused({ ...root, rights: ['read', 'read', 'write', 'grant'] }, /forged or tampered/);
  const readOnly = derive(KEY, root, ['read'], 0) as Capability;
  refused({ ...readOnly, rights: ['read', 'write'] }, /forged or tampered/);
  t.match(permits(KEY, { ...readOnly, rights: ['read', 'write'] }, 'alice', 0, 'write'), { kind: 'forbidden' }, 'amplified by editing: refused');
});

t.test('a capability reaches only its own object: another tenant\'s account is not reachable with it', async (t) => {
  const bob = mint(KEY, 'n1', 'bob', ['read', 'write', 'grant'], 0);
  t.match(permits(KEY, bob, 'alice', 0, 'read'), { kind: 'forbidden', text: /for 'bob', not 'alice'/ });
  t.match(permits(KEY, { ...bob, object: 'alice' }, 'alice', 0, 'read'), { kind: 'forbidden', text: /forged or tampered/ });
});

t.test('rights only shrink when handed on', async (t) => {
  const readGrant = derive(KEY, root, ['read', 'grant'], 0) as Capability;
  t.same(readGrant.rights, ['read', 'grant']);
  t.same(permits(KEY, readGrant, 'alice', 0, 'read'), { kind: 'permitted' });
  t.match(permits(KEY, readGrant, 'alice', 0, 'write'), { kind: 'forbidden', text: /lacks the right 'write'/ });
  t.match(derive(KEY, readGrant, ['write'], 0), { kind: 'forbidden', text: /rights only shrink: the capability lacks write/ });
  const readOnly = derive(KEY, readGrant, ['read'], 0) as Capability;
  t.match(derive(KEY, readOnly, ['read'], 0), { kind: 'forbidden', text: /lacks the right 'grant'/ }, 'no grant, no hand-on');
  t.notOk(isRoot(readGrant));
  fc.assert(
    fc.property(fc.array(fc.subarray([...allRights]), { minLength: 1, maxLength: 6 }), (chain) => {
      // Hand on along the chain; whatever is asked, the result never has a right its giver lacked.
      let cap: Capability = root;
      for (const asked of chain) {
        const next = derive(KEY, cap, asked as Right[], 0);
        if ('check' in next) {
          if (!next.rights.every((r) => cap.rights.includes(r))) return false;
          cap = next;
        } else if (asked.every((r) => cap.rights.includes(r)) && cap.rights.includes('grant')) return false;
      }
      return true;
    }),
    { seed: 21, numRuns: 300 },
  );
});

t.test('revocation: after the epoch moves on, older capabilities permit nothing', async (t) => {
  const readOnly = derive(KEY, root, ['read'], 0) as Capability;
  for (const cap of [root, readOnly]) t.match(permits(KEY, cap, 'alice', 1, 'read'), { kind: 'forbidden', text: /revoked \(its epoch 0, the object's 1\)/ });
  const newRoot = mint(KEY, 'n1', 'alice', allRights, 1);
  t.same(permits(KEY, newRoot, 'alice', 1, 'write'), { kind: 'permitted' });
  t.match(derive(KEY, readOnly, ['read'], 1), { kind: 'forbidden' });
  t.same(canonicalRights(['grant', 'read', 'grant']), ['read', 'grant']);
});
