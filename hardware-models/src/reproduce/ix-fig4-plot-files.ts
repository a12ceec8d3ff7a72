// Writes the Figure 4 plot to disk: the SVG always, a PNG too when `rsvg-convert` (Debian package
// librsvg2-bin) is on PATH; otherwise says why there is no PNG.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IxFig4Result } from './ix-fig4.js';
import { renderIxFig4Svg } from './ix-fig4-svg.js';

export interface PlotFiles {
  svgPath: string;
  /** Absent when no renderer was available or it failed; `pngNote` says which. */
  pngPath?: string;
  pngNote?: string;
}

export function writeIxFig4PlotFiles(result: IxFig4Result, outDir: string): PlotFiles {
  mkdirSync(outDir, { recursive: true });
  const svgPath = join(outDir, 'ix-fig4.svg');
  writeFileSync(svgPath, renderIxFig4Svg(result));
  const pngPath = join(outDir, 'ix-fig4.png');
  const render = spawnSync('rsvg-convert', ['--format', 'png', '--output', pngPath, svgPath], { encoding: 'utf8' });
  if (render.error) {
    return { svgPath, pngNote: 'no PNG: rsvg-convert not found (install Debian package librsvg2-bin)' };
  }
  if (render.status !== 0) {
    return { svgPath, pngNote: `no PNG: rsvg-convert exited ${render.status}: ${render.stderr.trim()}` };
  }
  return { svgPath, pngPath };
}
