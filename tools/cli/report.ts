// `cloudos report merge`: combines the result files of a sweep's shards (run on several machines,
// e.g. a CI matrix or a Kubernetes indexed Job) into one verdict and one report.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { outputFormat } from './check.js';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { ExitCode } from '../../conventions/index.js';
import { serializeSweepFile, SweepFileError } from './sweep-file.js';
import { readSweepFile } from './sweep-schema.js';
import { mergeSweeps, sweepTextReport, VERDICT_EXIT } from './sweep-merge.js';

const options = {
  format: { type: 'string', value: 'text|json', default: 'text', help: 'text (default), or the merged result file (JSON), which merges again' },
  output: { type: 'string', value: 'FILE', help: 'also write the merged result file to FILE' },
} as const satisfies OptionTable;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(options, argv, { positionals: true });
  const [action, ...files] = positionals;
  if (action !== 'merge') throw new UsageError(action === undefined ? 'missing the action: cloudos report merge FILE...' : `unknown action '${action}'; the one action is merge`);
  if (files.length === 0) throw new UsageError('merge expects the result files of the shards: cloudos report merge shard-1.json shard-2.json ...');
  const format = outputFormat(values.format);
  let merged;
  try {
    merged = mergeSweeps(files.map((path) => ({ path, file: readSweepFile(resolve(io.cwd, path), path) })));
  } catch (error) {
    if (!(error instanceof SweepFileError)) throw error;
    io.err(`cloudos report: ${error.message}\n`);
    return ExitCode.badInput;
  }
  const json = serializeSweepFile(merged.file);
  if (values.output !== undefined) writeFileSync(resolve(io.cwd, values.output), json);
  io.out(format === 'json' ? json : sweepTextReport(merged));
  if (format === 'json' && merged.gaps.length > 0) io.err(merged.gaps.map((gap) => `cloudos report: incomplete: ${gap}\n`).join(''));
  return VERDICT_EXIT[merged.verdict];
}

export const command: Command = {
  name: 'report',
  summary: 'merge the result files of a sharded seed sweep into one verdict',
  usage: 'report merge FILE... [options]',
  description: `Merges the result files that \`cloudos conform --seeds A..B --shard i/N --output FILE\` (or
\`cloudos simulate ... --seeds A..B --shard i/N --output FILE\`) wrote, one per shard, into one
verdict and one report: every test's counts over the seeds, and each failing seed with its replay
line. The files must be shards of one sweep (the same command apart from --shard, the same cloudos
version). How to spread a sweep over a CI matrix or a Kubernetes Job: docs/sweeps/README.md.`,
  options,
  epilogue: `exit codes: 0 every seed of the range ran once and passed; 1 a test failed at some seed; 2
incomplete (seeds that no file covers, e.g. a missing or interrupted shard, or seeds that two
files cover, or a test without a verdict; the report says which); 64 usage; 65 a file that is not
a result file, or files of different sweeps (the message names the file and the JSON field).`,
  run,
};
