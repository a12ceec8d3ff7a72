// What a benchmark is: named variants of one measurement, one of them the baseline, each run a few
// times; the harness (main.ts) prints medians and every variant's ratio against the baseline.

/** One run of one variant: figures by name, each with its unit (e.g. distinct states/s). */
export interface Sample {
  figures: Record<string, { value: number; unit: string }>;
}

export interface Variant {
  label: string;
  run(): Promise<Sample>;
}

export interface Benchmark {
  /** `part/what`, e.g. `check/grid`: --filter matches on it. */
  name: string;
  description: string;
  /** The figure compared between variants (a key of Sample.figures); higher is better. */
  compare: string;
  /** Label of the variant the others are compared with. */
  baseline: string;
  variants: Variant[];
}
