// The capture artifact's metadata and hashes files, read and validated for analyze. Both came from the
// monitored job, which could have rewritten them: they are parsed with the contract's schemas
// (src/capture/metadata.ts), a size cap keeps a huge file from exhausting memory, and every error names
// the file and what to do.
import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { UserError } from '../action/errors.ts';
import { captureMetadataSchema, hashesFileSchema, HASHES_FILE_NAME, METADATA_FILE_NAME, type CaptureMetadata, type HashesFile } from '../capture/metadata.ts';

/** Larger files are refused: the metadata holds at most 1,000 steps, the hashes 100,000 executables. */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;
export const MAX_HASHES_BYTES = 128 * 1024 * 1024;

const ISSUES_SHOWN = 5;

async function readJsonFile(path: string, what: string, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes) throw new UserError(`The ${what} ${path} is ${size} bytes, more than the ${maxBytes} allowed.`, `Give the ${what} of the capture artifact, as stop wrote it.`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new UserError(`Cannot read the ${what} ${path} (${code}).`, `Give the path of the ${what} from the capture artifact.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`The ${what} ${path} is not JSON: ${(error as Error).message}.`, `Give the ${what} of the capture artifact, as stop wrote it.`);
  }
}

function problems(error: z.ZodError): string {
  const shown = error.issues.slice(0, ISSUES_SHOWN).map((issue) => `${issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue.message}`);
  const more = error.issues.length > ISSUES_SHOWN ? `; and ${error.issues.length - ISSUES_SHOWN} more` : '';
  return `${shown.join('; ')}${more}`;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string, fileName: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UserError(
      `The ${what} ${path} is not a falco-actions ${fileName}: ${problems(parsed.error)}.`,
      `Give the ${fileName} of a capture artifact written by the same falco-actions release (schema 1).`,
    );
  }
  return parsed.data;
}

/** The metadata file (metadata.json of the capture artifact). Throws UserError naming the file. */
export async function readMetadataFile(path: string): Promise<CaptureMetadata> {
  return parseWith(captureMetadataSchema, await readJsonFile(path, 'metadata file', MAX_METADATA_BYTES), path, 'metadata file', METADATA_FILE_NAME);
}

/** The hashes file (hashes.json of the capture artifact). Throws UserError naming the file. */
export async function readHashesFile(path: string): Promise<HashesFile> {
  return parseWith(hashesFileSchema, await readJsonFile(path, 'hashes file', MAX_HASHES_BYTES), path, 'hashes file', HASHES_FILE_NAME);
}
