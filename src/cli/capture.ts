// `falco-actions capture write DESCRIPTION.json OUT.scap`: writes a capture from a readable description.
import { readFile } from 'node:fs/promises';
import { parseCommandLine } from './args.ts';
import type { CliCommand } from './commands.ts';
import { fileProblem, isSystemError } from './errors.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { showArgument } from './output.ts';
import { CaptureDescriptionError, parseCaptureDescription, writeCapture } from '../scap/writer/index.ts';

const WRITE_USAGE = 'capture write [--gzip] [--exit-only] [--comment TEXT] [--event-flags N] DESCRIPTION.json OUT.scap';

function usageProblem(problem: string): number {
  process.stderr.write(`falco-actions capture write: ${problem}\nusage: falco-actions ${WRITE_USAGE}\n`);
  return EXIT_USAGE;
}

async function write(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    gzip: { type: 'boolean', short: 'z', default: false },
    'exit-only': { type: 'boolean', default: false },
    comment: { type: 'string' },
    'event-flags': { type: 'string' },
  });
  if (!parsed.ok) return usageProblem(parsed.problem);
  const { values, positionals } = parsed;
  const [descriptionPath, outPath, ...extra] = positionals;
  if (descriptionPath === undefined || outPath === undefined) return usageProblem('give a DESCRIPTION.json and an OUT.scap');
  if (extra.length > 0) return usageProblem(`unexpected argument ${showArgument(extra[0]!)}`);
  const eventFlags = values['event-flags'] === undefined ? undefined : Number(values['event-flags']);
  if (eventFlags !== undefined && !(Number.isInteger(eventFlags) && eventFlags >= 0 && eventFlags <= 0xffffffff)) {
    return usageProblem(`--event-flags must be an integer from 0 to 4294967295, not ${showArgument(values['event-flags'] ?? '')}`);
  }
  let text: string;
  try {
    text = await readFile(descriptionPath, 'utf8');
  } catch (error) {
    if (!isSystemError(error)) throw error;
    process.stderr.write(`falco-actions capture write: ${fileProblem('read', descriptionPath, error)}\n`);
    return EXIT_FAILURE;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`falco-actions capture write: ${showArgument(descriptionPath)} is not valid JSON: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  try {
    const description = parseCaptureDescription(json, descriptionPath);
    const result = await writeCapture(description, outPath, {
      gzip: values.gzip,
      exitOnly: values['exit-only'],
      source: descriptionPath,
      ...(values.comment === undefined ? {} : { sectionOptions: { comment: values.comment } }),
      ...(eventFlags === undefined ? {} : { eventFlags }),
    });
    process.stderr.write(`wrote ${showArgument(result.path)}: ${result.events} events, ${result.bytes} bytes uncompressed\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CaptureDescriptionError) {
      process.stderr.write(`falco-actions capture write: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    // The writer keeps the system error as the cause of its own.
    const systemError = isSystemError(error) ? error : error instanceof Error && isSystemError(error.cause) ? error.cause : undefined;
    if (systemError !== undefined) {
      process.stderr.write(`falco-actions capture write: ${fileProblem('write', outPath, systemError)}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

export const captureCommand: CliCommand = {
  name: 'capture',
  usage: WRITE_USAGE,
  subcommands: [{ name: 'write', usage: WRITE_USAGE }],
  async run(args: string[]): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === 'write') return write(rest);
    process.stderr.write(`${sub === undefined ? '' : `falco-actions capture: unknown sub-command ${showArgument(sub)}\n`}usage: falco-actions ${WRITE_USAGE}\n`);
    return EXIT_USAGE;
  },
};
