// Shared by the hardware-model benchmarks: run a measurement several times (the median is
// conventions/statistics.ts's).

/** Reads `--runs N` and `--quick` from the command line. */
export function benchArgs(defaultRuns: number): { runs: number; quick: boolean } {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : defaultRuns;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs expects a positive integer, got ${argv[runsAt + 1]}`);
  return { runs, quick: argv.includes('--quick') };
}

export interface Rates {
  perCpuSecond: number;
  perWallSecond: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/** Starts a wall clock and this process's CPU clock (user + system). */
export function startClocks(): { rates(count: number): Rates } {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  return {
    rates(count) {
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const wallSeconds = (performance.now() - wallStart) / 1000;
      return { perCpuSecond: count / cpuSeconds, perWallSecond: count / wallSeconds, cpuSeconds, wallSeconds };
    },
  };
}
