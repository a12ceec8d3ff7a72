// The protocol of feature `dsm` (distributed shared memory): shared segments whose pages processes
// on any node load and store, each store numbered in its page's coherence order, and the trace
// vocabulary of spec/dsm (DSM.tla). index.ts splices these into its unions; this file imports
// nothing from it (index.ts imports this one).
import { z } from 'zod';
import { Capability } from './quotas.js';

/** A node or process identifier (index.ts's NodeId and Pid, restated so this file stands alone). */
const node = z.string().min(1);
const pid = z.string().min(1);

/** A shared memory segment (feature `dsm`), named by the suite; every node may attach to it. */
export const SegmentName = z.string().min(1).describe('a shared memory segment, named by the suite');
/** A page of a segment, numbered from 1 as in spec/dsm. */
export const DsmPage = z.number().int().min(1).describe('a page of a shared segment, numbered from 1');
/** What a shared page holds: an integer, 0 at first. */
export const DsmValue = z.number().int().describe('the contents of a shared page: an integer, 0 at first');
/** A write's place in its page's coherence order: 1 for the first write, 0 for the initial contents. */
export const DsmVersion = z.number().int().min(0).describe("a write's place in its page's coherence order (0: the initial contents)");
/** The right a fault asks for. */
export const DsmAccess = z.enum(['read', 'write']);

export const dsmOperations = [
  z
    .object({ kind: z.literal('attach'), pid, segment: SegmentName, pages: z.number().int().min(1).max(1 << 20), capability: Capability.optional() })
    .strict()
    .describe("attach a process to a shared segment of `pages` pages (every page 0 until stored); reply {}; a segment 'A/…' is account A's (feature quotas): a process not of A needs `capability` on A with write, else forbidden"),
  z.object({ kind: z.literal('load'), pid, segment: SegmentName, page: DsmPage }).strict().describe('read a page of a shared segment; reply {value, version}'),
  z
    .object({ kind: z.literal('store'), pid, segment: SegmentName, page: DsmPage, value: DsmValue })
    .strict()
    .describe('write a page of a shared segment; reply {version}'),
] as const;

export const dsmReplyValueSchemas = {
  attach: z.object({}).strict(),
  load: z.object({ value: DsmValue, version: DsmVersion }).strict(),
  store: z.object({ version: DsmVersion.min(1) }).strict(),
} as const;

export const dsmErrorCodes = {
  page_lost: { definite: true, meaning: "the page's owner crashed and its contents are gone; the load or store did not take effect" },
} as const;

/** Each reported on the node where it happens (spec/dsm/README.md, "Actions and the trace vocabulary"). */
export const dsmTraceEvents = [
  /** `to`: where the fault's request goes first (the manager or the probable owner); the node itself when it owns the page and upgrades in place. */
  z.object({ kind: z.literal('Fault'), segment: SegmentName, page: DsmPage, access: DsmAccess, to: node }).strict(),
  z.object({ kind: z.literal('RequestForwarded'), segment: SegmentName, page: DsmPage, requester: node, to: node, byManager: z.boolean() }).strict(),
  z.object({ kind: z.literal('CopyGranted'), segment: SegmentName, page: DsmPage, to: node }).strict(),
  z.object({ kind: z.literal('OwnershipTransferred'), segment: SegmentName, page: DsmPage, to: node, copyset: z.array(node) }).strict(),
  z.object({ kind: z.literal('OwnershipReceived'), segment: SegmentName, page: DsmPage, from: node, invalidating: z.array(node) }).strict(),
  z.object({ kind: z.literal('Invalidated'), segment: SegmentName, page: DsmPage, by: node }).strict(),
  z.object({ kind: z.literal('InvalidationAcked'), segment: SegmentName, page: DsmPage, from: node }).strict(),
  z.object({ kind: z.literal('FaultServed'), segment: SegmentName, page: DsmPage, access: DsmAccess }).strict(),
  z.object({ kind: z.literal('Stored'), segment: SegmentName, page: DsmPage, value: DsmValue, version: DsmVersion }).strict(),
  z.object({ kind: z.literal('Loaded'), segment: SegmentName, page: DsmPage, value: DsmValue, version: DsmVersion }).strict(),
  z.object({ kind: z.literal('PageLost'), segment: SegmentName, page: DsmPage }).strict(),
] as const;
