// Writes what stop (or start's post step) found to the job: summary, one annotation per rule,
// outputs, then applies fail-on. The sink is @actions/core in production.
import type { StopOutcome } from './stop.ts';
import { logQuoted } from './log-quote.ts';

export interface ActionSink {
  info(message: string): void;
  warning(message: string, properties?: { title?: string }): void;
  error(message: string, properties?: { title?: string }): void;
  notice(message: string, properties?: { title?: string }): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  appendSummary(markdown: string): Promise<void>;
}

/** A fenced block that text cannot break out of: the fence is longer than any backtick run inside. */
export function fenced(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

export function problemsMarkdown(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  return ['', '### Monitoring problems', '', ...problems.map((problem) => fenced(problem)), ''].join('\n');
}

export async function publishStopOutcome(outcome: StopOutcome, sink: ActionSink): Promise<void> {
  if (outcome.kind !== 'stopped') {
    // Names the state file, whose path the job can set (FALCO_ACTIONS_STATE_FILE): quoted.
    logQuoted(sink, outcome.message);
    return;
  }
  const { report } = outcome;
  await sink.appendSummary(report.markdown + problemsMarkdown(outcome.problems));
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
