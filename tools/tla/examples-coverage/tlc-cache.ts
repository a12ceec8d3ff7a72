// TLC's report on each model kept on disk between runs of `--unrecorded` (issue 12): TLC spends
// minutes of CPU on some models, and the answer cannot change while the files it reads do not. An
// entry is keyed by the content of the model's folder, of the jars on TLC's class path and of the
// command's flags; a run stopped at the CPU limit is reused only under a limit no larger.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import type { Run } from '../differential/run-limited.js';

/** Where the reports are kept unless `--tlc-cache` says otherwise. */
export function defaultTlcCacheFolder(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'cloudos', 'examples-tlc');
}

interface CachedRun {
  cpuLimitSeconds: number;
  run: Run;
}

export class TlcCache {
  constructor(readonly folder: string) {}

  /**
   * The key of one TLC run: `inputs` (the command without its scratch paths, the model's files
   * relative to the checkout) and every file under `folder`, plus each class-path entry's content (its
   * name where it is no file: TLC then fails the same way each time).
   */
  static key(inputs: readonly string[], folder: string, classpath: string): string {
    const hash = createHash('sha256');
    const add = (label: string, data: string | Buffer): void => {
      hash.update(`${label}\0${data.length}\0`);
      hash.update(data);
    };
    inputs.forEach((input) => add('input', input));
    for (const entry of classpath.split(delimiter)) add('jar', existsSync(entry) && statSync(entry).isFile() ? createHash('sha256').update(readFileSync(entry)).digest('hex') : entry);
    for (const file of filesUnder(folder)) add(`file ${relative(folder, file)}`, readFileSync(file));
    return hash.digest('hex');
  }

  /** The report kept under `key`, if it answers a run limited to `cpuLimitSeconds`. */
  get(key: string, cpuLimitSeconds: number): Run | undefined {
    const file = join(this.folder, `${key}.json`);
    if (!existsSync(file)) return undefined;
    let cached: CachedRun;
    try {
      cached = JSON.parse(readFileSync(file, 'utf8')) as CachedRun;
    } catch {
      return undefined; // a torn or foreign file: run TLC again and overwrite it
    }
    // A verdict holds under any limit; "no verdict in L seconds" only under a limit of at most L.
    return !cached.run.timedOut || cpuLimitSeconds <= cached.cpuLimitSeconds ? cached.run : undefined;
  }

  set(key: string, cpuLimitSeconds: number, run: Run): void {
    mkdirSync(this.folder, { recursive: true });
    const file = join(this.folder, `${key}.json`);
    // Written aside and renamed, so that a run stopped midway never leaves half a report.
    writeFileSync(`${file}.tmp${process.pid}`, JSON.stringify({ cpuLimitSeconds, run } satisfies CachedRun) + '\n');
    renameSync(`${file}.tmp${process.pid}`, file);
  }
}

/** Every file under `folder`, in a fixed order. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : entry.isFile() ? [join(folder, entry.name)] : []));
}
