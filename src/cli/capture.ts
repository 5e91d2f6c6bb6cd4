// `falco-actions capture write DESCRIPTION.json OUT.scap`: writes a capture from a readable description.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliCommand } from './commands.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { CaptureDescriptionError, parseCaptureDescription, writeCapture } from '../scap/writer/index.ts';

const USAGE = 'capture write [--gzip] [--exit-only] [--comment TEXT] [--event-flags N] DESCRIPTION.json OUT.scap';

async function write(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      gzip: { type: 'boolean', short: 'z', default: false },
      'exit-only': { type: 'boolean', default: false },
      comment: { type: 'string' },
      'event-flags': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`usage: falco-actions ${USAGE}\n`);
    return EXIT_OK;
  }
  const [descriptionPath, outPath, ...extra] = positionals;
  if (descriptionPath === undefined || outPath === undefined || extra.length > 0) {
    process.stderr.write(`usage: falco-actions ${USAGE}\n`);
    return EXIT_USAGE;
  }
  const eventFlags = values['event-flags'] === undefined ? undefined : Number(values['event-flags']);
  if (eventFlags !== undefined && !(Number.isInteger(eventFlags) && eventFlags >= 0 && eventFlags <= 0xffffffff)) {
    process.stderr.write(`falco-actions: --event-flags must be an integer from 0 to 4294967295, not '${values['event-flags'] ?? ''}'\n`);
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = await readFile(descriptionPath, 'utf8');
  } catch (error) {
    process.stderr.write(`falco-actions: cannot read ${descriptionPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`falco-actions: ${descriptionPath} is not valid JSON: ${(error as Error).message}\n`);
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
    process.stderr.write(`wrote ${result.path}: ${result.events} events, ${result.bytes} bytes uncompressed\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CaptureDescriptionError) {
      process.stderr.write(`falco-actions: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

export const captureCommand: CliCommand = {
  name: 'capture',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const [sub, ...rest] = args;
    if (sub === 'write') {
      try {
        return await write(rest);
      } catch (error) {
        if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
          process.stderr.write(`falco-actions: ${error.message}\nusage: falco-actions ${USAGE}\n`);
          return EXIT_USAGE;
        }
        throw error;
      }
    }
    process.stderr.write(`${sub === undefined ? '' : `falco-actions: unknown capture sub-command '${sub}'\n`}usage: falco-actions ${USAGE}\n`);
    return EXIT_USAGE;
  },
};
