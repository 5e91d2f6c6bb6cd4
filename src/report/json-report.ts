// Analyze mode's JSON report (the `report-file` output, uploaded as an artifact): the one report model,
// validated against its schema on the way out and on the way in. Keys come in a stable order: the
// schema's own order for its objects (zod builds its output in shape order) and sorted keys for the
// open records (exception counts per section, enrichment), so two runs over one capture write the same
// bytes.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { analyzeReportSchema, type AnalyzeReport } from '../analyze/report.ts';
import { UserError } from '../action/errors.ts';
import type { Enrichment } from '../enrich/model.ts';

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortedKeys(inner)]));
}

/** The report as JSON text, schema-checked (a report that breaks its own schema is a bug: it throws). */
export function serializeReport(report: AnalyzeReport): string {
  const parsed = analyzeReportSchema.parse(report);
  const stable: AnalyzeReport = {
    ...parsed,
    exceptions: { ...parsed.exceptions, removed: sortedKeys(parsed.exceptions.removed) as Record<string, number> },
    ...(parsed.enrichment === undefined ? {} : { enrichment: sortedKeys(parsed.enrichment) as Enrichment }),
  };
  return `${JSON.stringify(stable, null, 2)}\n`;
}

/** Reads a JSON report back (the CLI, the comment step): a clear error naming the file when it is not one. */
export function parseReport(text: string, source = 'the JSON report'): AnalyzeReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source} is not JSON (${error instanceof Error ? error.message : String(error)}).`, 'Pass the report-file that falco-actions analyze wrote.');
  }
  const result = analyzeReportSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
    throw new UserError(`${source} is not a falco-actions analyze report (schema 1)${where}.`, 'Pass the report-file that falco-actions analyze wrote, with the same falco-actions version.');
  }
  return result.data;
}

/**
 * Writes `text` to `path` (its folder made), whole or not at all: a temporary file renamed into place.
 * Throws the write's own error (the temporary file is removed first, if it was made).
 */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    // The temporary file may not exist (or its folder may be a file): the write's error is the one to report.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Writes the report to `path`, whole or not at all (writeTextAtomically). */
export async function writeJsonReport(path: string, report: AnalyzeReport): Promise<void> {
  const text = serializeReport(report);
  try {
    await writeTextAtomically(path, text);
  } catch (error) {
    throw new UserError(`Could not write the JSON report to ${path}: ${error instanceof Error ? error.message : String(error)}.`, 'Set report-file to a path in a writable folder.');
  }
}

export async function readJsonReport(path: string): Promise<AnalyzeReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`Could not read the JSON report ${path}: ${error instanceof Error ? error.message : String(error)}.`, 'Pass the path of a report that falco-actions analyze wrote.');
  }
  return parseReport(text, `The JSON report ${path}`);
}
