// Trace validation against spec/quotas/Quotas.tla on hand-written histories: leases granted,
// used, returned (the return heard or lost), expired and reclaimed in the module's order are explained; a grant beyond what
// the ledger has free, a reclaim while the holder still holds its lease, and work beyond the lease
// are not; runs outside the module's scope (leases of several sizes, partial returns) are not
// applicable, never passed.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';
import { validateQuotasTrace } from './quotas-trace.js';

const quotas = { processes: 2, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 0 };
type Item = TraceEvent | { crash: string } | { restart: string } | { packet: [string, string] };

/** The account created on n1 (the ledger), then each item in order; a packet makes its receiver's later steps causally after its sender's earlier ones. */
function history(items: Item[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    { kind: 'invoke', timeNs: 0, node: 'n1', opId: 0, op: { kind: 'createAccount', account: 'acct', quotas } },
    { kind: 'event', timeNs: 0, node: 'n3', event: { kind: 'Rejected', account: 'acct', node: 'n3', code: 'forbidden' } },
  ];
  items.forEach((item, i) => {
    const timeNs = (i + 1) * 1000;
    if ('crash' in item) return void entries.push({ kind: 'crash', timeNs, node: item.crash });
    if ('restart' in item) return void entries.push({ kind: 'restart', timeNs, node: item.restart, incarnation: 1 });
    if ('packet' in item) {
      const [from, to] = item.packet;
      entries.push({ kind: 'packet-sent', timeNs, from, to, packetId: i });
      return void entries.push({ kind: 'packet-delivered', timeNs, from, to, packetId: i, sentNs: timeNs });
    }
    // A ledger's reclaim happens on the ledger (n1); everything else on the node it names.
    const node = item.kind === 'LeaseExpired' && item.side === 'ledger' ? 'n1' : 'node' in item ? item.node : 'n1';
    entries.push({ kind: 'event', timeNs, node, event: item });
  });
  return entries;
}
const lease = { account: 'acct', resource: 'processes' } as const;
const granted = (node: string, amount = 2): TraceEvent => ({ kind: 'LeaseGranted', ...lease, node, amount, termNs: 100 });
const returned = (node: string, amount = 2): TraceEvent => ({ kind: 'LeaseReturned', ...lease, node, amount });
const admitted = (node: string, amount: number): TraceEvent => ({ kind: 'Admitted', ...lease, node, amount });
const released = (node: string, amount: number): TraceEvent => ({ kind: 'Released', ...lease, node, amount });
const holderExpired = (node: string, amount: number): TraceEvent => ({ kind: 'LeaseExpired', ...lease, node, side: 'holder', amount });
const reclaimed = (node: string): TraceEvent => ({ kind: 'LeaseExpired', ...lease, node, side: 'ledger', amount: 2 });
const validate = (items: Item[]) => validateQuotasTrace(history(items));

t.test('leases used and given back in the module\'s order are explained', async (t) => {
  t.match(await validate([granted('n2'), admitted('n2', 2), released('n2', 1), released('n2', 1), returned('n2'), { packet: ['n2', 'n1'] }, { packet: ['n1', 'n3'] }, granted('n3')]), { kind: 'explained', events: 7 }, 'one module step per unit admitted or released');
  t.match(await validate([granted('n2'), admitted('n2', 1), holderExpired('n2', 1), { packet: ['n2', 'n1'] }, reclaimed('n2'), { packet: ['n1', 'n3'] }, granted('n3')]), { kind: 'explained' });
  t.match(await validate([granted('n2'), admitted('n2', 2), { crash: 'n2' }, reclaimed('n2'), { restart: 'n2' }, granted('n3')]), { kind: 'explained' }, 'a crashed holder\'s lease is reclaimed without its expiry');
  t.match(await validate([granted('n2'), granted('n3'), reclaimed('n2')]), { kind: 'explained' }, 'causality only: the reclaim and the expiry may come first');
  t.match(await validate([granted('n2'), returned('n2'), { packet: ['n2', 'n1'] }, reclaimed('n2'), { packet: ['n1', 'n3'] }, granted('n3')]), { kind: 'explained' }, 'a return that never reached the ledger (ReturnLost): the lease is reclaimed at expiry');
});

t.test('what the module forbids is not explained', async (t) => {
  t.match(await validate([granted('n2'), { packet: ['n2', 'n3'] }, granted('n3')]), { kind: 'unexplained', message: /no behaviour of spec\/quotas\/Quotas\.tla explains LeaseGranted\(3\) of account 'acct' processes/ }, 'the quota leased twice');
  t.match(await validate([granted('n2'), admitted('n2', 1), { packet: ['n2', 'n1'] }, reclaimed('n2'), { packet: ['n1', 'n2'] }, released('n2', 1)]), { kind: 'unexplained', message: /LeaseReclaimed\(2\)/ }, 'reclaimed while its holder still runs work on it');
  t.match(await validate([granted('n2', 1), admitted('n2', 2)]), { kind: 'unexplained', message: /Admitted\(2\)/ }, 'work beyond the lease');
  t.match(
    await validate([granted('n2'), returned('n2'), { packet: ['n2', 'n1'] }, { packet: ['n1', 'n3'] }, granted('n3'), { packet: ['n3', 'n1'] }, reclaimed('n2')]),
    { kind: 'unexplained', message: /LeaseGranted\(3\)|LeaseReclaimed\(2\)/ },
    'a returned lease both credited (its units leased again) and reclaimed',
  );
});

t.test('runs outside the module\'s scope are not applicable', async (t) => {
  t.match(await validate([granted('n2', 1), granted('n3', 2)]), { kind: 'not-applicable', reason: /leases of 1 and 2 processes/ });
  t.match(await validate([granted('n2', 1), granted('n2', 1)]), { kind: 'not-applicable', reason: /a second lease of processes of account 'acct' granted to n2, which still holds one/ });
  t.match(await validate([granted('n2', 2), returned('n2', 1)]), { kind: 'not-applicable', reason: /n2 returned 1 of the 2 processes/ });
  t.match(await validateQuotasTrace([]), { kind: 'not-applicable', reason: 'no leases' });
});

t.test('amounts in bytes are counted in their common divisor, and too many units are out of scope, not a crash', async (t) => {
  const GiB = 2 ** 30;
  const inBytes = (quota: number, items: TraceEvent[]): HistoryEntry[] => [
    { kind: 'invoke', timeNs: 0, node: 'n1', opId: 0, op: { kind: 'createAccount', account: 'acct', quotas: { ...quotas, processes: 0, memoryBytes: quota } } },
    ...items.map((event, i): HistoryEntry => ({ kind: 'event', timeNs: (i + 1) * 1000, node: 'node' in event ? event.node : 'n1', event })),
  ];
  const memory = { account: 'acct', resource: 'memoryBytes' } as const;
  const grant = (amount: number): TraceEvent => ({ kind: 'LeaseGranted', ...memory, node: 'n2', amount, termNs: 100 });
  const use = (kind: 'Admitted' | 'Released', amount: number): TraceEvent => ({ kind, ...memory, node: 'n2', amount });
  t.match(await validateQuotasTrace(inBytes(2 * GiB, [grant(1.5 * GiB), use('Admitted', 1.5 * GiB), use('Released', 0.5 * GiB)])), { kind: 'explained', events: 5 }, 'units of 0.5 GiB: the grant, three units admitted and one released');
  t.match(await validateQuotasTrace(inBytes(2 * GiB, [grant(GiB), use('Admitted', 1.5 * GiB)])), { kind: 'unexplained', message: /Admitted\(2\) of account 'acct' memoryBytes/ }, 'work beyond the lease, in units');
  t.match(await validateQuotasTrace(inBytes(GiB, [grant(GiB), use('Admitted', GiB - 1)])), { kind: 'not-applicable', reason: /more than 100,000 units admitted and released \(memoryBytes of account 'acct' in units of 1;/ });
});
