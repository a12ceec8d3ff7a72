// The plot of `cloudos hw reproduce ivy-managers` (tools/cli/ivy-managers.ts runs the kernel):
// left, each workload's locate messages against Li and Hudak's bound N + K·⌈log2 N⌉ (points under
// the diagonal keep the bound); right, messages per fault and mean fault latency of the three
// managers, on a rack and across two datacenters (latency panels each on their own scale).

export interface IvyBoundRow {
  workload: string;
  nodes: number;
  accesses: number;
  faults: number;
  locateMessages: number;
  bound: number;
  withinBound: boolean;
}

export interface IvyManagerRow {
  manager: string;
  place: string;
  preset: string;
  faults: number;
  messagesPerFault: number;
  meanLatencyUs: number;
  medianLatencyUs: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const managerColour: Record<string, string> = { centralized: '#1f77b4', fixed: '#ff7f0e', dynamic: '#2ca02c' };
const f = (n: number) => n.toFixed(1);

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boundPanel(rows: readonly IvyBoundRow[], box: Box): string[] {
  const max = Math.max(1, ...rows.flatMap((r) => [r.bound, r.locateMessages])) * 1.05;
  const xOf = (v: number) => box.x + (v / max) * box.w;
  const yOf = (v: number) => box.y + box.h - (v / max) * box.h;
  const parts = [
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="black"/>`,
    `<line x1="${f(xOf(0))}" y1="${f(yOf(0))}" x2="${f(xOf(max))}" y2="${f(yOf(max))}" stroke="#999" stroke-dasharray="5 4"/>`,
    `<text x="${box.x + box.w / 2}" y="${box.y - 10}" text-anchor="middle">locate messages vs the bound (dynamic manager)</text>`,
    `<text x="${box.x + box.w / 2}" y="${box.y + box.h + 34}" text-anchor="middle">bound N + K·⌈log2 N⌉</text>`,
    `<text transform="translate(${box.x - 40} ${box.y + box.h / 2}) rotate(-90)" text-anchor="middle">locate messages measured</text>`,
  ];
  for (const tick of [0, max / 2, max]) {
    parts.push(
      `<text x="${f(xOf(tick))}" y="${box.y + box.h + 16}" text-anchor="middle">${tick.toFixed(0)}</text>`,
      `<text x="${box.x - 6}" y="${f(yOf(tick))}" text-anchor="end" dominant-baseline="middle">${tick.toFixed(0)}</text>`,
    );
  }
  for (const r of rows) {
    parts.push(`<circle cx="${f(xOf(r.bound))}" cy="${f(yOf(r.locateMessages))}" r="4" fill="${r.withinBound ? '#2ca02c' : '#d62728'}"><title>${escapeXml(`${r.workload}: N ${r.nodes}, K ${r.faults}, ${r.locateMessages} ≤ ${r.bound}`)}</title></circle>`);
  }
  return parts;
}

function barPanel(title: string, rows: readonly IvyManagerRow[], value: (r: IvyManagerRow) => number, format: (v: number) => string, box: Box): string[] {
  const max = Math.max(...rows.map(value)) * 1.15 || 1;
  const barWidth = box.w / (rows.length * 1.5 + 0.5);
  const parts = [
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="black"/>`,
    `<text x="${box.x + box.w / 2}" y="${box.y - 10}" text-anchor="middle">${escapeXml(title)}</text>`,
  ];
  rows.forEach((r, i) => {
    const height = (value(r) / max) * box.h;
    const x = box.x + barWidth * (0.5 + i * 1.5);
    parts.push(
      `<rect x="${f(x)}" y="${f(box.y + box.h - height)}" width="${f(barWidth)}" height="${f(height)}" fill="${managerColour[r.manager] ?? '#777'}"/>`,
      `<text x="${f(x + barWidth / 2)}" y="${f(box.y + box.h - height - 4)}" text-anchor="middle" font-size="10">${escapeXml(format(value(r)))}</text>`,
      `<text x="${f(x + barWidth / 2)}" y="${box.y + box.h + 14}" text-anchor="middle" font-size="10">${escapeXml(r.manager)}</text>`,
    );
  });
  return parts;
}

export function renderIvyManagersSvg(bound: readonly IvyBoundRow[], managers: readonly IvyManagerRow[]): string {
  const width = 1060;
  const height = 560;
  const places = [...new Set(managers.map((r) => r.place))];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="20" y="24" font-size="14">Li and Hudak (TOCS 1989) on the reference kernel's DSM: the dynamic manager's bound, and the three managers compared</text>`,
    ...boundPanel(bound, { x: 70, y: 70, w: 340, h: 400 }),
  ];
  places.forEach((place, column) => {
    const rows = managers.filter((r) => r.place === place);
    const x = 480 + column * 290;
    parts.push(
      ...barPanel(`${place}: messages per fault`, rows, (r) => r.messagesPerFault, (v) => v.toFixed(2), { x, y: 70, w: 240, h: 160 }),
      ...barPanel(`${place}: mean fault latency`, rows, (r) => r.meanLatencyUs, (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${v.toFixed(1)} µs`), { x, y: 310, w: 240, h: 160 }),
    );
  });
  parts.push(`<text x="480" y="${height - 30}">dashed: measured = bound; green points keep it, red ones would not. Bars: centralized, fixed distributed, dynamic distributed.</text>`, '</svg>');
  return parts.join('\n') + '\n';
}
