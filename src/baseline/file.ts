// The baseline file: the indicators of a run a team accepts as normal, committed in the repository
// and named by the analyze input baseline-file (written by `falco-actions baseline write REPORT`). A
// full JSON report is accepted in its place: its indicators are taken from it. Whatever the file says
// is data only; it can make things look known, never run anything.
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../action/errors.ts';
import type { AnalyzeReport } from '../analyze/report.ts';
import { driftIndicatorsSchema, type DriftIndicators } from '../enrich/model.ts';
import { parseReport } from '../report/json-report.ts';
import { driftIndicators } from './indicators.ts';

export const BASELINE_KIND = 'falco-actions-baseline';

/**
 * A baseline or report file larger than this is refused before it is read: a report of a busy job is a
 * few MiB, and the analyze job must not be made to parse whatever a repository or an artifact holds.
 */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export const baselineFileSchema = z.object({
  schema: z.literal(1),
  kind: z.literal(BASELINE_KIND),
  /** The run whose report the baseline was written from (null: the report had no job, or by hand). */
  createdFrom: z.object({ repository: z.string(), workflow: z.string(), job: z.string(), runId: z.string() }).nullable(),
  indicators: driftIndicatorsSchema,
});
export type BaselineFile = z.infer<typeof baselineFileSchema>;

const WRITE_HINT = 'Write it with `falco-actions baseline write REPORT --output FILE` from a JSON report (the report-file output or the falco-report-* artifact), or pass a JSON report itself.';

/** A report's indicators as a baseline file. */
export function baselineFromReport(report: AnalyzeReport): BaselineFile {
  return {
    schema: 1,
    kind: BASELINE_KIND,
    createdFrom: report.job === null ? null : { repository: report.job.repository, workflow: report.job.workflow, job: report.job.key, runId: report.job.runId },
    indicators: driftIndicators(report),
  };
}

/** The baseline as the JSON text to commit: one value per line, so that a change to it reads as a diff. */
export function serializeBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baselineFileSchema.parse(baseline), null, 2)}\n`;
}

/**
 * The indicators of a baseline file's text, or of a JSON report's. `source` names the file in errors.
 * Throws UserError saying what is wrong and how to make the file.
 */
export function parseBaseline(text: string, source: string): { indicators: DriftIndicators; from: 'baseline' | 'report' } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the fault: a path that leads elsewhere (a link
    // committed in a pull request) must not bring a runner file's content into the report.
    throw new UserError(`${source} is not JSON.`, WRITE_HINT);
  }
  const kind = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).kind : undefined;
  const tool = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).tool : undefined;
  if (kind === undefined && typeof tool === 'object' && tool !== null) {
    return { indicators: driftIndicators(parseReport(text, source)), from: 'report' };
  }
  const result = baselineFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
    throw new UserError(`${source} is neither a falco-actions baseline file (kind "${BASELINE_KIND}", schema 1) nor a JSON report${where}.`, WRITE_HINT);
  }
  return { indicators: result.data.indicators, from: 'baseline' };
}

/** Reads at most `max` bytes of a file; more is a UserError naming the file. */
export async function readBoundedText(path: string, what: string, fix: string, max = MAX_BASELINE_BYTES): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const words = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new UserError(`Could not read ${what} ${path}: ${words}.`, fix);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UserError(`${what} ${path} is not a file.`, fix);
    if (stat.size > max) throw new UserError(`${what} ${path} is ${stat.size} bytes, more than the ${max} this reads.`, fix);
    // Read through the bound, not the size: the file may grow between stat and read.
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) throw new UserError(`${what} ${path} is more than the ${max} bytes this reads.`, fix);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads a baseline file (or a JSON report used as one). */
export async function readBaselineFile(path: string): Promise<{ indicators: DriftIndicators; from: 'baseline' | 'report' }> {
  const text = await readBoundedText(path, 'the baseline file', `Set baseline-file to the path of a committed baseline (relative to the workspace). ${WRITE_HINT}`);
  return parseBaseline(text, `The baseline file ${path}`);
}
