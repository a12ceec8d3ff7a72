// Checkers for process migration (spec/migration): one active copy, memory preserved, one
// migration at a time, an abort leaves the source running, and the pid keeps leading to the
// process (locate follows it, lookups keep answering the same pid). Messages across a migration
// are judged by the messaging checkers (NoDuplication, PerPairFIFO, NoLossWithoutCrash).
import type { TraceEvent } from '../../protocol/index.js';
import type { HistoryIndex, IndexedEvent } from './history-index.js';
import { jsonEqual } from './history-index.js';
import type { Violation } from './properties.js';

/** The migrating process an event shows running (doing something only a running copy does), if any. */
function runningProcess(event: TraceEvent): string | undefined {
  switch (event.kind) {
    case 'Written':
    case 'Read':
      return event.pid;
    case 'Delivered':
      return event.to;
    case 'Executed':
      return event.server;
    default:
      return undefined;
  }
}

/** Where each migrating process runs, replayed from the trace: its node, or frozen (`undefined`) at one. */
interface Whereabouts {
  node: string;
  frozen: boolean;
  /** The migration in progress: its source and destination, and whether it switched. */
  migration?: { from: string; to: string; switched: boolean; startEntry: number };
}

/**
 * OneActiveCopy: replays Spawned, MigrationStarted, Frozen, Switched and MigrationAborted and
 * rejects any sign of a second running copy: an action of the process (a write, a read, a
 * delivery, an execution) on a node other than where it runs or while it is frozen, a switch
 * from a node it does not run on, and an abort after the switch (the source resuming a process
 * the destination already runs).
 */
export function checkOneActiveCopy(index: HistoryIndex): Violation[] {
  const where = new Map<string, Whereabouts>();
  const violations: Violation[] = [];
  const flag = (e: IndexedEvent, message: string) => violations.push({ property: 'OneActiveCopy', message, timeNs: e.timeNs, entries: [e.index] });
  const migrated = new Set(index.eventsOf('MigrationStarted').map((e) => e.event.pid));
  for (const e of index.events) {
    const event = e.event;
    switch (event.kind) {
      case 'Spawned':
        where.set(event.pid, { node: event.node, frozen: false });
        continue;
      case 'MigrationStarted': {
        const w = where.get(event.pid);
        if (w !== undefined) w.migration = { from: event.from, to: event.to, switched: false, startEntry: e.index };
        continue;
      }
      case 'Frozen': {
        const w = where.get(event.pid);
        if (w !== undefined && w.node === e.node) w.frozen = true;
        continue;
      }
      case 'Switched': {
        const w = where.get(event.pid);
        if (w === undefined) continue;
        if (w.node !== event.from) flag(e, `${event.pid} switched from ${event.from} to ${event.to}, but it ran on ${w.node}`);
        else if (!w.frozen) flag(e, `${event.pid} switched to ${event.to} while still running on ${event.from} (no Frozen before the switch)`);
        where.set(event.pid, { node: event.to, frozen: false, ...(w.migration ? { migration: { ...w.migration, switched: true } } : {}) });
        continue;
      }
      case 'MigrationAborted': {
        const w = where.get(event.pid);
        if (w === undefined) continue;
        if (w.migration?.switched && w.node === w.migration.to) {
          flag(e, `${event.pid}'s migration to ${w.migration.to} aborted after the switch: the source resumes a process the destination runs`);
          where.set(event.pid, { node: w.migration.from, frozen: false });
          continue;
        }
        if (w.migration !== undefined) where.set(event.pid, { node: w.migration.from, frozen: false });
        continue;
      }
      default: {
        const pid = runningProcess(event);
        if (pid === undefined || !migrated.has(pid)) continue;
        const w = where.get(pid);
        if (w === undefined) continue;
        if (w.node !== e.node) flag(e, `${pid} acted on ${e.node} (${event.kind}) while it runs on ${w.node}: two active copies`);
        else if (w.frozen) flag(e, `${pid} acted on ${e.node} (${event.kind}) while frozen for its migration`);
      }
    }
  }
  return violations;
}

/**
 * MemoryPreserved: a page reads as the last value written to it, whichever node the process ran
 * on (one active copy at a time makes the trace order the process's order); a page never
 * written reads as null. The reply to a read carries the value its Read event reports.
 */
export function checkMemoryPreserved(index: HistoryIndex): Violation[] {
  const last = new Map<string, { value: unknown; entry: number }>();
  const violations: Violation[] = [];
  const reads = index.eventsOf('Read');
  for (const e of index.events) {
    const event = e.event;
    if (event.kind === 'Written') last.set(`${event.pid}\u0000${event.page}`, { value: event.value, entry: e.index });
    if (event.kind !== 'Read') continue;
    const written = last.get(`${event.pid}\u0000${event.page}`);
    const expected = written?.value ?? null;
    if (!jsonEqual(event.value, expected)) {
      violations.push({
        property: 'MemoryPreserved',
        message: `${event.pid} read ${JSON.stringify(event.value)} from page ${event.page} on ${e.node}; the last value written there was ${JSON.stringify(expected)}`,
        timeNs: e.timeNs,
        entries: written ? [written.entry, e.index] : [e.index],
      });
    }
  }
  for (const op of index.opsOf('read')) {
    if (op.outcome?.kind !== 'ok') continue;
    const value = (op.outcome.value as { value: unknown }).value;
    const events = reads.filter((r) => r.event.pid === op.op.pid && r.event.page === op.op.page && r.timeNs >= op.invokeNs && r.timeNs <= op.completeNs!);
    if (events.length > 0 && !events.some((r) => jsonEqual(r.event.value, value))) {
      violations.push({
        property: 'MemoryPreserved',
        message: `read of page ${op.op.page} of ${op.op.pid} answered ${JSON.stringify(value)}; no Read event while it was in progress read that (${events.map((r) => JSON.stringify(r.event.value)).join(', ')})`,
        timeNs: op.completeNs,
        entries: [...events.map((r) => r.index), op.completeIndex!],
      });
    }
  }
  return violations;
}

/**
 * OneMigrationAtATime: a process's migration starts only once its previous one switched or
 * aborted, or a crash of its source or destination ended it.
 */
export function checkOneMigrationAtATime(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  walkMigrations(index, (event, i, earlier) => {
    if (event.kind === 'MigrationStarted' && earlier !== undefined) {
      violations.push({ property: 'OneMigrationAtATime', message: `a second migration of ${event.pid} (to ${event.to}) started while its migration to ${earlier.to} had neither switched nor aborted`, timeNs: index.history[i]!.timeNs, entries: [earlier.startEntry, i] });
    }
  });
  return violations;
}

/** A migration in progress as the history shows it: from its MigrationStarted to its switch, abort, or a crash of either end. */
interface MigrationInProgress {
  mode: string;
  from: string;
  to: string;
  startEntry: number;
}

/**
 * The one walk over the history that the migration checkers share: `visit` sees every event with
 * the migration of its process then in progress (before the event takes effect), so a checker
 * keeps only what it adds to a migration, in `extra`. A migration starts at MigrationStarted and
 * ends at Switched, MigrationAborted, or a crash of its source or destination.
 */
function walkMigrations<Extra extends object = object>(
  index: HistoryIndex,
  visit: (event: TraceEvent, entry: number, migration: (MigrationInProgress & Extra) | undefined) => void,
  extra: () => Extra = () => ({}) as Extra,
): void {
  const inProgress = new Map<string, MigrationInProgress & Extra>();
  index.history.forEach((entry, i) => {
    if (entry.kind === 'crash') {
      for (const [pid, m] of inProgress) if (m.from === entry.node || m.to === entry.node) inProgress.delete(pid);
      return;
    }
    if (entry.kind !== 'event') return;
    const event = entry.event;
    const pid = (event as { pid?: string }).pid;
    visit(event, i, pid === undefined ? undefined : inProgress.get(pid));
    if (event.kind === 'MigrationStarted') inProgress.set(event.pid, { mode: event.mode, from: event.from, to: event.to, startEntry: i, ...extra() });
    if (event.kind === 'Switched' || event.kind === 'MigrationAborted') inProgress.delete(event.pid);
  });
}

/**
 * AbortLeavesSourceRunning: a migrate answered `migration_aborted` was reported aborted
 * (MigrationAborted) and never switched; the process runs on at the node the migrate was issued
 * at, so a locate answered after the abort (and before any later migrate) names that node.
 */
export function checkAbortLeavesSourceRunning(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const migrates = index.opsOf('migrate');
  for (const op of migrates) {
    if (op.outcome?.kind !== 'error' || op.outcome.code !== 'migration_aborted') continue;
    const { pid } = op.op;
    const at = { timeNs: op.completeNs, entries: [op.invokeIndex, op.completeIndex!] };
    const during = (e: { timeNs: number; event: { pid: string } }) => e.event.pid === pid && e.timeNs >= op.invokeNs && e.timeNs <= op.completeNs!;
    if (!index.eventsOf('MigrationAborted').some(during)) violations.push({ property: 'AbortLeavesSourceRunning', message: `migrate of ${pid} failed with migration_aborted but no MigrationAborted event reports the abort`, ...at });
    const switched = index.eventsOf('Switched').find(during);
    if (switched) violations.push({ property: 'AbortLeavesSourceRunning', message: `migrate of ${pid} answered migration_aborted, yet it switched to ${switched.event.to}`, ...at, entries: [...at.entries, switched.index] });
    const nextMigrateNs = Math.min(...migrates.filter((m) => m.op.pid === pid && m.invokeNs > op.completeNs!).map((m) => m.invokeNs), Infinity);
    for (const locate of index.opsOf('locate')) {
      if (locate.op.pid !== pid || locate.invokeNs < op.completeNs! || locate.completeNs === undefined || locate.completeNs > nextMigrateNs || locate.outcome?.kind !== 'ok') continue;
      if (index.crashedBetween(op.node, op.invokeNs, locate.completeNs)) continue;
      const node = (locate.outcome.value as { node: string }).node;
      if (node !== op.node) violations.push({ property: 'AbortLeavesSourceRunning', message: `after its migration aborted, ${pid} should run on ${op.node}; locate answered ${node}`, timeNs: locate.completeNs, entries: [op.completeIndex!, locate.completeIndex!] });
    }
  }
  return violations;
}

/**
 * IdentityPreserved: a migrated process keeps its pid and names. A locate issued after a
 * migrate returned (and before the next migrate of that pid not refused, which may have been
 * issued before this one returned) answers the migrate's node; a lookup
 * of a name the process registered before moving, issued after the move, answers its pid while it
 * lives; and trace events after the switch name the same pid.
 */
export function checkIdentityPreserved(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const migrates = index.opsOf('migrate').filter((m) => m.outcome?.kind === 'ok');
  const exitedNs = new Map(index.eventsOf('Exited').map((e) => [e.event.pid, e.timeNs]));
  const crashes = (node: string, fromNs: number, toNs: number) => index.crashedBetween(node, fromNs, toNs);
  for (const m of migrates) {
    const { pid } = m.op;
    const node = (m.outcome as { value: { node: string } }).value.node;
    // A later migrate may start before this one's answer arrives (post-copy: the migration ended
    // at the destination when the last page arrived, PROTOCOL.md); it ends this one's window.
    const later = index.opsOf('migrate').filter((o) => o.op.pid === pid && o.invokeNs > m.invokeNs && !(o.outcome?.kind === 'error' && o.outcome.definite));
    const untilNs = Math.min(...later.map((o) => o.invokeNs), exitedNs.get(pid) ?? Infinity);
    for (const locate of index.opsOf('locate')) {
      if (locate.op.pid !== pid || locate.invokeNs < m.completeNs! || locate.completeNs === undefined || locate.completeNs > untilNs || locate.outcome?.kind !== 'ok') continue;
      if (crashes(node, m.completeNs!, locate.completeNs)) continue;
      const answered = (locate.outcome.value as { node: string }).node;
      if (answered !== node) violations.push({ property: 'IdentityPreserved', message: `${pid} migrated to ${node} (migrate answered at ${m.completeNs} ns); locate answered ${answered}`, timeNs: locate.completeNs, entries: [m.completeIndex!, locate.completeIndex!] });
    }
    const names = index.opsOf('register').filter((r) => r.op.pid === pid && r.outcome?.kind === 'ok' && r.completeNs! < m.invokeNs).map((r) => r.op.name);
    for (const lookup of index.opsOf('lookup')) {
      if (!names.includes(lookup.op.name) || lookup.invokeNs < m.completeNs! || lookup.completeNs === undefined || lookup.completeNs > (exitedNs.get(pid) ?? Infinity)) continue;
      if (crashes(node, m.completeNs!, lookup.completeNs)) continue;
      const outcome = lookup.outcome;
      if (outcome?.kind === 'ok' && (outcome.value as { pid: string }).pid === pid) continue;
      if (outcome?.kind === 'error' && !outcome.definite) continue;
      const answered = outcome?.kind === 'ok' ? `pid ${(outcome.value as { pid: string }).pid}` : outcome?.kind === 'error' ? `error ${outcome.code}` : 'nothing';
      violations.push({ property: 'IdentityPreserved', message: `'${lookup.op.name}' was registered to ${pid} before it migrated; a lookup after the move answered ${answered}`, timeNs: lookup.completeNs, entries: [m.completeIndex!, lookup.completeIndex!] });
    }
  }
  return violations;
}

/** A post-copy migration whose source crashed after the switch and before the migrate returned. */
interface PostCopyLoss {
  pid: string;
  src: string;
  dst: string;
  switchedNs: number;
  crashNs: number;
  crashIndex: number;
  /** Pages that reached the destination (PageFetched) after the switch, sent before the crash. */
  fetched: Set<number>;
  /** PageFetched events after the crash that no packet of the source carried. */
  conjured: IndexedEvent<Extract<TraceEvent, { kind: 'PageFetched' }>>[];
}

/** Post-copy migrations cut short by a crash of their source (spec: fate = "lost-post-copy"). */
function postCopyLosses(index: HistoryIndex): PostCopyLoss[] {
  const losses: PostCopyLoss[] = [];
  const migrates = index.opsOf('migrate');
  for (const s of index.eventsOf('Switched')) {
    const { pid, from: src, to: dst } = s.event;
    const start = index.eventsOf('MigrationStarted').filter((m) => m.event.pid === pid && m.index < s.index).at(-1);
    if (start?.event.mode !== 'post-copy') continue;
    const returned = migrates.find((m) => m.op.pid === pid && m.invokeIndex <= start.index && m.outcome?.kind === 'ok' && m.completeIndex! > start.index);
    const crash = index.history.findIndex((e, i) => i > s.index && e.kind === 'crash' && e.node === src && (returned === undefined || i < returned.completeIndex!));
    if (crash < 0) continue;
    const nextSwitch = index.eventsOf('Switched').find((x) => x.event.pid === pid && x.index > s.index)?.index ?? Infinity;
    const crashNs = index.history[crash]!.timeNs;
    // A page arriving after the crash came in a packet the source sent before it: delivered in the same step.
    const carried = (timeNs: number) => index.history.some((e) => e.kind === 'packet-delivered' && e.from === src && e.to === dst && e.timeNs === timeNs && e.sentNs <= crashNs);
    const fetches = index.eventsOf('PageFetched').filter((f) => f.event.pid === pid && f.index > s.index && f.index < nextSwitch);
    const served = fetches.filter((f) => f.index < crash || carried(f.timeNs));
    const conjured = fetches.filter((f) => !served.includes(f));
    losses.push({ pid, src, dst, switchedNs: s.timeNs, crashNs, crashIndex: crash, fetched: new Set(served.map((f) => f.event.page)), conjured });
  }
  return losses;
}

/**
 * PostCopyLossOnlyInPostCopy: what a process may observe when its post-copy source crashes
 * between the switch and the last page (spec/migration: the process is lost, "lost-post-copy",
 * and every page the destination had not received exists nowhere). A page that never reached the
 * destination is never read, written or answered after the switch (no zero-filled or stale
 * page); once an access of the process was answered `crashed` (the destination declared it
 * lost) the process takes no further step; and a process is declared lost that way only after
 * such a crash or a crash of a node it ran on — in stop-and-copy and pre-copy a source crash after
 * the switch loses nothing.
 */
export function checkPostCopyLoss(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const losses = postCopyLosses(index);
  const accesses = [...index.opsOf('read'), ...index.opsOf('write')];
  for (const loss of losses) {
    const { pid, src, dst } = loss;
    const missing = (page: number) => !loss.fetched.has(page);
    for (const f of loss.conjured) {
      violations.push({ property: 'PostCopyLossOnlyInPostCopy', message: `${pid}'s page ${f.event.page} arrived at ${dst} after its post-copy source ${src} crashed, in no packet the source sent before`, timeNs: f.timeNs, entries: [loss.crashIndex, f.index] });
    }
    for (const e of index.events) {
      const event = e.event;
      if (e.timeNs < loss.switchedNs || (event.kind !== 'Read' && event.kind !== 'Written') || event.pid !== pid || !missing(event.page)) continue;
      violations.push({ property: 'PostCopyLossOnlyInPostCopy', message: `${pid}'s page ${event.page} never reached ${dst} before its post-copy source ${src} crashed; it exists nowhere, yet ${event.kind === 'Read' ? `a read returned ${JSON.stringify(event.value)}` : 'it was written'} on ${e.node}`, timeNs: e.timeNs, entries: [loss.crashIndex, e.index] });
    }
    for (const a of accesses) {
      if (a.op.pid !== pid || a.completeNs === undefined || a.completeNs < loss.crashNs || a.outcome?.kind !== 'ok' || !missing(a.op.page)) continue;
      violations.push({ property: 'PostCopyLossOnlyInPostCopy', message: `${a.op.kind} of page ${a.op.page} of ${pid} answered ok after its post-copy source ${src} crashed, but the page never reached ${dst}`, timeNs: a.completeNs, entries: [loss.crashIndex, a.completeIndex!] });
    }
  }
  for (const a of accesses) {
    if (a.outcome?.kind !== 'error' || a.outcome.code !== 'crashed') continue;
    const { pid } = a.op;
    const runs = index.lifeOf(pid)?.runsOn ?? [];
    const ranOnAt = (timeNs: number) => runs.filter((r) => r.fromNs <= timeNs).at(-1)?.node;
    const lostWithNode = index.history.some((e) => e.kind === 'crash' && e.timeNs <= a.completeNs! && ranOnAt(e.timeNs) === e.node);
    const lostWithSource = losses.some((l) => l.pid === pid && l.crashNs <= a.completeNs!);
    if (!lostWithNode && !lostWithSource) {
      violations.push({ property: 'PostCopyLossOnlyInPostCopy', message: `${a.op.kind} of ${pid} answered crashed (the process lost), but the node it ran on did not crash and no post-copy source of it crashed before the last page`, timeNs: a.completeNs, entries: [a.completeIndex!] });
      continue;
    }
    const actsAs = (event: TraceEvent) => runningProcess(event) ?? (event.kind === 'PageFetched' ? event.pid : undefined);
    const after = index.events.find((e) => e.index > a.completeIndex! && actsAs(e.event) === pid);
    if (after !== undefined) {
      violations.push({ property: 'PostCopyLossOnlyInPostCopy', message: `${pid} was declared lost (${a.op.kind} answered crashed), yet it acted again on ${after.node} (${after.event.kind})`, timeNs: after.timeNs, entries: [a.completeIndex!, after.index] });
    }
  }
  return violations;
}

/** What a migration's page counts must be, as far as the history shows the process's memory. */
interface PageBook {
  /** The spawn's page count, when the suite gave one (else the port chose it). */
  pages: number | undefined;
  /** Whether the counts are exact: the spawn said its own work dirties nothing. Else they are lower bounds. */
  exact: boolean;
}

function pageBooks(index: HistoryIndex): Map<string, PageBook> {
  const books = new Map<string, PageBook>();
  for (const spawn of index.opsOf('spawn')) {
    if (spawn.outcome?.kind !== 'ok') continue;
    const pid = (spawn.outcome.value as { pid: string }).pid;
    const memory = spawn.op.memory;
    const quiet = memory !== undefined && memory.dirtyPagesPerSec === 0 && (memory.hotSet?.dirtyPagesPerSec ?? 0) === 0;
    books.set(pid, { pages: memory?.pages, exact: quiet });
  }
  return books;
}

/**
 * PagesCopiedAsRounds: the page counts of a migration are the module's dirty sets
 * (spec/migration: `RoundCopied.pages` and `Frozen.dirtyPages` equal `dirty`). Rounds are numbered
 * 1, 2, … per migration; round 1 copies every page; round k + 1, sent as round k ends, copies the
 * pages written while round k was sent (from round k's start, RoundCopied of round k − 1 or the
 * MigrationStarted, to RoundCopied of round k); a pre-copy freeze, as its last round ends, reports
 * the pages written during that round; a stop-and-copy
 * or post-copy freeze reports every page; the switch copies the frozen dirty pages (none in
 * post-copy). A port's own work dirties pages too (the spawn's `dirtyPagesPerSec`, `hotSet`), so
 * unless the spawn said it dirties none the counts are only bounded below by the writes (and above
 * by the memory); the page counts of a spawn without `memory` are the port's and are not compared.
 */
export function checkPagesCopiedAsRounds(index: HistoryIndex): Violation[] {
  const books = pageBooks(index);
  const violations: Violation[] = [];
  interface Copying extends MigrationInProgress { rounds: number; duringLastRound: Set<number>; duringThisRound: Set<number>; frozenDirty: number | undefined }
  const fail = (message: string, entry: number, m: Copying) => violations.push({ property: 'PagesCopiedAsRounds', message, timeNs: index.history[entry]!.timeNs, entries: [m.startEntry, entry] });
  /** `count` against the written pages: equal when exact, at least them otherwise, never more than the memory. */
  const compare = (pid: string, count: number, written: Set<number>, what: string, entry: number, m: Copying) => {
    const book = books.get(pid);
    if (book?.pages !== undefined && count > book.pages) return fail(`${what} of ${pid} counts ${count} pages; it has ${book.pages}`, entry, m);
    if (count < written.size || (book?.exact === true && count !== written.size)) {
      fail(`${what} of ${pid} counts ${count} pages; ${written.size} distinct pages were written in the round before (${[...written].sort((a, b) => a - b).join(', ') || 'none'})${book?.exact === true ? ' and its work dirties none' : ''}`, entry, m);
    }
  };
  const fresh = () => ({ rounds: 0, duringLastRound: new Set<number>(), duringThisRound: new Set<number>(), frozenDirty: undefined as number | undefined });
  walkMigrations<ReturnType<typeof fresh>>(index, (event, i, m) => {
    if (m === undefined) return;
    switch (event.kind) {
      case 'Written':
        if (m.frozenDirty === undefined) m.duringThisRound.add(event.page);
        return;
      case 'RoundCopied': {
        if (event.round !== m.rounds + 1) fail(`round ${event.round} of ${event.pid}'s migration copied after round ${m.rounds}; rounds are numbered 1, 2, …`, i, m);
        m.rounds = event.round;
        const pages = books.get(event.pid)?.pages;
        if (event.round === 1 && pages !== undefined && event.pages !== pages) fail(`round 1 of ${event.pid}'s migration copies ${event.pages} pages; the first round copies every page (${pages})`, i, m);
        if (event.round > 1) compare(event.pid, event.pages, m.duringLastRound, `round ${event.round}`, i, m);
        m.duringLastRound = m.duringThisRound;
        m.duringThisRound = new Set();
        return;
      }
      case 'Frozen': {
        m.frozenDirty = event.dirtyPages;
        const pages = books.get(event.pid)?.pages;
        // Pre-copy freezes as its last round ends (the RoundCopied just before, in the same step): its dirty set is that round's writes.
        if (m.mode === 'pre-copy') compare(event.pid, event.dirtyPages, m.duringLastRound, 'the freeze', i, m);
        else if (pages !== undefined && event.dirtyPages !== pages) fail(`the ${m.mode} freeze of ${event.pid} reports ${event.dirtyPages} dirty pages; nothing was copied before it, so all ${pages} are`, i, m);
        return;
      }
      case 'Switched': {
        if (m.frozenDirty === undefined) return;
        const expected = m.mode === 'post-copy' ? 0 : m.frozenDirty;
        if (event.pagesCopied !== expected) fail(`the switch of ${event.pid} copies ${event.pagesCopied} pages; ${m.mode === 'post-copy' ? 'post-copy moves none at the switch' : `the freeze left ${m.frozenDirty} dirty`}`, i, m);
        return;
      }
    }
  }, fresh);
  return violations;
}

/**
 * NoResidualDependency: once a migration returned, the process depends on no node but the one it
 * runs on (spec/migration: the registry `loc` survives every crash; a home node, as in Sprite, is
 * an implementation's choice that must not show). A locate, read, write or call of the process by
 * its pid, issued after the migrate returned and answered before the process moved again or
 * exited, succeeds, whatever happened to its home node or the nodes it left, unless the node it
 * runs on or the node that issued the operation crashed, or a partition was in effect, meanwhile.
 * Those faults excuse a failure, never a claim that the process does not exist: `not_found` for a
 * process that lived throughout the operation is rejected whatever failed (the module's registry
 * survives every crash and a restarted node is a new node that resolves through it; a network
 * fault delays, it does not kill). Names are left out: their directory is a node of its own that
 * may be down (IdentityPreserved judges lookups).
 */
export function checkNoResidualDependency(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const partitioned: { fromNs: number; toNs: number }[] = [];
  for (const entry of index.history) {
    if (entry.kind === 'partition') partitioned.push({ fromNs: entry.timeNs, toNs: Infinity });
    if (entry.kind === 'heal') for (const p of partitioned) if (p.toNs === Infinity) p.toNs = entry.timeNs;
  }
  const exitedNs = new Map(index.eventsOf('Exited').map((e) => [e.event.pid, e.timeNs]));
  const migrates = index.opsOf('migrate');
  for (const m of migrates) {
    if (m.outcome?.kind !== 'ok') continue;
    const { pid } = m.op;
    const runsOn = (m.outcome.value as { node: string }).node;
    const later = migrates.filter((o) => o.op.pid === pid && o.invokeNs > m.invokeNs && !(o.outcome?.kind === 'error' && o.outcome.definite));
    const untilNs = Math.min(...later.map((o) => o.invokeNs), exitedNs.get(pid) ?? Infinity);
    const onProcess = [
      ...index.opsOf('locate').filter((o) => o.op.pid === pid),
      ...index.opsOf('read').filter((o) => o.op.pid === pid),
      ...index.opsOf('write').filter((o) => o.op.pid === pid),
      ...index.opsOf('call').filter((o) => o.op.to.kind === 'pid' && o.op.to.pid === pid),
    ];
    for (const o of onProcess) {
      if (o.invokeNs < m.completeNs! || o.completeNs === undefined || o.completeNs > untilNs || o.outcome?.kind !== 'error') continue;
      const [fromNs, toNs] = [m.completeNs!, o.completeNs];
      const life = index.lifeOf(pid);
      const deniesLive = o.outcome.code === 'not_found' && life !== undefined && life.bornNs < o.invokeNs && (life.diedNs === undefined || life.diedNs > toNs);
      if (!deniesLive && (index.crashedBetween(runsOn, fromNs, toNs) || index.crashedBetween(o.node, fromNs, toNs) || partitioned.some((p) => p.fromNs <= toNs && p.toNs >= fromNs))) continue;
      violations.push({
        property: 'NoResidualDependency',
        message: deniesLive
          ? `${o.op.kind} issued on ${o.node} after ${pid} moved to ${runsOn} answered not_found (${o.outcome.text}), but ${pid} was live throughout: a crash or partition may make an operation fail, never make a live process absent`
          : `${o.op.kind} issued on ${o.node} after ${pid} moved to ${runsOn} failed with ${o.outcome.code} (${o.outcome.text}); neither node crashed and no partition was in effect, so it depends on a node the process left`,
        timeNs: o.completeNs,
        entries: [m.completeIndex!, o.completeIndex!],
      });
    }
  }
  return violations;
}
