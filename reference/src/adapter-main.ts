// The reference kernel as a program speaking the adapter protocol: JSON lines on stdin, one step
// per line on stdout, logs on stderr. Run: node dist/reference/src/adapter-main.js [--mutant NAME]
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ExitCode, formatIssues } from '../../conventions/index.js';
import { Input, PROTOCOL_VERSION } from '../../conformance/protocol/index.js';
import { catalogue } from './bug-catalogue/catalogue.js';
import { mutants } from './mutants.js';
import { kernelFlagByName, ReferenceImplementation } from './reference-implementation.js';

const usage = `usage: node dist/reference/src/adapter-main.js [--mutant NAME]

Runs the cloudOS reference kernel as an implementation speaking the adapter protocol
version ${PROTOCOL_VERSION} (conformance/protocol/PROTOCOL.md): one JSON input per line on stdin,
one step per line on stdout, logs on stderr. It hosts every node of the cluster.

options:
  --mutant NAME   run a known-buggy variant: a mutant (reference/src/mutants.ts), one of
${mutants.map((m) => `                    ${m.name}`).join('\n')}
                  or a catalogued bug (reference/src/bug-catalogue/), one of
${catalogue.map((b) => `                    ${b.id}`).join('\n')}
  -h, --help      print this text

exit codes: 0 stdin closed, 64 usage error, 65 malformed input line, 70 internal error
`;


function parseCommandLine(argv: string[]): { mutant: string | undefined } | { exitCode: number } {
  try {
    const { values } = parseArgs({ args: argv, options: { mutant: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help === true) {
      process.stdout.write(usage);
      return { exitCode: ExitCode.ok };
    }
    if (values.mutant !== undefined) kernelFlagByName(values.mutant);
    return { mutant: values.mutant };
  } catch (error) {
    process.stderr.write(`reference adapter: ${(error as Error).message}\n\n${usage}`);
    return { exitCode: ExitCode.usage };
  }
}

async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  if ('exitCode' in command) return command.exitCode;
  const implementation = new ReferenceImplementation(command.mutant === undefined ? {} : { mutant: kernelFlagByName(command.mutant) });
  process.stderr.write(`reference adapter: ${implementation.name}, protocol version ${PROTOCOL_VERSION}\n`);
  let lineNumber = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      process.stderr.write(`reference adapter: stdin line ${lineNumber}: expected one JSON object, got ${JSON.stringify(line.slice(0, 120))} (${(error as Error).message})\n`);
      return ExitCode.badInput;
    }
    const parsed = Input.safeParse(json);
    if (!parsed.success) {
      const issues = formatIssues(parsed.error.issues);
      process.stderr.write(`reference adapter: stdin line ${lineNumber}: not a protocol input (conformance/protocol/schema/input.json): ${issues}\n`);
      return ExitCode.badInput;
    }
    try {
      process.stdout.write(JSON.stringify(implementation.step(parsed.data)) + '\n');
    } catch (error) {
      process.stderr.write(`reference adapter: stdin line ${lineNumber}: internal error: ${(error as Error).stack ?? String(error)}\n`);
      return ExitCode.internal;
    }
  }
  return ExitCode.ok;
}

process.exitCode = await main();
