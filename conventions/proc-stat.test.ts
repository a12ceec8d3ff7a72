import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcStat } from './proc-stat.js';

t.test('fields are read after the last parenthesis of the command name, which may hold spaces and parentheses', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'proc-stat-')), 'stat');
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
  writeFileSync(path, '4242 (py) thon (x)) S 1 4242 4242 0 -1 4194560 10 0 0 0 250 30 700 5 20 0 1 0\n');
  t.same(readProcStat(path), { state: 'S', cpuMs: 2_800, childrenCpuMs: 7_050 });
});

t.test('this thread is running and has used CPU; a missing file throws', { skip: process.platform !== 'linux' && 'Linux /proc only' }, async (t) => {
  const self = readProcStat('/proc/thread-self/stat');
  t.equal(self.state, 'R');
  t.ok(self.cpuMs >= 0);
  t.throws(() => readProcStat('/proc/self/task/0/stat'));
});
