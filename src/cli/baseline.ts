// `falco-actions baseline write REPORT [--output FILE]`: the baseline file ("new since" compares with it
// through the analyze input baseline-file) from a JSON report, to stdout or to FILE.
import { isUserError } from '../action/errors.ts';
import { baselineFromReport, MAX_BASELINE_BYTES, readBoundedText, serializeBaseline } from '../baseline/file.ts';
import { parseReport, writeTextAtomically } from '../report/json-report.ts';
import { parseCommandLine } from './args.ts';
import type { CliCommand } from './commands.ts';
import { fileProblem, isSystemError } from './errors.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { showArgument } from './output.ts';

const WRITE_USAGE = 'baseline write REPORT [--output FILE]';

function problem(text: string, code: number): number {
  process.stderr.write(`falco-actions baseline write: ${text}\n`);
  return code;
}

const usageProblem = (text: string): number => problem(`${text}\nusage: falco-actions ${WRITE_USAGE}`, EXIT_USAGE);

async function write(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, { output: { type: 'string', short: 'o' } });
  if (!parsed.ok) return usageProblem(parsed.problem);
  const [reportPath, ...extra] = parsed.positionals;
  if (reportPath === undefined) return usageProblem('give the REPORT (a JSON report of falco-actions analyze)');
  if (extra.length > 0) return usageProblem(`unexpected argument ${showArgument(extra[0]!)}`);
  let text: string;
  try {
    const fix = 'Pass the report-file that falco-actions analyze wrote (or its falco-report-* artifact).';
    text = await readBoundedText(reportPath, 'the JSON report', fix, MAX_BASELINE_BYTES);
    text = serializeBaseline(baselineFromReport(parseReport(text, `The JSON report ${showArgument(reportPath)}`)));
  } catch (error) {
    if (isUserError(error)) return problem(error.message, EXIT_FAILURE);
    throw error;
  }
  const output = parsed.values.output;
  if (output === undefined) {
    await new Promise<void>((done, reject) => process.stdout.write(text, (error) => (error ? reject(error) : done())));
    return EXIT_OK;
  }
  try {
    await writeTextAtomically(output, text);
  } catch (error) {
    if (!isSystemError(error)) throw error;
    return problem(fileProblem('write', output, error), EXIT_FAILURE);
  }
  process.stderr.write(`wrote ${showArgument(output)} from ${showArgument(reportPath)}\n`);
  return EXIT_OK;
}

export const baselineCommand: CliCommand = {
  name: 'baseline',
  usage: WRITE_USAGE,
  subcommands: [{ name: 'write', usage: WRITE_USAGE }],
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'write') return write(rest);
    process.stderr.write(`${sub === undefined ? '' : `falco-actions baseline: unknown sub-command ${showArgument(sub)}\n`}usage: falco-actions ${WRITE_USAGE}\n`);
    return EXIT_USAGE;
  },
};
