import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { toFalcoAlert, type FalcoAlert } from './alert.ts';

export interface EventsFileProblem {
  /** 1-based line number, absent for problems with the file as a whole. */
  line?: number;
  reason: string;
}

export interface EventsFileContents {
  alerts: FalcoAlert[];
  /** The first MAX_KEPT_PROBLEMS problems; later ones are only counted. */
  problems: EventsFileProblem[];
  /** Problems beyond those kept (a file of garbage must not exhaust memory). */
  omittedProblems: number;
}

export const MAX_KEPT_PROBLEMS = 1000;

const SHOWN_TEXT = 80;

// Controls, line separators and invisible formatting (bidi overrides, zero-width) become spaces: the
// preview is quoted in logs and annotations. Cut by code points, never inside a surrogate pair.
function preview(text: string): string {
  const flat = Array.from(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu, ' '));
  return flat.length > SHOWN_TEXT ? `${flat.slice(0, SHOWN_TEXT).join('')}…` : flat.join('');
}

/**
 * Reads Falco's JSON events file line by line (streamed, never whole). Every valid alert is kept; a
 * line that is not JSON or not a Falco alert, or a last line Falco did not finish writing, becomes a
 * problem with its line number. A missing or empty file is a problem too, never an exception.
 */
export async function readEventsFile(path: string): Promise<EventsFileContents> {
  const alerts: FalcoAlert[] = [];
  const problems: EventsFileProblem[] = [];
  let omittedProblems = 0;
  const addProblem = (problem: EventsFileProblem): void => {
    if (problems.length < MAX_KEPT_PROBLEMS) problems.push(problem);
    else omittedProblems += 1;
  };
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      return { alerts, problems: [{ reason: `events file ${path} is not a regular file` }], omittedProblems: 0 };
    }
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `events file ${path} does not exist: Falco wrote no alerts (did the start step run in live mode?)`
        : `events file ${path} cannot be read (${code ?? String(error)})`;
    return { alerts, problems: [{ reason }], omittedProblems: 0 };
  }
  if (size === 0) {
    return {
      alerts,
      problems: [{ reason: `events file ${path} is empty: Falco wrote no alerts, not even the step markers` }],
      omittedProblems: 0,
    };
  }

  const lastByteIsNewline = await endsWithNewline(path, size);
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  // The line is handled one step late so the final line (which may be half-written) is recognised.
  let pending: { text: string; number: number } | undefined;
  const handle = (text: string, number: number, isUnterminatedLast: boolean): void => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      addProblem({
        line: number,
        reason: isUnterminatedLast
          ? `incomplete last line (Falco stopped while writing it): ${preview(text)}`
          : `not JSON: ${preview(text)}`,
      });
      return;
    }
    const result = toFalcoAlert(value, number);
    if (result.ok) alerts.push(result.alert);
    else addProblem({ line: number, reason: result.reason });
  };
  try {
    for await (const text of lines) {
      lineNumber += 1;
      if (pending) handle(pending.text, pending.number, false);
      pending = { text, number: lineNumber };
    }
  } catch (error) {
    addProblem({ reason: `reading events file ${path} stopped after line ${lineNumber}: ${String(error)}` });
  } finally {
    stream.destroy();
  }
  if (pending) handle(pending.text, pending.number, !lastByteIsNewline);
  return { alerts, problems, omittedProblems };
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const stream = createReadStream(path, { start: size - 1, end: size - 1 });
  for await (const chunk of stream) {
    return (chunk as Buffer)[0] === 0x0a;
  }
  return false;
}

/** "line 7: not JSON: …" — the plain text used in reports and logs. */
export function describeProblem(problem: EventsFileProblem): string {
  return problem.line === undefined ? problem.reason : `line ${problem.line}: ${problem.reason}`;
}
