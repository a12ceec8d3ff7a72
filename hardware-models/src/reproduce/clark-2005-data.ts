// The measurements of Clark, Fraser, Hand, Hansen, Jul, Limpach, Pratt and Warfield, "Live
// Migration of Virtual Machines", NSDI 2005 (Xen on Dell PE-2650 servers, switched gigabit
// Ethernet), with where each number comes from. MB in the paper's figures is taken as 2^20 bytes.
//
// Provenance, honestly: the two downtimes of section 1 (210 ms SPECweb, 60 ms Quake 3) were
// checked in this repository's session against a transcript of the paper (vdocuments.net,
// "2005-migration-nsdi-pre", page 2). The other numbers are the annotations of the paper's
// Figures 9, 11 and 12 ("Iterative progress of live migration"), read from the figures; no stored
// copy of those pages could be searched, so they are marked `checked: false` until someone
// compares them with the PDF (https://www.usenix.org/legacy/events/nsdi05/tech/full_papers/clark/clark.pdf).

export type Clark2005Workload = 'specweb99' | 'quake3' | 'diabolical';
export type Clark2005Quantity = 'firstRoundSeconds' | 'laterRoundsSeconds' | 'totalMiB' | 'stopAndCopyMiB' | 'downtimeMs';

export interface Clark2005Point {
  workload: Clark2005Workload;
  quantity: Clark2005Quantity;
  value: number;
  source: string;
  /** True when the number was compared with a copy of the paper's text in this repository's history. */
  checked: boolean;
}

export interface Clark2005Setup {
  workload: Clark2005Workload;
  description: string;
  memoryMiB: number;
  /** The region the workload writes, when the paper states it. */
  writtenRegionMiB?: number;
  source: string;
}

export const clark2005Setups: readonly Clark2005Setup[] = [
  { workload: 'specweb99', description: 'SPECweb99, 350 clients (90 % of the maximum load)', memoryMiB: 800, source: 'section 6.3, Figure 9' },
  { workload: 'quake3', description: 'Quake 3 server, 6 players', memoryMiB: 64, source: 'section 6.4, Figure 11' },
  { workload: 'diabolical', description: 'MMuncher: constant writes to a 256 MB region', memoryMiB: 512, writtenRegionMiB: 256, source: 'section 6.5, Figure 12' },
];

export const clark2005Points: readonly Clark2005Point[] = [
  { workload: 'specweb99', quantity: 'firstRoundSeconds', value: 62, source: 'Figure 9, "1st precopy" span, read from the figure', checked: false },
  { workload: 'specweb99', quantity: 'laterRoundsSeconds', value: 9.8, source: 'Figure 9, "further iterations" span, read from the figure', checked: false },
  { workload: 'specweb99', quantity: 'totalMiB', value: 960, source: 'Figure 9 annotation: total data transmitted 960 MB (x1.20)', checked: false },
  { workload: 'specweb99', quantity: 'stopAndCopyMiB', value: 18.2, source: 'Figure 9 annotation: the remaining 18.2 MB of dirty pages are sent in the final iteration', checked: false },
  { workload: 'specweb99', quantity: 'downtimeMs', value: 210, source: 'section 1 text ("only 210 ms unavailability"); Figure 9 annotation: 201 ms copy + 9 ms start-up', checked: true },
  { workload: 'quake3', quantity: 'totalMiB', value: 88, source: 'Figure 11 annotation: total data transmitted 88 MB (x1.37)', checked: false },
  { workload: 'quake3', quantity: 'stopAndCopyMiB', value: 148 / 1024, source: 'Figure 11 annotation: the final iteration leaves only 148 KB', checked: false },
  { workload: 'quake3', quantity: 'downtimeMs', value: 60, source: 'section 1 text ("just 60 ms downtime") and abstract ("as low as 60ms"); Figure 11: 20 ms copy + 40 ms start-up', checked: true },
  { workload: 'diabolical', quantity: 'downtimeMs', value: 3500, source: 'Figure 12 annotation: total downtime 3.5 seconds, read from the figure', checked: false },
];

/** The paper's own split of two downtimes into copy and start-up (Figures 9 and 11), used to explain misses, never fitted. */
export const clark2005DowntimeSplit = {
  specweb99: { copyMs: 201, startupMs: 9 },
  quake3: { copyMs: 20, startupMs: 40 },
} as const;
