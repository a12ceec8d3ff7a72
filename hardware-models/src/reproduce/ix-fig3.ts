// The IX paper's Figure 3 answered by the same models: connection churn (n round trips per
// connection), multicore scaling over 1..16 hyperthreads, and message sizes up to 8 KB.
import { simulateEcho } from './echo-simulation.js';
import { figure3, type CurveKey, type PaperNic, type PaperStack, type ShortConnectionPoint } from './ix-2014-data.js';
import { calibratedParams, echoExperiment, type Ix2014Params } from './ix-2014-setup.js';
import { allCurves } from './ix-fig4.js';

/**
 * Concurrent connections in Figure 3: 18 clients x 50 (CLIENT_CONNECTIONS=50 in the authors'
 * bench/bench-short.sh for their EPFL cluster). The paper text does not state it.
 */
export const figure3Connections = 18 * 50;

export type Fig3Panel = 'hyperthreads' | 'roundTrips' | 'messageBytes';

export interface IxFig3Point {
  panel: Fig3Panel;
  stack: PaperStack;
  nic: PaperNic;
  hyperthreads: number;
  roundTrips: number;
  messageBytes: number;
  model: number;
  paper: number;
  error: number;
}

/** Which panel a measured point belongs to: (a) varies threads, (b) round trips, (c) sizes. */
export function fig3Panel(point: ShortConnectionPoint): Fig3Panel {
  if (point.messageBytes !== 64) return 'messageBytes';
  if (point.roundTrips !== 1) return 'roundTrips';
  return 'hyperthreads';
}

export interface IxFig3Options {
  seed?: number;
  measuredMessages?: number;
  params?: Ix2014Params;
  curves?: readonly CurveKey[];
  panels?: readonly Fig3Panel[];
  signal?: AbortSignal;
}

export function reproduceIxFig3(options: IxFig3Options = {}): IxFig3Point[] {
  const seed = options.seed ?? 1;
  const measuredMessages = options.measuredMessages ?? 20_000;
  const params = options.params ?? calibratedParams;
  const points: IxFig3Point[] = [];
  for (const key of options.curves ?? allCurves) {
    const [stack, nic] = key.split('/') as [PaperStack, PaperNic];
    for (const measured of figure3[key]) {
      const panel = fig3Panel(measured);
      if (options.panels && !options.panels.includes(panel)) continue;
      if (options.signal?.aborted) return points;
      const result = simulateEcho(
        echoExperiment(
          {
            stack,
            nic,
            connections: figure3Connections,
            hyperthreads: measured.hyperthreads,
            roundTrips: measured.roundTrips,
            messageBytes: measured.messageBytes,
            seed,
            measuredMessages,
          },
          params,
        ),
      );
      points.push({
        panel,
        stack,
        nic,
        hyperthreads: measured.hyperthreads,
        roundTrips: measured.roundTrips,
        messageBytes: measured.messageBytes,
        model: Math.round(result.messagesPerSec),
        paper: measured.messagesPerSec,
        error: result.messagesPerSec / measured.messagesPerSec - 1,
      });
    }
  }
  return points;
}

export function formatIxFig3Text(points: readonly IxFig3Point[]): string {
  const lines = ['IX (OSDI 2014) Figure 3: churn, hyperthreads, message sizes (messages/s)'];
  lines.push(['panel', 'curve', 'threads', 'n', 'bytes', 'paper', 'model', 'error'].join('\t'));
  for (const p of points) {
    lines.push(
      [p.panel, `${p.stack}/${p.nic}`, p.hyperthreads, p.roundTrips, p.messageBytes, p.paper, p.model, `${(p.error * 100).toFixed(1)}%`].join('\t'),
    );
  }
  return lines.join('\n') + '\n';
}
