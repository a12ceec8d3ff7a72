// Hand-written SVG plot of the Figure 4 reproduction: log-scale connections on x, millions of
// messages/s on y, the paper's points as markers and the simulated curves as lines.
import type { IxFig4Result } from './ix-fig4.js';
import type { CurveKey } from './ix-2014-data.js';

const width = 820;
const height = 520;
const margin = { left: 70, right: 200, top: 40, bottom: 60 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
const xMin = 10;
const xMax = 400_000;

const curveStyle: Record<CurveKey, { color: string; dash: string; label: string }> = {
  'ix/10gbe': { color: '#1f77b4', dash: '', label: 'IX 10GbE' },
  'ix/4x10gbe': { color: '#1f77b4', dash: '6 4', label: 'IX 4x10GbE' },
  'linux/10gbe': { color: '#d62728', dash: '', label: 'Linux 10GbE' },
  'linux/4x10gbe': { color: '#d62728', dash: '6 4', label: 'Linux 4x10GbE' },
};

function xOf(connections: number): number {
  return margin.left + (Math.log10(connections / xMin) / Math.log10(xMax / xMin)) * plotWidth;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderIxFig4Svg(result: IxFig4Result): string {
  const yMaxMillions = Math.ceil(Math.max(...result.points.flatMap((p) => [p.model, p.paper])) / 2e6) * 2;
  const yOf = (messagesPerSec: number) => margin.top + plotHeight - (messagesPerSec / 1e6 / yMaxMillions) * plotHeight;
  const fmt = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="22" font-size="14">IX (OSDI 2014) Fig. 4 — echo, 64 B messages: paper (markers) vs simulation (lines)</text>`,
  );
  // Grid and axes.
  for (let decade = xMin; decade <= xMax; decade *= 10) {
    const x = fmt(xOf(decade));
    parts.push(
      `<line x1="${x}" y1="${margin.top}" x2="${x}" y2="${margin.top + plotHeight}" stroke="#ddd"/>`,
      `<text x="${x}" y="${margin.top + plotHeight + 18}" text-anchor="middle">${decade.toLocaleString('en-US')}</text>`,
    );
  }
  for (let m = 0; m <= yMaxMillions; m += 2) {
    const y = fmt(yOf(m * 1e6));
    parts.push(
      `<line x1="${margin.left}" y1="${y}" x2="${margin.left + plotWidth}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${margin.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${m}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="black"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 18}" text-anchor="middle">open connections (log scale)</text>`,
    `<text transform="translate(20 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">messages/s (millions)</text>`,
  );
  // Curves: model as lines, paper as markers (circles for 10GbE, squares for 4x10GbE).
  let legendY = margin.top + 10;
  for (const key of Object.keys(curveStyle) as CurveKey[]) {
    const style = curveStyle[key];
    const curve = result.points.filter((p) => `${p.stack}/${p.nic}` === key).sort((a, b) => a.connections - b.connections);
    if (curve.length === 0) continue;
    const path = curve.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(xOf(p.connections))} ${fmt(yOf(p.model))}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${style.color}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
    for (const p of curve) {
      const x = fmt(xOf(p.connections));
      const y = fmt(yOf(p.paper));
      parts.push(
        key.endsWith('4x10gbe')
          ? `<rect x="${fmt(xOf(p.connections) - 3.5)}" y="${fmt(yOf(p.paper) - 3.5)}" width="7" height="7" fill="white" stroke="${style.color}"/>`
          : `<circle cx="${x}" cy="${y}" r="3.5" fill="${style.color}"/>`,
      );
    }
    const lx = margin.left + plotWidth + 15;
    parts.push(
      `<line x1="${lx}" y1="${legendY}" x2="${lx + 30}" y2="${legendY}" stroke="${style.color}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      key.endsWith('4x10gbe')
        ? `<rect x="${lx + 11.5}" y="${legendY - 3.5}" width="7" height="7" fill="white" stroke="${style.color}"/>`
        : `<circle cx="${lx + 15}" cy="${legendY}" r="3.5" fill="${style.color}"/>`,
      `<text x="${lx + 38}" y="${legendY}" dominant-baseline="middle">${escapeXml(style.label)}</text>`,
    );
    legendY += 22;
  }
  parts.push(
    `<text x="${margin.left + plotWidth + 15}" y="${legendY + 10}" font-size="10">markers: paper</text>`,
    `<text x="${margin.left + plotWidth + 15}" y="${legendY + 24}" font-size="10">lines: simulation</text>`,
    `<text x="${margin.left + plotWidth + 15}" y="${legendY + 38}" font-size="10">10GbE fitted,</text>`,
    `<text x="${margin.left + plotWidth + 15}" y="${legendY + 52}" font-size="10">4x10GbE predicted</text>`,
    `<text x="${margin.left + plotWidth + 15}" y="${legendY + 66}" font-size="10">seed ${result.seed}</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}
