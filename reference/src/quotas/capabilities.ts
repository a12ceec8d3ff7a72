// Amoeba capabilities (port, object, rights, check field) with a real keyed MAC: the check field is
// HMAC-SHA-256 over the other fields under a key only kernels hold, so a tenant cannot forge a
// capability, widen its rights or move it to another object: any change fails the check. Rights
// only shrink: a holder with `grant` derives one carrying a subset of its own. Revocation bumps the
// object's epoch, which every capability carries; older ones then permit nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { rights as allRights, type Capability, type Right } from '../../../conformance/protocol/index.js';

/**
 * The cluster's capability key. A deployment draws it at random when the cluster is created and
 * gives it to every kernel; the reference kernel has no randomness (every run replays from its
 * seed), so it is a constant here. Tenants never see it: the suite forges without it.
 */
export const CLUSTER_CAPABILITY_KEY = Buffer.from('cloudOS reference kernel capability key, never shown to tenants', 'utf8');

/** Rights in registry order without repeats, so that one set has one check field. */
export function canonicalRights(rights: readonly Right[]): Right[] {
  return allRights.filter((r) => rights.includes(r));
}

function checkField(key: Buffer, port: string, object: string, rights: readonly Right[], epoch: number): string {
  return createHmac('sha256', key).update(JSON.stringify([port, object, canonicalRights(rights), epoch])).digest('base64url');
}

export function mint(key: Buffer, port: string, object: string, rights: readonly Right[], epoch: number): Capability {
  return { port, object, rights: canonicalRights(rights), epoch, check: checkField(key, port, object, rights, epoch) };
}

/** Whether the check field is the MAC of the rest (constant-time comparison). */
export function authentic(key: Buffer, cap: Capability): boolean {
  if (cap.rights.length !== canonicalRights(cap.rights).length) return false; // repeats would not change the MAC input
  const expected = Buffer.from(checkField(key, cap.port, cap.object, cap.rights, cap.epoch));
  const given = Buffer.from(cap.check);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type Verdict = { kind: 'permitted' } | { kind: 'forbidden'; text: string };

/**
 * Capabilities.tla's Permits: the capability is authentic, names the object, carries the right
 * and is of the object's current epoch. `object` and `currentEpoch` come from the kernel that
 * keeps the object (or the epoch it last heard from it).
 */
export function permits(key: Buffer, cap: Capability, object: string, currentEpoch: number, right: Right): Verdict {
  if (!authentic(key, cap)) return { kind: 'forbidden', text: 'the capability\'s check field does not match it: forged or tampered with' };
  if (cap.object !== object) return { kind: 'forbidden', text: `the capability is for '${cap.object}', not '${object}'` };
  if (cap.epoch < currentEpoch) return { kind: 'forbidden', text: `the capability was revoked (its epoch ${cap.epoch}, the object's ${currentEpoch})` };
  if (cap.epoch > currentEpoch) return { kind: 'forbidden', text: `the capability's epoch ${cap.epoch} is newer than the object's ${currentEpoch}` };
  if (!cap.rights.includes(right)) return { kind: 'forbidden', text: `the capability lacks the right '${right}' (it has ${cap.rights.join(', ') || 'none'})` };
  return { kind: 'permitted' };
}

/** A capability with a subset of `cap`'s rights; asking for a right it lacks is forbidden (rights only shrink). */
export function derive(key: Buffer, cap: Capability, rights: readonly Right[], currentEpoch: number): Capability | Extract<Verdict, { kind: 'forbidden' }> {
  const verdict = permits(key, cap, cap.object, currentEpoch, 'grant');
  if (verdict.kind === 'forbidden') return verdict;
  const extra = rights.filter((r) => !cap.rights.includes(r));
  if (extra.length > 0) return { kind: 'forbidden', text: `rights only shrink: the capability lacks ${extra.join(', ')}` };
  return mint(key, cap.port, cap.object, rights, cap.epoch);
}

/** Whether `cap` is the owner's: every right (only the owner may revoke). */
export function isRoot(cap: Capability): boolean {
  return allRights.every((r) => cap.rights.includes(r));
}
