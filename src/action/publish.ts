// Writes what stop (or start's post step) found to the job: summary, one annotation per rule,
// outputs, then applies fail-on. The sink is @actions/core in production.
import type { StopOutcome } from '../live/stop.ts';
import { logQuoted } from './log-quote.ts';
import { STEP_SUMMARY_LIMIT_BYTES } from '../report/render.ts';
import { hostileBlock as fenced } from '../report/escape.ts';

export interface ActionSink {
  info(message: string): void;
  warning(message: string, properties?: { title?: string }): void;
  error(message: string, properties?: { title?: string }): void;
  notice(message: string, properties?: { title?: string }): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  appendSummary(markdown: string): Promise<void>;
}

/** A fenced block that text cannot break out of (see hostileBlock). */
export { fenced };

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The longest start of text within maxBytes of UTF-8, never splitting a surrogate pair. */
function cutToBytes(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  let low = 0;
  let high = Math.min(text.length, maxBytes);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (bytes(text.slice(0, middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  const code = text.charCodeAt(low - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, low - 1) : text.slice(0, low);
}

const PROBLEMS_HEADING = '\n### Monitoring problems\n';
// A problem cut to fit is worth showing only with this much of it left.
const MIN_CUT_PROBLEM_BYTES = 1024;

function leftOutNote(count: number): string {
  return `\n_${count} more monitoring ${count === 1 ? 'problem was' : 'problems were'} left out: a job summary holds at most 1 MiB. Every problem is in this step's log._\n`;
}

/**
 * The monitoring problems as Markdown in at most maxBytes: whole problems in order while they fit,
 * then one cut to the room left (when enough is), then a note counting those left out.
 */
export function problemsMarkdown(problems: readonly string[], maxBytes = Number.POSITIVE_INFINITY): string {
  if (problems.length === 0) return '';
  // Room for the heading and the longest note, so whatever is kept the note still fits.
  let room = maxBytes - bytes(PROBLEMS_HEADING) - bytes(leftOutNote(problems.length)) - 1;
  if (room <= 0) return '';
  const blocks: string[] = [];
  let kept = 0;
  for (const problem of problems) {
    const block = `\n${fenced(problem)}`;
    if (bytes(block) <= room) {
      blocks.push(block);
      room -= bytes(block);
      kept += 1;
      continue;
    }
    const cutNote = `\n[cut: ${bytes(problem)} bytes in all]`;
    // Fence and its newlines: at most the block's own overhead over the problem.
    const overhead = bytes(block) - bytes(problem) + bytes(cutNote);
    if (room - overhead >= MIN_CUT_PROBLEM_BYTES) {
      const cut = `${cutToBytes(problem, room - overhead)}${cutNote}`;
      const cutBlock = `\n${fenced(cut)}`;
      if (bytes(cutBlock) <= room) {
        blocks.push(cutBlock);
        room -= bytes(cutBlock);
        kept += 1;
      }
    }
    break;
  }
  const leftOut = problems.length - kept;
  return `${PROBLEMS_HEADING}${blocks.join('')}\n${leftOut > 0 ? leftOutNote(leftOut) : ''}`;
}

/**
 * The whole step summary (report, then monitoring problems) within GitHub's limit for one step,
 * less the line end the summary writer adds.
 */
export function summaryMarkdown(reportMarkdown: string, problems: readonly string[], limitBytes = STEP_SUMMARY_LIMIT_BYTES): string {
  const room = limitBytes - 1;
  // The report keeps itself under budget; should it not, it is cut at a line end rather than lost.
  const report = bytes(reportMarkdown) <= room ? reportMarkdown : cutAtLineEnd(reportMarkdown, room - 200) + '\n\n_The report was cut: a job summary holds at most 1 MiB._\n';
  return report + problemsMarkdown(problems, room - bytes(report));
}

function cutAtLineEnd(text: string, maxBytes: number): string {
  const cut = cutToBytes(text, Math.max(0, maxBytes));
  const lineEnd = cut.lastIndexOf('\n');
  return lineEnd < 0 ? '' : cut.slice(0, lineEnd);
}

/** summaryReserveBytes: room left in the step's summary for what the caller appends after (forwarding). */
export async function publishStopOutcome(outcome: StopOutcome, sink: ActionSink, options: { summaryReserveBytes?: number } = {}): Promise<void> {
  if (outcome.kind !== 'stopped') {
    // Names the state file, whose path the job can set (FALCO_ACTIONS_STATE_FILE): quoted.
    logQuoted(sink, outcome.message);
    return;
  }
  const { report } = outcome;
  await sink.appendSummary(summaryMarkdown(report.markdown, outcome.problems, STEP_SUMMARY_LIMIT_BYTES - (options.summaryReserveBytes ?? 0)));
  for (const annotation of report.annotations) {
    const properties = { title: annotation.title };
    if (annotation.level === 'error') sink.error(annotation.message, properties);
    else if (annotation.level === 'warning') sink.warning(annotation.message, properties);
    else sink.notice(annotation.message, properties);
  }
  for (const problem of report.problems) sink.warning(problem, { title: 'falco-actions' });
  sink.setOutput('alerts', String(report.alerts));
  sink.setOutput('highest-priority', report.highestPriority ?? '');
  sink.setOutput('events-file', outcome.eventsFile);
  sink.info(`Falco reported ${report.alerts} alert${report.alerts === 1 ? '' : 's'}${report.highestPriority ? ` (highest priority: ${report.highestPriority})` : ''}.`);
  if (report.failed) sink.setFailed(report.failureMessage ?? 'An alert at or above the fail-on priority fired.');
}
