// The NDJSON event trace: one JSON object per line, `t` (simulated ns) and `event` first, then the
// fields in the order the component wrote them. Same seed and inputs give the same bytes.

export type TraceValue = string | number | boolean | null | TraceValue[] | { [key: string]: TraceValue };
export type TraceFields = Record<string, unknown>;

/** Where trace lines go: a file, memory, or nowhere. Each line ends with '\n'. */
export interface TraceSink {
  write(line: string): void;
}

export function traceLine(timeNs: number, event: string, fields: TraceFields): string {
  return JSON.stringify({ t: timeNs, event, ...fields }) + '\n';
}

/** Keeps the trace in memory; used by tests and by short CLI runs. */
export class MemoryTraceSink implements TraceSink {
  private readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.join('');
  }

  get lineCount(): number {
    return this.lines.length;
  }
}
