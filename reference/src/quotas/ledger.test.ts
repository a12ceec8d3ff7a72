// An account's ledger: units free are the quota less what is booked; a grant books at most what
// is free; a renewal keeps what is asked and frees the rest; a reclaim waits for its time; each
// holder's request is answered once and a copy gets the same answer.
import t from 'tap';
import { booked, classifyRequest, grant, holders, leasedTotals, newLedger, reclaim, remember, renew } from './ledger.js';

const quotas = { processes: 3, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 1000 };

t.test('grants book at most what is free, and never more than the quota in all', async (t) => {
  const ledger = newLedger('acct', quotas);
  t.match(grant(ledger, 'processes', 'n1', 2, 2, 0, 100), { kind: 'granted', amount: 2 });
  t.match(grant(ledger, 'processes', 'n2', 2, 2, 0, 100), { kind: 'refused', code: 'quota_exceeded', text: /has 1 processes left unleased of 3; 2 asked/ });
  t.match(grant(ledger, 'processes', 'n2', 1, 1, 0, 100), { kind: 'granted', amount: 1 });
  t.equal(booked(ledger, 'processes'), 3);
  t.match(grant(ledger, 'bandwidthBytesPerSec', 'n1', Number.MAX_SAFE_INTEGER, 1, 0, 100), { kind: 'granted', amount: 1000 }, 'a bandwidth lease takes what is free');
  t.same(leasedTotals(ledger), { processes: 3, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 1000, cpuNsPerSec: 0 });
  t.same([...holders(ledger)].sort(), ['n1', 'n2']);
});

t.test('renewal keeps what is asked, frees the rest, and extends the reclaim time', async (t) => {
  const ledger = newLedger('acct', quotas);
  grant(ledger, 'processes', 'n1', 3, 3, 0, 100);
  t.match(renew(ledger, 'processes', 'n1', 1, 50, 100), { kind: 'renewed', keep: 1 });
  t.same(ledger.leases.processes.n1, { amount: 1, reclaimAtNs: 150 });
  t.match(renew(ledger, 'processes', 'n1', 5, 60, 100), { kind: 'renewed', keep: 1 }, 'never more than it holds');
  t.match(renew(ledger, 'processes', 'n1', 0, 70, 100), { kind: 'renewed', keep: 0 });
  t.equal(ledger.leases.processes.n1, undefined, 'keep 0: returned');
  t.same(renew(ledger, 'processes', 'n1', 1, 80, 100), { kind: 'gone' });
});

t.test('a lease is reclaimed only once its time has come', async (t) => {
  const ledger = newLedger('acct', quotas);
  grant(ledger, 'processes', 'n1', 2, 2, 0, 100);
  t.equal(reclaim(ledger, 'processes', 'n1', 99), 0);
  t.equal(booked(ledger, 'processes'), 2);
  t.equal(reclaim(ledger, 'processes', 'n1', 100), 2);
  t.equal(booked(ledger, 'processes'), 0);
  t.equal(reclaim(ledger, 'processes', 'n1', 200), 0, 'once');
});

t.test('each request is answered once: a copy gets the same answer, an older one none', async (t) => {
  const ledger = newLedger('acct', quotas);
  t.same(classifyRequest(ledger, 'processes', 'n1', [0, 1]), { kind: 'new' });
  const answer = remember(ledger, 'processes', 'n1', [0, 1], grant(ledger, 'processes', 'n1', 2, 2, 0, 100));
  t.same(classifyRequest(ledger, 'processes', 'n1', [0, 1]), { kind: 'copy', answer });
  t.same(classifyRequest(ledger, 'processes', 'n1', [0, 0]), { kind: 'stale' });
  t.same(classifyRequest(ledger, 'processes', 'n1', [1, 0]), { kind: 'new' }, 'a restarted holder (new incarnation) starts afresh');
  t.same(classifyRequest(ledger, 'processes', 'n2', [0, 1]), { kind: 'new' }, 'per holder');
  t.equal(booked(ledger, 'processes'), 2, 'the copy booked nothing more');
});
