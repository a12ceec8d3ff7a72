// The measured data behind Figures 3 and 4 of Belay et al., "IX: A Protected Dataplane Operating
// System for High Throughput and Low Latency" (OSDI 2014), copied value by value with provenance.

/**
 * Where every number in this file comes from. The IX authors kept the figure data of the paper
 * in their repository; a public fork holds the history. Values are the files' column 4
 * (messages per second, the column the paper's gnuplot scripts plot), rounded to integers.
 */
export const ix2014Provenance = {
  paper:
    'A. Belay, G. Prekas, A. Klimovic, S. Grossman, C. Kozyrakis, E. Bugnion. IX: A Protected Dataplane ' +
    'Operating System for High Throughput and Low Latency. OSDI 2014, pp. 49-65.',
  repository: 'https://github.com/greghill/ix (fork of the IX authors\' repository, with papers/osdi14/)',
  commit: '9d7d1bb69f4bda0eafe4a009adbf6d4d5763713e',
  commitNote:
    'last commit touching papers/osdi14 (2014-09-30, after "final edits" of 2014-09-10); the data ' +
    'files were last changed on 2014-09-01/03 ("paper: update connscaling figure", "update ' +
    'microbenchmark figures") and their info files say the runs were made on 2014-09-03.',
  figure4Files: {
    'ix/10gbe': 'papers/osdi14/figs/data/connscaling/IX-10-RPC/Linux-Libevent/data',
    'ix/4x10gbe': 'papers/osdi14/figs/data/connscaling/IX-40-RPC/Linux-Libevent/data',
    'linux/10gbe': 'papers/osdi14/figs/data/connscaling/Linux-10-RPC/Linux-Libevent/data',
    'linux/4x10gbe': 'papers/osdi14/figs/data/connscaling/Linux-40-RPC/Linux-Libevent/data',
  },
  figure3Files: {
    'ix/10gbe': 'papers/osdi14/figs/data/short/IX-10-RPC/Linux-Libevent/data',
    'ix/4x10gbe': 'papers/osdi14/figs/data/short/IX-40-RPC/Linux-Libevent/data',
    'linux/10gbe': 'papers/osdi14/figs/data/short/Linux-10-RPC/Linux-Libevent/data',
    'linux/4x10gbe': 'papers/osdi14/figs/data/short/Linux-40-RPC/Linux-Libevent/data',
  },
  columns:
    'connscaling: 1 connections, 2 message bytes, 3 round trips (999999999 = never closed), 4 messages/s. ' +
    'short: 1 hyperthreads, 2 message bytes, 3 round trips per connection n, 4 messages/s.',
  textChecks:
    'The paper text agrees with these files: "8.8 million messages per second" for n=1024 on 10GbE ' +
    '(8,781,908); "3.8 million TCP connections per second on 4x10GbE" (3,755,966); "47% of its own ' +
    'peak throughput" at 250,000 connections (5,974,593 / 12,701,147); "1.4 L3 cache misses per message ' +
    'for up to 10,000 connections" and "25 ... when handling 250,000" (Section 5.4).',
  setup:
    'Server: Xeon E5-2665 @ 2.4 GHz, 8 cores / 16 hyperthreads, 20 MB L3 (Intel ARK), 256 GB DRAM; ' +
    'Intel x520 (82599EB) 10GbE, one port (10GbE) or four ports bonded with an L3+L4 hash (4x10GbE). ' +
    'Clients: 18 Linux machines (Xeon E5-2637 @ 3.5 GHz or E5-2650 @ 2.6 GHz), libevent + epoll, one ' +
    '10GbE port each. IX batch bound B = 64 (Section 5.1).',
} as const;

export type PaperStack = 'ix' | 'linux';
export type PaperNic = '10gbe' | '4x10gbe';

/** One measured point of Figure 4: echo of 64-byte messages, connections kept open. */
export interface ConnectionScalingPoint {
  connections: number;
  messagesPerSec: number;
}

/** One measured point of Figure 3: `hyperthreads` server threads, `roundTrips` messages per connection. */
export interface ShortConnectionPoint {
  hyperthreads: number;
  messageBytes: number;
  roundTrips: number;
  messagesPerSec: number;
}

export type CurveKey = `${PaperStack}/${PaperNic}`;

/** Figure 4 (connection scalability), 21 points per curve. */
export const figure4: Record<CurveKey, readonly ConnectionScalingPoint[]> = {
  'ix/10gbe': [
    { connections: 18, messagesPerSec: 517088 },
    { connections: 36, messagesPerSec: 1018887 },
    { connections: 54, messagesPerSec: 1519094 },
    { connections: 90, messagesPerSec: 2489925 },
    { connections: 144, messagesPerSec: 3826024 },
    { connections: 234, messagesPerSec: 5781529 },
    { connections: 396, messagesPerSec: 7505502 },
    { connections: 432, messagesPerSec: 7946704 },
    { connections: 864, messagesPerSec: 8802035 },
    { connections: 1296, messagesPerSec: 8802580 },
    { connections: 2160, messagesPerSec: 8802564 },
    { connections: 3888, messagesPerSec: 8802562 },
    { connections: 6048, messagesPerSec: 8802556 },
    { connections: 9936, messagesPerSec: 8802545 },
    { connections: 15552, messagesPerSec: 8802471 },
    { connections: 25056, messagesPerSec: 7161607 },
    { connections: 39744, messagesPerSec: 6751441 },
    { connections: 63072, messagesPerSec: 6508815 },
    { connections: 99792, messagesPerSec: 6302862 },
    { connections: 158112, messagesPerSec: 6136924 },
    { connections: 250992, messagesPerSec: 5979416 },
  ],
  'ix/4x10gbe': [
    { connections: 18, messagesPerSec: 490490 },
    { connections: 36, messagesPerSec: 973763 },
    { connections: 54, messagesPerSec: 1410197 },
    { connections: 90, messagesPerSec: 2256989 },
    { connections: 144, messagesPerSec: 3420335 },
    { connections: 234, messagesPerSec: 5212779 },
    { connections: 396, messagesPerSec: 7372769 },
    { connections: 432, messagesPerSec: 7839041 },
    { connections: 864, messagesPerSec: 11666473 },
    { connections: 1296, messagesPerSec: 12701147 },
    { connections: 2160, messagesPerSec: 12681740 },
    { connections: 3888, messagesPerSec: 12057185 },
    { connections: 6048, messagesPerSec: 11279876 },
    { connections: 9936, messagesPerSec: 10036951 },
    { connections: 15552, messagesPerSec: 8273536 },
    { connections: 25056, messagesPerSec: 6916034 },
    { connections: 39744, messagesPerSec: 6600941 },
    { connections: 63072, messagesPerSec: 6380021 },
    { connections: 99792, messagesPerSec: 6202552 },
    { connections: 158112, messagesPerSec: 6117559 },
    { connections: 250992, messagesPerSec: 5974593 },
  ],
  'linux/10gbe': [
    { connections: 18, messagesPerSec: 260571 },
    { connections: 36, messagesPerSec: 457883 },
    { connections: 54, messagesPerSec: 624485 },
    { connections: 90, messagesPerSec: 879442 },
    { connections: 144, messagesPerSec: 1042236 },
    { connections: 234, messagesPerSec: 1060594 },
    { connections: 396, messagesPerSec: 1080208 },
    { connections: 432, messagesPerSec: 1093351 },
    { connections: 864, messagesPerSec: 1080759 },
    { connections: 1296, messagesPerSec: 1137878 },
    { connections: 2160, messagesPerSec: 1070988 },
    { connections: 3888, messagesPerSec: 1061788 },
    { connections: 6048, messagesPerSec: 880459 },
    { connections: 9936, messagesPerSec: 795653 },
    { connections: 15552, messagesPerSec: 768171 },
    { connections: 25056, messagesPerSec: 790365 },
    { connections: 39744, messagesPerSec: 634736 },
    { connections: 63072, messagesPerSec: 675725 },
    { connections: 99792, messagesPerSec: 642150 },
    { connections: 158112, messagesPerSec: 660041 },
    { connections: 250992, messagesPerSec: 648115 },
  ],
  'linux/4x10gbe': [
    { connections: 18, messagesPerSec: 273097 },
    { connections: 36, messagesPerSec: 470668 },
    { connections: 54, messagesPerSec: 636331 },
    { connections: 90, messagesPerSec: 776796 },
    { connections: 144, messagesPerSec: 819831 },
    { connections: 234, messagesPerSec: 865888 },
    { connections: 396, messagesPerSec: 852084 },
    { connections: 432, messagesPerSec: 885063 },
    { connections: 864, messagesPerSec: 831255 },
    { connections: 1296, messagesPerSec: 873364 },
    { connections: 2160, messagesPerSec: 831689 },
    { connections: 3888, messagesPerSec: 821960 },
    { connections: 6048, messagesPerSec: 718763 },
    { connections: 9936, messagesPerSec: 649043 },
    { connections: 15552, messagesPerSec: 657216 },
    { connections: 25056, messagesPerSec: 607892 },
    { connections: 39744, messagesPerSec: 569573 },
    { connections: 63072, messagesPerSec: 593798 },
    { connections: 99792, messagesPerSec: 579553 },
    { connections: 158112, messagesPerSec: 567144 },
    { connections: 250992, messagesPerSec: 564232 },
  ],
};

/** Figure 3 (a) hyperthreads 1..16 with n=1, (b) round trips n with 16 threads, (c) message sizes with n=1. */
export const figure3: Record<CurveKey, readonly ShortConnectionPoint[]> = {
  'ix/10gbe': [
    { hyperthreads: 1, messageBytes: 64, roundTrips: 1, messagesPerSec: 561453 },
    { hyperthreads: 2, messageBytes: 64, roundTrips: 1, messagesPerSec: 646636 },
    { hyperthreads: 3, messageBytes: 64, roundTrips: 1, messagesPerSec: 976377 },
    { hyperthreads: 4, messageBytes: 64, roundTrips: 1, messagesPerSec: 1280879 },
    { hyperthreads: 5, messageBytes: 64, roundTrips: 1, messagesPerSec: 1543871 },
    { hyperthreads: 6, messageBytes: 64, roundTrips: 1, messagesPerSec: 1736167 },
    { hyperthreads: 7, messageBytes: 64, roundTrips: 1, messagesPerSec: 1723610 },
    { hyperthreads: 8, messageBytes: 64, roundTrips: 1, messagesPerSec: 1716695 },
    { hyperthreads: 9, messageBytes: 64, roundTrips: 1, messagesPerSec: 1707521 },
    { hyperthreads: 10, messageBytes: 64, roundTrips: 1, messagesPerSec: 1695554 },
    { hyperthreads: 11, messageBytes: 64, roundTrips: 1, messagesPerSec: 1688544 },
    { hyperthreads: 12, messageBytes: 64, roundTrips: 1, messagesPerSec: 1680697 },
    { hyperthreads: 13, messageBytes: 64, roundTrips: 1, messagesPerSec: 1669164 },
    { hyperthreads: 14, messageBytes: 64, roundTrips: 1, messagesPerSec: 1670655 },
    { hyperthreads: 15, messageBytes: 64, roundTrips: 1, messagesPerSec: 1654942 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1, messagesPerSec: 1647038 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 2, messagesPerSec: 2819865 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 8, messagesPerSec: 6178051 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 32, messagesPerSec: 8173462 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 64, messagesPerSec: 8476575 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 128, messagesPerSec: 8636723 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 256, messagesPerSec: 8719082 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 512, messagesPerSec: 8760856 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1024, messagesPerSec: 8781908 },
    { hyperthreads: 16, messageBytes: 256, roundTrips: 1, messagesPerSec: 1569994 },
    { hyperthreads: 16, messageBytes: 1024, roundTrips: 1, messagesPerSec: 860905 },
    { hyperthreads: 16, messageBytes: 4096, roundTrips: 1, messagesPerSec: 261258 },
    { hyperthreads: 16, messageBytes: 8192, roundTrips: 1, messagesPerSec: 133296 },
  ],
  'ix/4x10gbe': [
    { hyperthreads: 1, messageBytes: 64, roundTrips: 1, messagesPerSec: 500999 },
    { hyperthreads: 2, messageBytes: 64, roundTrips: 1, messagesPerSec: 561944 },
    { hyperthreads: 3, messageBytes: 64, roundTrips: 1, messagesPerSec: 843379 },
    { hyperthreads: 4, messageBytes: 64, roundTrips: 1, messagesPerSec: 1145347 },
    { hyperthreads: 5, messageBytes: 64, roundTrips: 1, messagesPerSec: 1402326 },
    { hyperthreads: 6, messageBytes: 64, roundTrips: 1, messagesPerSec: 1669389 },
    { hyperthreads: 7, messageBytes: 64, roundTrips: 1, messagesPerSec: 1946446 },
    { hyperthreads: 8, messageBytes: 64, roundTrips: 1, messagesPerSec: 2249724 },
    { hyperthreads: 9, messageBytes: 64, roundTrips: 1, messagesPerSec: 2433003 },
    { hyperthreads: 10, messageBytes: 64, roundTrips: 1, messagesPerSec: 2674954 },
    { hyperthreads: 11, messageBytes: 64, roundTrips: 1, messagesPerSec: 2881440 },
    { hyperthreads: 12, messageBytes: 64, roundTrips: 1, messagesPerSec: 3114306 },
    { hyperthreads: 13, messageBytes: 64, roundTrips: 1, messagesPerSec: 3341572 },
    { hyperthreads: 14, messageBytes: 64, roundTrips: 1, messagesPerSec: 3395698 },
    { hyperthreads: 15, messageBytes: 64, roundTrips: 1, messagesPerSec: 3556719 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1, messagesPerSec: 3755966 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 2, messagesPerSec: 6062018 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 8, messagesPerSec: 7319301 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 32, messagesPerSec: 11364765 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 64, messagesPerSec: 11553808 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 128, messagesPerSec: 11768770 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 256, messagesPerSec: 11544865 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 512, messagesPerSec: 11528686 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1024, messagesPerSec: 11487592 },
    { hyperthreads: 16, messageBytes: 256, roundTrips: 1, messagesPerSec: 3983559 },
    { hyperthreads: 16, messageBytes: 1024, roundTrips: 1, messagesPerSec: 3354802 },
    { hyperthreads: 16, messageBytes: 4096, roundTrips: 1, messagesPerSec: 1044923 },
    { hyperthreads: 16, messageBytes: 8192, roundTrips: 1, messagesPerSec: 526710 },
  ],
  'linux/10gbe': [
    { hyperthreads: 1, messageBytes: 64, roundTrips: 1, messagesPerSec: 47286 },
    { hyperthreads: 2, messageBytes: 64, roundTrips: 1, messagesPerSec: 52354 },
    { hyperthreads: 3, messageBytes: 64, roundTrips: 1, messagesPerSec: 68520 },
    { hyperthreads: 4, messageBytes: 64, roundTrips: 1, messagesPerSec: 86576 },
    { hyperthreads: 5, messageBytes: 64, roundTrips: 1, messagesPerSec: 95787 },
    { hyperthreads: 6, messageBytes: 64, roundTrips: 1, messagesPerSec: 104419 },
    { hyperthreads: 7, messageBytes: 64, roundTrips: 1, messagesPerSec: 121468 },
    { hyperthreads: 8, messageBytes: 64, roundTrips: 1, messagesPerSec: 131109 },
    { hyperthreads: 9, messageBytes: 64, roundTrips: 1, messagesPerSec: 138144 },
    { hyperthreads: 10, messageBytes: 64, roundTrips: 1, messagesPerSec: 145989 },
    { hyperthreads: 11, messageBytes: 64, roundTrips: 1, messagesPerSec: 157517 },
    { hyperthreads: 12, messageBytes: 64, roundTrips: 1, messagesPerSec: 160870 },
    { hyperthreads: 13, messageBytes: 64, roundTrips: 1, messagesPerSec: 171036 },
    { hyperthreads: 14, messageBytes: 64, roundTrips: 1, messagesPerSec: 171761 },
    { hyperthreads: 15, messageBytes: 64, roundTrips: 1, messagesPerSec: 181565 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1, messagesPerSec: 187999 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 2, messagesPerSec: 292346 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 8, messagesPerSec: 519978 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 32, messagesPerSec: 757279 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 64, messagesPerSec: 808935 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 128, messagesPerSec: 912099 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 256, messagesPerSec: 974158 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 512, messagesPerSec: 998608 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1024, messagesPerSec: 999443 },
    { hyperthreads: 16, messageBytes: 256, roundTrips: 1, messagesPerSec: 185096 },
    { hyperthreads: 16, messageBytes: 1024, roundTrips: 1, messagesPerSec: 176646 },
    { hyperthreads: 16, messageBytes: 4096, roundTrips: 1, messagesPerSec: 113343 },
    { hyperthreads: 16, messageBytes: 8192, roundTrips: 1, messagesPerSec: 87249 },
  ],
  'linux/4x10gbe': [
    { hyperthreads: 1, messageBytes: 64, roundTrips: 1, messagesPerSec: 47141 },
    { hyperthreads: 2, messageBytes: 64, roundTrips: 1, messagesPerSec: 49862 },
    { hyperthreads: 3, messageBytes: 64, roundTrips: 1, messagesPerSec: 68106 },
    { hyperthreads: 4, messageBytes: 64, roundTrips: 1, messagesPerSec: 87648 },
    { hyperthreads: 5, messageBytes: 64, roundTrips: 1, messagesPerSec: 99216 },
    { hyperthreads: 6, messageBytes: 64, roundTrips: 1, messagesPerSec: 118129 },
    { hyperthreads: 7, messageBytes: 64, roundTrips: 1, messagesPerSec: 128394 },
    { hyperthreads: 8, messageBytes: 64, roundTrips: 1, messagesPerSec: 141703 },
    { hyperthreads: 9, messageBytes: 64, roundTrips: 1, messagesPerSec: 155954 },
    { hyperthreads: 10, messageBytes: 64, roundTrips: 1, messagesPerSec: 162805 },
    { hyperthreads: 11, messageBytes: 64, roundTrips: 1, messagesPerSec: 170110 },
    { hyperthreads: 12, messageBytes: 64, roundTrips: 1, messagesPerSec: 186429 },
    { hyperthreads: 13, messageBytes: 64, roundTrips: 1, messagesPerSec: 186088 },
    { hyperthreads: 14, messageBytes: 64, roundTrips: 1, messagesPerSec: 198069 },
    { hyperthreads: 15, messageBytes: 64, roundTrips: 1, messagesPerSec: 207571 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1, messagesPerSec: 204689 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 2, messagesPerSec: 332801 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 8, messagesPerSec: 546406 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 32, messagesPerSec: 710748 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 64, messagesPerSec: 748351 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 128, messagesPerSec: 751138 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 256, messagesPerSec: 750437 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 512, messagesPerSec: 769593 },
    { hyperthreads: 16, messageBytes: 64, roundTrips: 1024, messagesPerSec: 797555 },
    { hyperthreads: 16, messageBytes: 256, roundTrips: 1, messagesPerSec: 208920 },
    { hyperthreads: 16, messageBytes: 1024, roundTrips: 1, messagesPerSec: 196698 },
    { hyperthreads: 16, messageBytes: 4096, roundTrips: 1, messagesPerSec: 116994 },
    { hyperthreads: 16, messageBytes: 8192, roundTrips: 1, messagesPerSec: 87817 },
  ],
};

/**
 * IX on 4x10GbE, hardware counters per received packet from the authors' connscaling run (file
 * papers/osdi14/figs/data/connscaling/IX-40-RPC/Linux-Libevent/hw, columns 1, 5 and 7 as written by
 * bench/plot-connscaling-hw.sh: non-idle cycles per packet, LLC load misses per packet). Reference
 * only: the calibration never sees it (it is 4x10GbE data).
 */
export const ix4x10gbeCounters: readonly { connections: number; cyclesPerPacket: number; llcMissesPerPacket: number }[] = [
  { connections: 18, cyclesPerPacket: 8894.0, llcMissesPerPacket: 8.4 },
  { connections: 36, cyclesPerPacket: 8107.2, llcMissesPerPacket: 8.6 },
  { connections: 54, cyclesPerPacket: 8026.7, llcMissesPerPacket: 8.4 },
  { connections: 90, cyclesPerPacket: 7712.5, llcMissesPerPacket: 8.2 },
  { connections: 144, cyclesPerPacket: 7313.1, llcMissesPerPacket: 7.7 },
  { connections: 234, cyclesPerPacket: 7110.5, llcMissesPerPacket: 9.0 },
  { connections: 396, cyclesPerPacket: 5459.5, llcMissesPerPacket: 5.6 },
  { connections: 432, cyclesPerPacket: 5173.9, llcMissesPerPacket: 5.1 },
  { connections: 864, cyclesPerPacket: 3750.6, llcMissesPerPacket: 2.8 },
  { connections: 1296, cyclesPerPacket: 3358.2, llcMissesPerPacket: 1.5 },
  { connections: 2160, cyclesPerPacket: 3358.4, llcMissesPerPacket: 1.5 },
  { connections: 3888, cyclesPerPacket: 3475.7, llcMissesPerPacket: 2.5 },
  { connections: 6048, cyclesPerPacket: 3747.4, llcMissesPerPacket: 5.1 },
  { connections: 9936, cyclesPerPacket: 4201.5, llcMissesPerPacket: 8.4 },
  { connections: 15552, cyclesPerPacket: 5012.0, llcMissesPerPacket: 14.6 },
  { connections: 25056, cyclesPerPacket: 5819.1, llcMissesPerPacket: 21.7 },
  { connections: 39744, cyclesPerPacket: 6131.7, llcMissesPerPacket: 24.0 },
  { connections: 63072, cyclesPerPacket: 6348.9, llcMissesPerPacket: 25.2 },
  { connections: 99792, cyclesPerPacket: 6492.5, llcMissesPerPacket: 26.2 },
  { connections: 158112, cyclesPerPacket: 6611.8, llcMissesPerPacket: 27.1 },
  { connections: 250992, cyclesPerPacket: 6809.2, llcMissesPerPacket: 28.1 },
];
