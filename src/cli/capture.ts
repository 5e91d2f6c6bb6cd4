// `falco-actions capture write DESCRIPTION.json OUT.scap`: writes a capture from a readable description.
// `falco-actions capture redact IN.scap OUT.scap`: writes a copy without environment values and data buffers.
import { readFile } from 'node:fs/promises';
import { parseCommandLine } from './args.ts';
import type { CliCommand } from './commands.ts';
import { fileProblem, isSystemError } from './errors.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { showArgument } from './output.ts';
import { ScapFormatError } from '../scap/errors.ts';
import { CaptureDescriptionError, parseCaptureDescription, writeCapture } from '../scap/writer/index.ts';

const WRITE_USAGE = 'capture write [--gzip] [--exit-only] [--comment TEXT] [--event-flags N] DESCRIPTION.json OUT.scap';
const REDACT_USAGE = 'capture redact [--gzip | --no-gzip] IN.scap OUT.scap';

function usageProblem(problem: string, sub = 'write', usage = WRITE_USAGE): number {
  process.stderr.write(`falco-actions capture ${sub}: ${problem}\nusage: falco-actions ${usage}\n`);
  return EXIT_USAGE;
}

/**
 * A failure the user can act on as one line and EXIT_FAILURE: an error of the sub-command's own kind, or
 * a system error (the writers keep it as their own error's cause). Anything else is a bug: rethrown.
 */
function reportFailure(sub: string, error: unknown, ownKind: new (...args: never[]) => Error, systemProblem: (error: NodeJS.ErrnoException) => string): number {
  if (error instanceof ownKind) {
    process.stderr.write(`falco-actions capture ${sub}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const systemError = isSystemError(error) ? error : error instanceof Error && isSystemError(error.cause) ? error.cause : undefined;
  if (systemError === undefined) throw error;
  process.stderr.write(`falco-actions capture ${sub}: ${systemProblem(systemError)}\n`);
  return EXIT_FAILURE;
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
    return reportFailure('write', error, CaptureDescriptionError, (systemError) => fileProblem('write', outPath, systemError));
  }
}


async function redact(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    gzip: { type: 'boolean', short: 'z' },
    'no-gzip': { type: 'boolean' },
  });
  if (!parsed.ok) return usageProblem(parsed.problem, 'redact', REDACT_USAGE);
  const { values, positionals } = parsed;
  const [inPath, outPath, ...extra] = positionals;
  if (inPath === undefined || outPath === undefined) return usageProblem('give an IN.scap and an OUT.scap', 'redact', REDACT_USAGE);
  if (extra.length > 0) return usageProblem(`unexpected argument ${showArgument(extra[0]!)}`, 'redact', REDACT_USAGE);
  if (values.gzip === true && values['no-gzip'] === true) return usageProblem('give --gzip or --no-gzip, not both', 'redact', REDACT_USAGE);
  const gzip = values.gzip === true ? true : values['no-gzip'] === true ? false : undefined;
  try {
    // Loaded here: `capture write` does not need the reader.
    const { redactCapture } = await import('../scap/redact.ts');
    const result = await redactCapture(inPath, outPath, gzip === undefined ? {} : { gzip });
    process.stderr.write(
      `wrote ${showArgument(result.path)}: ${result.events} events, ${result.bytes} bytes uncompressed; ` +
        `blanked ${result.environmentsBlanked} environments and ${result.buffersBlanked} data buffers, kept ${result.dnsBuffersKept} DNS messages (command lines are kept)\n`,
    );
    if (result.unknownEventsBlanked > 0) process.stderr.write(`warning: ${result.unknownEventsBlanked} events of unknown types or layouts had their parameters zeroed\n`);
    if (result.blocksLeftOut > 0) process.stderr.write(`warning: ${result.blocksLeftOut} blocks of unknown types or unreadable process lists were left out\n`);
    if (result.truncated !== undefined) process.stderr.write(`warning: ${showArgument(inPath)} ends inside a block at byte ${result.truncated.offset} (the recorder stopped while writing); the partial block was left out\n`);
    if (result.damage !== undefined) {
      process.stderr.write(
        `warning: ${showArgument(inPath)} is damaged at byte ${result.damage.offset} (${result.damage.problem}): the copy stops there${result.damage.bytesLeftOut === undefined ? '' : `, ${result.damage.bytesLeftOut} bytes were not copied`}\n`,
      );
    }
    return EXIT_OK;
  } catch (error) {
    // The reader reports its own file problems as ScapFormatError: a system error here is the copy's.
    return reportFailure('redact', error, ScapFormatError, (systemError) => fileProblem('write', outPath, systemError));
  }
}

const CAPTURE_USAGE = `${WRITE_USAGE} | ${REDACT_USAGE}`;

export const captureCommand: CliCommand = {
  name: 'capture',
  usage: CAPTURE_USAGE,
  subcommands: [
    { name: 'write', usage: WRITE_USAGE },
    { name: 'redact', usage: REDACT_USAGE },
  ],
  async run(args: string[]): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === 'write') return write(rest);
    if (sub === 'redact') return redact(rest);
    process.stderr.write(`${sub === undefined ? '' : `falco-actions capture: unknown sub-command ${showArgument(sub)}\n`}usage: falco-actions ${CAPTURE_USAGE}\n`);
    return EXIT_USAGE;
  },
};
