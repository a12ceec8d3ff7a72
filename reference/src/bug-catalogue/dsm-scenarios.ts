// One scripted scenario per catalogued DSM bug (dsm-bugs.ts): the reference kernel (dynamic
// distributed manager) on a ScriptedCluster, one process per node attached to one segment of one
// page, driven through load and store with the network and crashes under the script's control.
// Each returns what went wrong, or undefined when right.
import type { DsmMessage } from '../dsm/dsm.js';
import type { DsmBugId, KernelFlag } from './catalogue.js';
import { answerText, holding, later, loseFirst, type Scenario } from './scenarios.js';
import { perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

const segment = 'shared';

/** A DSM message of kind `kind` on its way to `to` (any node when absent). */
export const dsm =
  (kind: DsmMessage['kind'], to?: string) =>
  (p: InFlight): boolean =>
    p.packet.kind === 'link-data' && p.packet.body.kind === 'dsm' && p.packet.body.message.kind === kind && (to === undefined || p.to === to);

/** A cluster with one process per node, each attached to the one-page segment. */
export class SharedPage {
  readonly c: ScriptedCluster;
  private readonly pids = new Map<string, string>();

  constructor(flag: KernelFlag | undefined) {
    this.c = new ScriptedCluster(flag);
    for (const node of this.c.nodes) {
      const pid = this.c.spawn(node);
      this.pids.set(node, pid);
      if (this.c.opSettled(node, { kind: 'attach', pid, segment, pages: 1 })?.kind !== 'reply') throw new Error(`attach on ${node} failed`);
    }
  }

  /** Issues a load at `node` (answered as the network allows); its opId. */
  load(node: string): number {
    return this.c.op(node, { kind: 'load', pid: this.pids.get(node)!, segment, page: 1 });
  }

  store(node: string, value: number): number {
    return this.c.op(node, { kind: 'store', pid: this.pids.get(node)!, segment, page: 1, value });
  }

  /** Lets the network deliver everything and the timers run. */
  finish(): void {
    this.c.advance(this.c.nowNs + later, perfect);
  }

  /** A load over a perfect network, in words. */
  loaded(node: string): string {
    const op = this.load(node);
    this.finish();
    return answerText(this.c, op);
  }

  stored(node: string, value: number): string {
    const op = this.store(node, value);
    this.finish();
    return answerText(this.c, op);
  }
}

export const value = (v: number, version: number) => `reply ${JSON.stringify({ value: v, version })}`;

export const dsmScenarios: Record<DsmBugId, Scenario> = {
  'dsm-reader-serves-copy': (flag) => {
    const s = new SharedPage(flag);
    s.stored('n2', 1); // n2 owns the page; n1's hint points at it, n3's still at n1
    s.loaded('n1');
    s.loaded('n3');
    s.stored('n2', 7);
    const got = s.loaded('n3');
    return got === value(7, 2) ? undefined : `after n2's store of 7 (version 2) was answered, n3 loaded ${got}`;
  },
  'dsm-upgrade-keeps-own-copy': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    s.stored('n1', 5);
    const got = s.stored('n2', 7);
    return got === `reply ${JSON.stringify({ version: 2 })}` ? undefined : `the second store of the page answered ${got}, expected version 2`;
  },
  'dsm-queued-requests-dropped': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n3'); // n3 holds a copy
    const slowInvalidation = holding(dsm('invalidate', 'n3'));
    s.store('n2', 2);
    s.c.settle(slowInvalidation); // n2 owns the page and waits for n3's acknowledgement
    const op = s.store('n1', 1);
    s.c.settle(slowInvalidation); // n1's request waits at n2
    s.finish();
    return answerText(s.c, op) === `reply ${JSON.stringify({ version: 2 })}` ? undefined : `n1's store, queued at n2 behind its write, answered ${answerText(s.c, op)}`;
  },
  'dsm-restart-forgets-crash': (flag) => {
    const s = new SharedPage(flag);
    s.stored('n1', 5);
    s.c.crash('n1');
    s.c.restart('n1');
    s.c.settle(perfect);
    const got = s.loaded('n2');
    // The restarted manager knows no owner, so giving up (PROTOCOL.md, DSM crashes) is as right as
    // reporting the loss; the bug is answering with a value the crash destroyed.
    return got === 'error page_lost' || got === 'error unavailable' ? undefined : `a load of a page whose owner crashed (after a store of 5) answered ${got}`;
  },
  'dsm-read-forward-moves-hint': (flag) => {
    const s = new SharedPage(flag);
    s.stored('n2', 1); // n2 owns the page; n1's hint points at it
    s.load('n3'); // goes to n1 (n3's hint), which forwards it to n2
    let surveyed = false;
    const slowCopy: Network = (p) => {
      if (dsm('whoOwns')(p)) surveyed = true;
      return dsm('copy', 'n3')(p) ? 'hold' : 'deliver';
    };
    s.c.settle(slowCopy);
    const op = s.load('n1');
    s.c.settle(slowCopy);
    s.finish();
    const got = answerText(s.c, op);
    if (got !== value(1, 1)) return `n1's load, while n3's copy was on its way, answered ${got}`;
    // With no crash, Li and Hudak's hints form a tree rooted at the owner: asking every node who owns
    // the page means a request came back to where it started.
    return surveyed ? "n1's load went n1 → n3 → n1 and was served only after n1 asked every node who owns the page, with no crash" : undefined;
  },
  'dsm-old-owner-keeps-mapping': (flag) => {
    const s = new SharedPage(flag);
    s.stored('n1', 5);
    s.stored('n2', 7);
    const got = s.loaded('n1');
    return got === value(7, 2) ? undefined : `after n2's store of 7 was answered, n1 loaded ${got}`;
  },
  'dsm-crashed-reader-never-acks': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    const op = s.store('n1', 5);
    s.c.settle(loseFirst(1, dsm('invalidate', 'n2')));
    s.c.crash('n2');
    s.c.restart('n2');
    s.finish();
    return answerText(s.c, op) === `reply ${JSON.stringify({ version: 1 })}` ? undefined : `n1's store, whose reader n2 restarted, answered ${answerText(s.c, op)}`;
  },
  'dsm-read-served-mid-upgrade': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    const slowInvalidation = holding(dsm('invalidate', 'n2'));
    const write = s.store('n1', 5);
    s.c.settle(slowInvalidation);
    s.load('n3');
    s.c.settle(slowInvalidation);
    s.finish();
    if (s.c.answer(write)?.kind !== 'reply') return `n1's store answered ${answerText(s.c, write)}`;
    const got = s.loaded('n3');
    return got === value(5, 1) ? undefined : `after n1's store of 5 was answered, n3 loaded ${got}`;
  },
};
