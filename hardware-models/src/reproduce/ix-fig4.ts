// Reproduction of Figure 4 of the IX paper (messages/s against open connections, IX and Linux,
// 10GbE and 4x10GbE): every point simulated, compared with the paper's measured value.
import { simulateEcho } from './echo-simulation.js';
import { figure4, ix2014Provenance, type CurveKey, type PaperNic, type PaperStack } from './ix-2014-data.js';
import { calibratedParams, echoExperiment, type Ix2014Params } from './ix-2014-setup.js';

/** The brief's goal: every point within this relative error of the paper. */
export const errorGoal = 0.15;

export interface IxFig4Point {
  stack: PaperStack;
  nic: PaperNic;
  connections: number;
  /** Simulated messages per second. */
  model: number;
  /** Measured messages per second (ix-2014-data.ts). */
  paper: number;
  /** (model - paper) / paper. */
  error: number;
  /** 10GbE points were used to fit the parameters; 4x10GbE points are predictions. */
  role: 'calibration' | 'prediction';
}

export interface IxFig4CurveSummary {
  stack: PaperStack;
  nic: PaperNic;
  points: number;
  withinGoal: number;
  meanAbsError: number;
  maxAbsError: number;
}

export interface IxFig4Result {
  figure: 'ix-fig4';
  seed: number;
  measuredMessagesPerPoint: number;
  errorGoal: number;
  points: IxFig4Point[];
  curves: IxFig4CurveSummary[];
  source: string;
}

export interface IxFig4Options {
  seed?: number;
  /** Echoes measured per point (default 40,000). */
  measuredMessages?: number;
  params?: Ix2014Params;
  /** Which curves to run (default all four). */
  curves?: readonly CurveKey[];
  onProgress?: (done: number, total: number, point: IxFig4Point) => void;
  /** Checked between points; when aborted, the points so far are returned. */
  signal?: AbortSignal;
}

export const allCurves: readonly CurveKey[] = ['ix/10gbe', 'ix/4x10gbe', 'linux/10gbe', 'linux/4x10gbe'];

export function reproduceIxFig4(options: IxFig4Options = {}): IxFig4Result {
  const seed = options.seed ?? 1;
  const measuredMessages = options.measuredMessages ?? 40_000;
  const params = options.params ?? calibratedParams;
  const curves = options.curves ?? allCurves;
  const total = curves.reduce((n, key) => n + figure4[key].length, 0);
  const points: IxFig4Point[] = [];
  for (const key of curves) {
    const [stack, nic] = key.split('/') as [PaperStack, PaperNic];
    for (const measured of figure4[key]) {
      if (options.signal?.aborted) break;
      const result = simulateEcho(
        echoExperiment({ stack, nic, connections: measured.connections, seed, measuredMessages }, params),
      );
      const point: IxFig4Point = {
        stack,
        nic,
        connections: measured.connections,
        model: Math.round(result.messagesPerSec),
        paper: measured.messagesPerSec,
        error: result.messagesPerSec / measured.messagesPerSec - 1,
        role: nic === '10gbe' ? 'calibration' : 'prediction',
      };
      points.push(point);
      options.onProgress?.(points.length, total, point);
    }
  }
  return {
    figure: 'ix-fig4',
    seed,
    measuredMessagesPerPoint: measuredMessages,
    errorGoal,
    points,
    curves: summarizeCurves(points),
    source: `${ix2014Provenance.repository} @ ${ix2014Provenance.commit}`,
  };
}

function summarizeCurves(points: readonly IxFig4Point[]): IxFig4CurveSummary[] {
  const summaries: IxFig4CurveSummary[] = [];
  for (const key of allCurves) {
    const [stack, nic] = key.split('/') as [PaperStack, PaperNic];
    const curve = points.filter((p) => p.stack === stack && p.nic === nic);
    if (curve.length === 0) continue;
    const abs = curve.map((p) => Math.abs(p.error));
    summaries.push({
      stack,
      nic,
      points: curve.length,
      withinGoal: abs.filter((e) => e <= errorGoal).length,
      meanAbsError: abs.reduce((a, b) => a + b, 0) / abs.length,
      maxAbsError: Math.max(...abs),
    });
  }
  return summaries;
}

const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const thousands = (x: number) => Math.round(x).toLocaleString('en-US');

/** The table a person reads: one row per connection count, paper / model / error for each curve. */
export function formatIxFig4Text(result: IxFig4Result): string {
  const keys = allCurves.filter((key) => result.points.some((p) => `${p.stack}/${p.nic}` === key));
  const connections = [...new Set(result.points.map((p) => p.connections))].sort((a, b) => a - b);
  const header = ['connections', ...keys.flatMap((k) => [`${k} paper`, 'model', 'error'])];
  const rows = connections.map((c) => [
    thousands(c),
    ...keys.flatMap((key) => {
      const p = result.points.find((q) => q.connections === c && `${q.stack}/${q.nic}` === key);
      return p ? [thousands(p.paper), thousands(p.model), percent(p.error)] : ['', '', ''];
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  const summary = result.curves.map(
    (c) =>
      `${c.stack}/${c.nic} (${c.nic === '10gbe' ? 'calibrated' : 'predicted'}): ${c.withinGoal}/${c.points} points within ` +
      `${(result.errorGoal * 100).toFixed(0)}%, mean |error| ${(c.meanAbsError * 100).toFixed(1)}%, max ${(c.maxAbsError * 100).toFixed(1)}%`,
  );
  return [
    'IX (OSDI 2014) Figure 4: echo, 64-byte messages, messages/s against open connections',
    line(header),
    ...rows.map(line),
    '',
    ...summary,
    `seed ${result.seed}, ${thousands(result.measuredMessagesPerPoint)} echoes measured per point; paper data: ${result.source}`,
    '',
  ].join('\n');
}

export function formatIxFig4Json(result: IxFig4Result): string {
  return JSON.stringify(result, null, 2) + '\n';
}
