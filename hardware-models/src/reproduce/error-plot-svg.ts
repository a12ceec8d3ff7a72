// A hand-written SVG of a reproduction's error per point: one row per point, a bar from 0 to
// model/paper − 1, the error goal as a shaded band, calibration and prediction points in two colours.
// Shared by the reproductions whose points have different units (clark-2005, ivy-managers).
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ErrorPlotPoint {
  label: string;
  role: 'calibration' | 'prediction';
  error: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderErrorPlotSvg(title: string, points: readonly ErrorPlotPoint[], errorGoal: number): string {
  const rowHeight = 22;
  const margin = { left: 330, right: 40, top: 50, bottom: 50 };
  const plotWidth = 460;
  const width = margin.left + plotWidth + margin.right;
  const height = margin.top + rowHeight * points.length + margin.bottom;
  // The axis spans at least twice the goal, and every error (clipped at ±100 % so one wild point does not flatten the rest).
  const span = Math.min(1, Math.max(2 * errorGoal, ...points.map((p) => Math.abs(p.error))));
  const xOf = (error: number) => margin.left + ((Math.max(-span, Math.min(span, error)) + span) / (2 * span)) * plotWidth;
  const colour = { calibration: '#1f77b4', prediction: '#d62728' } as const;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="22" font-size="14">${escapeXml(title)}</text>`,
    `<rect x="${xOf(-errorGoal).toFixed(1)}" y="${margin.top}" width="${(xOf(errorGoal) - xOf(-errorGoal)).toFixed(1)}" height="${rowHeight * points.length}" fill="#e8f5e9"/>`,
  ];
  for (const tick of [-span, -errorGoal, 0, errorGoal, span]) {
    const x = xOf(tick).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${margin.top}" x2="${x}" y2="${margin.top + rowHeight * points.length}" stroke="#bbb"/>`,
      `<text x="${x}" y="${margin.top + rowHeight * points.length + 16}" text-anchor="middle">${(tick * 100).toFixed(0)}%</text>`,
    );
  }
  points.forEach((p, i) => {
    const y = margin.top + i * rowHeight;
    const [from, to] = [xOf(0), xOf(p.error)].sort((a, b) => a - b) as [number, number];
    parts.push(
      `<text x="${margin.left - 8}" y="${y + rowHeight / 2}" text-anchor="end" dominant-baseline="middle">${escapeXml(p.label)}</text>`,
      `<rect x="${from.toFixed(1)}" y="${y + 4}" width="${Math.max(1, to - from).toFixed(1)}" height="${rowHeight - 8}" fill="${colour[p.role]}"/>`,
    );
  });
  const legendY = margin.top + rowHeight * points.length + 36;
  parts.push(
    `<rect x="${margin.left}" y="${legendY - 9}" width="10" height="10" fill="${colour.calibration}"/><text x="${margin.left + 14}" y="${legendY}">calibration</text>`,
    `<rect x="${margin.left + 110}" y="${legendY - 9}" width="10" height="10" fill="${colour.prediction}"/><text x="${margin.left + 124}" y="${legendY}">prediction</text>`,
    `<text x="${margin.left + 230}" y="${legendY}">green: within ±${errorGoal * 100}%; model/paper − 1, clipped at ±${(span * 100).toFixed(0)}%</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

/** Writes `<name>.svg` into `outDir` (created if missing) and returns its path. */
export function writeSvg(outDir: string, name: string, svg: string): string {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.svg`);
  writeFileSync(path, svg);
  return path;
}
