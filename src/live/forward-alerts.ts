// Live mode's alert forwarding, after stop (or start's post step) has published its summary: every
// attributed alert goes to the configured outputs with the job's context and its step and action.
// A delivery failure is a warning and a line in the job summary; it fails the step only with
// forward-fail-on-error: true, and then after everything else was published.
import type { ActionSink } from '../action/publish.ts';
import type { Logger } from '../action/log.ts';
import { jobContextFromEnv, type JobContext } from '../forward/alert.ts';
import { describeOutcome, forwardAlerts, forwardFailure, type ForwardDeps, type ForwardResult } from '../forward/forward.ts';
import { escapeMarkdownText, plainLine } from '../report/escape.ts';
import type { LiveReportResult } from '../report/live-report.ts';
import { forwardingEnabled, type ForwardSettings } from '../settings/forward.ts';

/**
 * Bytes of the step summary kept free for the forwarding section: the report is cut to the limit less
 * this (a summary over GitHub's limit is dropped whole). Three outputs and a few notes, each line cut
 * to LINE_CHARS, stay well within it.
 */
export const FORWARD_SUMMARY_RESERVE_BYTES = 8 * 1024;
const LINE_CHARS = 400;
const MAX_NOTES = 5;

export interface LiveForwardDeps {
  sink: ActionSink;
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** The forwarding's clock, fetch, time budget…: tests only. */
  forward?: Omit<ForwardDeps, 'log'>;
}

/** The job the alerts came from: the runner's variables, with the job's display name when the API gave it. */
export function liveJobContext(report: Pick<LiveReportResult, 'jobName'>, env: NodeJS.ProcessEnv): JobContext {
  const job = jobContextFromEnv(env);
  const name = report.jobName?.trim();
  return name ? { ...job, job: name } : job;
}

/** The job summary's section on forwarding: one line per output, then what went wrong or was skipped. */
export function forwardSummaryMarkdown(result: ForwardResult): string {
  const lines = [
    ...result.outputs.map((outcome) => describeOutcome(outcome)),
    ...result.warnings.map((warning) => `not delivered: ${warning}`),
    ...result.notes.slice(0, MAX_NOTES),
  ];
  if (lines.length === 0) return '';
  // The warnings quote the receivers' answers: escaped, one line each.
  return `\n### Alert forwarding\n\n${lines.map((line) => `- ${escapeMarkdownText(plainLine(line, LINE_CHARS))}`).join('\n')}\n`;
}

/**
 * Forwards the report's attributed alerts when an output is configured (or a note says why one was
 * switched off), appends the summary section, and fails the step when forward-fail-on-error asks.
 */
export async function forwardLiveAlerts(report: LiveReportResult, settings: ForwardSettings, deps: LiveForwardDeps): Promise<ForwardResult | undefined> {
  if (!forwardingEnabled(settings) && settings.notes.length === 0) return undefined;
  const job = liveJobContext(report, deps.env);
  // The report attributed each alert to its step and action; the job is this step's.
  const alerts = report.forwardAlerts.map((alert) => ({ ...alert, ci: { ...job, step: alert.ci.step, action: alert.ci.action } }));
  const result = await forwardAlerts(alerts, settings, { ...deps.forward, log: deps.log });
  const section = forwardSummaryMarkdown(result);
  if (section !== '') {
    // The report is already written: a failing summary write must not hide the forwarding's outcome.
    await deps.sink.appendSummary(section).catch((error: unknown) => {
      deps.sink.warning(`Could not add the forwarding's outcome to the job summary: ${plainLine((error as Error).message, LINE_CHARS)}`, { title: 'falco-actions' });
    });
  }
  const failure = forwardFailure(result, settings);
  if (failure !== undefined) deps.sink.setFailed(failure);
  return result;
}
