// The coverage report (`-coverage` / `--coverage`) cut from a TLC-style output, and how TLC's and
// ours differ line by line: the figure coverage-compare.ts prints.

/** The last coverage block of an output, from its header to `End of statistics.`, the header's time left out; undefined when there is none. */
export function coverageBlock(output: string): string[] | undefined {
  const lines = output.split('\n').map((l) => l.replace(/\r$/, ''));
  const start = lines.findLastIndex((l) => l.startsWith('The coverage statistics at '));
  const end = lines.indexOf('End of statistics.', start);
  if (start < 0 || end < 0) return undefined;
  return [lines[start]!.replace(/^The coverage statistics at [^(]*\(/, 'The coverage statistics at <time> ('), ...lines.slice(start + 1, end + 1)];
}

export interface CoverageComparison {
  identical: boolean;
  /** TLC's lines (header and end included). */
  tlcLines: number;
  /** TLC's lines that ours lacks, and ours that TLC's lacks, each counted as often as it is missing. */
  missing: string[];
  extra: string[];
}

/** The lines of `from` not matched one for one by a line of `by`, in `from`'s order. */
function unmatched(from: readonly string[], by: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const l of by) left.set(l, (left.get(l) ?? 0) + 1);
  return from.filter((l) => {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    return n === 0;
  });
}

export function compareCoverage(tlc: readonly string[], ours: readonly string[]): CoverageComparison {
  return {
    identical: tlc.length === ours.length && tlc.every((l, i) => l === ours[i]),
    tlcLines: tlc.length,
    missing: unmatched(tlc, ours),
    extra: unmatched(ours, tlc),
  };
}

/** TLC's lines per subexpression, indented under each Init, action and invariant line. */
export const isIndented = (line: string): boolean => line.startsWith('  ');
