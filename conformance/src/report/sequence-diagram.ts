// Draws a history as an SVG sequence diagram: a lane for the suite (the client) and one per
// node; operations, replies, packets (dropped ones end in ✕), trace events, crashes and
// partitions top to bottom in the order they happened. Entries a violation names are red.
import type { History, HistoryEntry } from '../history.js';
import { xml } from './machine-reports.js';

const ROW = 18;
const LANE = 190;
const LEFT = 110;
const TOP = 40;

export interface DiagramOptions {
  /** History indices to draw in red (the entries a violation names). */
  highlight?: ReadonlySet<number>;
  /** Most rows drawn; a longer history shows the window around the first highlighted entry. */
  maxRows?: number;
}

export function sequenceDiagram(history: History, nodes: readonly string[], options: DiagramOptions = {}): string {
  const highlight = options.highlight ?? new Set<number>();
  const maxRows = options.maxRows ?? 400;
  const firstHighlighted = Math.min(...highlight, history.length);
  const start = history.length <= maxRows ? 0 : Math.max(0, Math.min(firstHighlighted - Math.floor(maxRows / 4), history.length - maxRows));
  const end = Math.min(history.length, start + maxRows);
  const laneX = new Map<string, number>([['suite', LEFT], ...nodes.map((n, i): [string, number] => [n, LEFT + (i + 1) * LANE])]);
  const width = LEFT + (nodes.length + 1) * LANE;
  const rowY = (i: number) => TOP + (i - start + 1) * ROW;
  const height = rowY(end) + ROW * 2;
  const parts: string[] = [];
  const sentRow = new Map<number, number>();

  for (const [name, x] of laneX) {
    parts.push(`<text x="${x}" y="${TOP - 14}" class="lane">${xml(name)}</text>`, `<line x1="${x}" y1="${TOP - 8}" x2="${x}" y2="${height - ROW}" class="lifeline"/>`);
  }
  if (start > 0) parts.push(`<text x="4" y="${TOP}" class="note">… ${start} earlier entries</text>`);
  for (let i = start; i < end; i++) {
    const entry = history[i]!;
    const y = rowY(i);
    const cls = highlight.has(i) ? ' bad' : '';
    parts.push(`<text x="4" y="${y + 4}" class="time">${(entry.timeNs / 1000).toFixed(3)} µs</text>`);
    parts.push(...drawEntry(entry, y, cls, laneX, sentRow, i, rowY, start));
  }
  if (end < history.length) parts.push(`<text x="4" y="${rowY(end) + ROW}" class="note">… ${history.length - end} later entries</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="sequence" role="img" aria-label="sequence diagram">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    '<style>text{font:11px monospace}.lane{font-weight:bold;text-anchor:middle}.lifeline{stroke:#999;stroke-dasharray:4 3}',
    '.time{fill:#777}.note{fill:#777;font-style:italic}.op{stroke:#225;marker-end:url(#arrow)}.packet{stroke:#48a;marker-end:url(#arrow)}',
    '.drop{stroke:#c80;stroke-dasharray:3 2}.fault{fill:#b00}.part{stroke:#b60;stroke-dasharray:8 4}.bad{fill:#d00;stroke:#d00}</style>',
    ...parts,
    '</svg>',
  ].join('\n');
}

function drawEntry(
  entry: HistoryEntry,
  y: number,
  cls: string,
  laneX: ReadonlyMap<string, number>,
  sentRow: Map<number, number>,
  index: number,
  rowY: (i: number) => number,
  start: number,
): string[] {
  const x = (node: string) => laneX.get(node) ?? LEFT;
  const label = (atX: number, text: string, anchor: 'start' | 'end' = 'start') =>
    `<text x="${atX + (anchor === 'start' ? 6 : -6)}" y="${y - 3}" text-anchor="${anchor}" class="${cls.trim()}">${xml(text.length > 60 ? text.slice(0, 59) + '…' : text)}</text>`;
  switch (entry.kind) {
    case 'invoke':
      return [`<line x1="${LEFT}" y1="${y}" x2="${x(entry.node)}" y2="${y}" class="op${cls}"/>`, label(LEFT, `#${entry.opId} ${describeOp(entry.op)}`)];
    case 'complete': {
      const o = entry.outcome;
      const text = o.kind === 'ok' ? `#${entry.opId} ok ${JSON.stringify(o.value)}` : o.kind === 'error' ? `#${entry.opId} ${o.code} (${o.definite ? 'definite' : 'indefinite'})` : `#${entry.opId} lost in crash`;
      return [`<line x1="${x(entry.node)}" y1="${y}" x2="${LEFT}" y2="${y}" class="op${cls}"/>`, label(LEFT, text)];
    }
    case 'event': {
      const { kind, ...fields } = entry.event;
      return [`<circle cx="${x(entry.node)}" cy="${y}" r="4" class="${cls.trim()}"/>`, label(x(entry.node), `${kind} ${Object.values(fields).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}`)];
    }
    case 'packet-sent':
      sentRow.set(entry.packetId, index);
      return [`<circle cx="${x(entry.from)}" cy="${y}" r="2" fill="#48a"/>`];
    case 'packet-delivered':
    case 'packet-dropped': {
      const from = sentRow.get(entry.packetId);
      const y1 = from !== undefined && from >= start ? rowY(from) : y - ROW;
      if (entry.kind === 'packet-delivered') return [`<line x1="${x(entry.from)}" y1="${y1}" x2="${x(entry.to)}" y2="${y}" class="packet${cls}"/>`];
      const midX = (x(entry.from) + x(entry.to)) / 2;
      return [`<line x1="${x(entry.from)}" y1="${y1}" x2="${midX}" y2="${y}" class="drop${cls}"/>`, `<text x="${midX - 4}" y="${y + 4}" class="fault">✕ ${xml(entry.reason)}</text>`];
    }
    case 'crash':
      return [`<rect x="${x(entry.node) - 30}" y="${y - 7}" width="60" height="14" class="fault"/>`, `<text x="${x(entry.node) - 22}" y="${y + 4}" fill="#fff">CRASH</text>`];
    case 'restart':
      return [label(x(entry.node), `restart (incarnation ${entry.incarnation})`)];
    case 'partition':
      return [`<line x1="${LEFT}" y1="${y}" x2="${LEFT + laneX.size * LANE}" y2="${y}" class="part"/>`, label(LEFT, `partition ${entry.groups.map((g) => `{${g.join(',')}}`).join(' | ')}`)];
    case 'heal':
      return [`<line x1="${LEFT}" y1="${y}" x2="${LEFT + laneX.size * LANE}" y2="${y}" class="part" opacity="0.4"/>`, label(LEFT, 'heal')];
    case 'skipped':
      return [label(LEFT, `step ${entry.step} skipped: ${entry.reason}`)];
  }
}

function describeOp(op: Extract<HistoryEntry, { kind: 'invoke' }>['op']): string {
  switch (op.kind) {
    case 'spawn': return `spawn ${op.placement.kind}`;
    case 'exit': return `exit ${op.pid}`;
    case 'send': return `send ${op.msgId} ${op.from}→${op.to.kind === 'pid' ? op.to.pid : '@' + op.to.name}`;
    case 'register': return `register ${op.name} ${op.pid}`;
    case 'lookup': return `lookup ${op.name}`;
    case 'locate': return `locate ${op.pid}`;
    case 'call': return `call ${op.callId} ${op.semantics} ${op.from}→${op.to.kind === 'pid' ? op.to.pid : '@' + op.to.name}`;
    case 'migrate': return `migrate ${op.pid} ${op.mode} → ${op.to.kind === 'node' ? op.to.node : 'zone ' + op.to.zone}`;
    case 'read': return `read ${op.pid}[${op.page}]`;
    case 'write': return `write ${op.pid}[${op.page}]`;
    case 'createAccount': return `createAccount ${op.account}`;
    case 'acquire':
    case 'release': return `${op.kind} ${op.capability.object} ${op.amount} ${op.resource}`;
    case 'usage':
    case 'revoke': return `${op.kind} ${op.capability.object}`;
    case 'derive': return `derive ${op.capability.object} {${op.rights.join(',')}}`;
    case 'transmit': return `transmit ${op.capability.object} ${op.bytes} B→${op.to}`;
    case 'compute': return `compute ${op.capability.object} ${op.cpuNs} ns`;
    case 'attach': return `attach ${op.pid} ${op.segment} (${op.pages} pages)`;
    case 'load': return `load ${op.pid} ${op.segment}[${op.page}]`;
    case 'store': return `store ${op.pid} ${op.segment}[${op.page}] = ${op.value}`;
  }
}
