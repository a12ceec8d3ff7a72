// Scratch folders for tests, removed when the process exits: each test file runs in a process of
// its own, so a run leaves nothing behind in the system's temporary folder (it left ~2,000 folders).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty folder in the system's temporary folder, named `prefix` and a random suffix; removed at exit. */
export function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0) process.on('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  made.push(dir);
  return dir;
}
