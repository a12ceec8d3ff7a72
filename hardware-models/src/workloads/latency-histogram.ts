// A log-linear latency histogram (16 buckets per power of two, ≤ 4.4 % relative error) so that
// millions of samples take constant memory; percentiles report a bucket's upper bound.

const bucketsPerOctave = 16;

export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private maxNs = 0;
  private sumNs = 0;

  record(latencyNs: number): void {
    const bucket = latencyNs <= 1 ? 0 : Math.ceil(Math.log2(latencyNs) * bucketsPerOctave);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
    this.sumNs += latencyNs;
    if (latencyNs > this.maxNs) this.maxNs = latencyNs;
  }

  get count(): number {
    return this.total;
  }

  get meanNs(): number {
    return this.total === 0 ? 0 : this.sumNs / this.total;
  }

  get max(): number {
    return this.maxNs;
  }

  /** The smallest bucket bound below which at least `fraction` of the samples fall (0 when empty). */
  percentileNs(fraction: number): number {
    if (this.total === 0) return 0;
    const target = Math.ceil(fraction * this.total);
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket)!;
      if (seen >= target) return Math.min(this.maxNs, Math.round(2 ** (bucket / bucketsPerOctave)));
    }
    return this.maxNs;
  }
}
