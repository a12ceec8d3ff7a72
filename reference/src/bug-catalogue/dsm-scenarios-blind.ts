// One scripted scenario per bug of the second blind DSM batch (dsm-bugs-blind.ts), on the same
// one-page segment as dsm-scenarios.ts (dynamic manager, n1 the first owner). Each returns what
// went wrong, or undefined when right.
import type { DsmBlindBugId } from './catalogue.js';
import { answerText, holding, type Scenario } from './scenarios.js';
import { dsm, SharedPage, value } from './dsm-scenarios.js';
import { perfect } from '../testing/scripted-cluster.js';

/** A load at `node` after a store of `stored` (version `version`) was answered must see it. */
function seesStore(s: SharedPage, node: string, stored: number, version: number): string | undefined {
  const got = s.loaded(node);
  return got === value(stored, version) ? undefined : `after a store of ${stored} (version ${version}) was answered, ${node} loaded ${got}`;
}

export const dsmBlindScenarios: Record<DsmBlindBugId, Scenario> = {
  'dsm-grant-one-ack-short': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    s.loaded('n3');
    const slow = holding(dsm('invalidate', 'n3'));
    const store = s.store('n1', 7);
    s.c.settle(slow);
    const early = s.c.answer(store)?.kind === 'reply';
    const load = s.load('n3');
    s.c.settle(slow);
    s.finish();
    return early && answerText(s.c, load) !== value(7, 1) ? `n1's store of 7 was answered while n3's invalidation was on its way, then n3 loaded ${answerText(s.c, load)}` : undefined;
  },
  'dsm-owner-keeps-write-on-share': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    s.stored('n1', 7);
    return seesStore(s, 'n2', 7, 1);
  },
  'dsm-late-copy-kept': (flag) => {
    const s = new SharedPage(flag);
    const slowCopy = holding(dsm('copy', 'n2'));
    s.load('n2');
    s.c.settle(slowCopy);
    const store = s.store('n3', 9); // takes the page from n1 with copy set {n2}: invalidates n2 first
    s.c.settle(slowCopy);
    s.finish();
    if (s.c.answer(store)?.kind !== 'reply') return `n3's store answered ${answerText(s.c, store)}`;
    return seesStore(s, 'n2', 9, 1);
  },
  'dsm-give-up-forgets-invalidation': (flag) => {
    const s = new SharedPage(flag);
    const slowCopy = holding(dsm('copy', 'n2'));
    s.load('n2');
    s.c.settle(slowCopy);
    s.c.advance(s.c.nowNs + s.c.params.retryIntervalNs, slowCopy);
    const store = s.store('n3', 9);
    s.c.advance(s.c.nowNs + 2 * s.c.params.callTimeoutNs, slowCopy); // n2's fault gives up
    s.finish();
    const load = s.loaded('n1');
    return answerText(s.c, store) === `reply ${JSON.stringify({ version: 1 })}` && load === value(9, 1)
      ? undefined
      : `n3's store, whose reader n2 gave its fault up, answered ${answerText(s.c, store)}; a later load at n1 answered ${load}`;
  },
  'dsm-second-reader-not-recorded': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    s.loaded('n3');
    s.stored('n1', 7);
    return seesStore(s, 'n3', 7, 1);
  },
  'dsm-fault-timer-not-cancelled': (flag) => {
    const s = new SharedPage(flag);
    const start = s.c.nowNs;
    const timeout = s.c.params.callTimeoutNs;
    s.load('n2'); // a fault served at once; its timer stays armed until start + timeout
    s.c.advance(start + timeout / 4, perfect);
    s.store('n1', 7); // invalidates n2
    s.c.advance(start + timeout / 2, perfect);
    const load = s.load('n2');
    s.c.advance(start + (timeout * 6) / 5, holding(dsm('copy', 'n2'))); // slow, but within the new fault's timeout
    s.finish();
    return answerText(s.c, load) === value(7, 1) ? undefined : `n2's second load, whose copy came within its own timeout, answered ${answerText(s.c, load)}`;
  },
  'dsm-invalidation-keeps-hint': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2'); // n2's hint: n1
    s.stored('n3', 9); // n3 owns the page; its invalidation reaches n2
    s.c.crash('n1'); // and stays down: a restarted n1 would find the owner by asking every node
    s.c.settle(perfect);
    return seesStore(s, 'n2', 9, 1);
  },
};
