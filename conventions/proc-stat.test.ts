import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from './proc-stat.js';
import { temporaryFolder } from './index.js';

t.test('fields are read after the last parenthesis of the command name, which may hold spaces and parentheses', async (t) => {
  const path = join(temporaryFolder('proc-stat-'), 'stat');
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
  writeFileSync(path, '4242 (py) thon (x)) S 1 4242 4242 0 -1 4194560 10 0 0 0 250 30 700 5 20 0 1 0\n');
  t.same(readProcStat(path), { state: 'S', cpuMs: 2_800, childrenCpuMs: 7_050 });
});

t.test('this thread is running and has used CPU; a missing file throws', { skip: process.platform !== 'linux' && 'Linux /proc only' }, async (t) => {
  const before = readProcStat('/proc/thread-self/stat');
  // Work measured by the process's own clock, not the wall: 100 ms of CPU is 10 ticks at least.
  const start = process.cpuUsage();
  while (process.cpuUsage(start).user < 100_000);
  const after = readProcStat('/proc/thread-self/stat');
  t.equal(after.state, 'R');
  t.ok(after.cpuMs - before.cpuMs >= 50, `the thread's CPU grew by ${after.cpuMs - before.cpuMs} ms over 100 ms of its own work`);
  t.throws(() => readProcStat('/proc/self/task/0/stat'));
});
