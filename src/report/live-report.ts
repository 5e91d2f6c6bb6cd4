import { describeProblem, readEventsFile } from '../falco/events-file.ts';
import { highestPriority, type FalcoPriority } from '../falco/priority.ts';
import { attributeAlerts, type AttributedAlert, type AttributionContext } from '../attribution/attribute.ts';
import { MARKER_RULE } from '../attribution/process.ts';
import { note, type Note } from '../attribution/note.ts';
import { toStepIntervals, type StepInterval } from '../attribution/steps.ts';
import { GitHubApiError, listRunAttemptJobs, selectThisJob } from '../github/jobs.ts';
import type { ThisJob } from '../github/run.ts';
import {
  failOnVerdict,
  renderLiveSummary,
  ruleAnnotations,
  type Annotation,
  type LiveSummaryModel,
  type MonitoringCost,
} from './render.ts';
import { plainLine } from './escape.ts';
import { EMPTY_JOB_CONTEXT, fromAttributedAlerts, type ForwardAlert } from '../forward/alert.ts';

export interface LiveReportInput {
  eventsFile: string;
  github: ThisJob;
  cost: MonitoringCost;
  failOn: 'none' | FalcoPriority;
  /** What start and stop recorded that attribution uses (own processes, start's time, the reporter). */
  attribution?: AttributionContext;
}

export interface LiveReportResult {
  markdown: string;
  /** Alerts found, the marker rule's excluded. */
  alerts: number;
  highestPriority: FalcoPriority | undefined;
  annotations: Annotation[];
  failed: boolean;
  failureMessage?: string;
  /** Bad lines of the events file and anything that limited the report, plain text. */
  problems: string[];
  /**
   * Every alert (the marker rule's excluded) in forwarding's shape, with the step and action attribution
   * found for it; the job context is left empty for stop to fill (liveJobContext). Plain JSON values.
   */
  forwardAlerts: ForwardAlert[];
  /** This job's name as the API gives it (a matrix job's includes its values), when its steps were read. */
  jobName?: string;
}

const MAX_LINE_PROBLEMS = 20;

interface JobSteps {
  steps?: StepInterval[];
  job?: LiveSummaryModel['job'];
  unavailable?: string;
  note?: string;
}

async function fetchThisJobSteps(github: LiveReportInput['github']): Promise<JobSteps> {
  try {
    const jobs = await listRunAttemptJobs(github);
    const chosen = selectThisJob(jobs, github.runnerName, github.job);
    if (chosen instanceof GitHubApiError) return { unavailable: chosen.message };
    const job = chosen.job;
    return {
      steps: toStepIntervals(job.steps ?? []),
      job: { name: job.name, runnerName: job.runner_name ?? github.runnerName, htmlUrl: job.html_url },
      ...(chosen.note ? { note: chosen.note } : {}),
    };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

// Falco's own messages (source "internal", e.g. "Falco internal: syscall event drop" from
// userspace/falco/event_drops.cpp) say the monitoring itself was incomplete.
function internalNotes(findings: readonly AttributedAlert[]): Note[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    if (finding.alert.source === 'internal') counts.set(finding.alert.rule, (counts.get(finding.alert.rule) ?? 0) + 1);
  }
  return [...counts].map(([rule, count]) =>
    rule === 'Falco internal: syscall event drop'
      ? note`Falco dropped syscall events (${count} report${[count === 1 ? '' : 's']}): some activity of this job may be missing from the alerts`
      : note`Falco reported ${rule} ${count} time${[count === 1 ? '' : 's']}`,
  );
}

/**
 * Stop's live-mode report: reads Falco's events file, fetches this job's steps, attributes every alert
 * to its step, and renders the job summary. Never throws for bad events or API failures: they become
 * notes and problems in the result.
 */
export async function buildLiveReport(input: LiveReportInput): Promise<LiveReportResult> {
  const contents = await readEventsFile(input.eventsFile);
  const problems = contents.problems.map(describeProblem);
  const problemCount = problems.length + contents.omittedProblems;
  const hasFindings = contents.alerts.some((alert) => alert.rule !== MARKER_RULE);
  // Steps are only needed to name where alerts happened.
  const jobSteps: JobSteps = hasFindings ? await fetchThisJobSteps(input.github) : {};
  const attribution = attributeAlerts(contents.alerts, jobSteps.steps, input.attribution);
  const notes: Note[] = [...(jobSteps.note ? [note`${jobSteps.note}`] : []), ...internalNotes(attribution.findings), ...attribution.notes];
  const model: LiveSummaryModel = {
    findings: attribution.findings,
    notes,
    problems,
    problemCount,
    cost: input.cost,
    failOn: input.failOn,
    ...(jobSteps.unavailable ? { stepsUnavailable: jobSteps.unavailable } : {}),
    ...(jobSteps.job ? { job: jobSteps.job } : {}),
  };
  const rendered = renderLiveSummary(model);
  const verdict = failOnVerdict(attribution.findings, input.failOn);
  // What limited the report first; then the bad lines, kept few since stop logs each as a warning.
  const reported: string[] = [];
  if (jobSteps.unavailable) reported.push(`job steps unavailable: ${jobSteps.unavailable}`);
  if (rendered.omittedRows > 0) {
    reported.push(`${rendered.omittedRows} alert(s) left out of the job summary to stay within GitHub's 1 MiB limit`);
  }
  reported.push(...problems.slice(0, MAX_LINE_PROBLEMS));
  if (problemCount > MAX_LINE_PROBLEMS) {
    reported.push(`… and ${problemCount - MAX_LINE_PROBLEMS} more problems in the events file (the job summary lists up to 50)`);
  }
  return {
    markdown: rendered.markdown,
    alerts: attribution.findings.length,
    highestPriority: highestPriority(attribution.findings.map((finding) => finding.alert.priority)),
    annotations: ruleAnnotations(attribution.findings),
    failed: verdict.failed,
    ...(verdict.failureMessage ? { failureMessage: verdict.failureMessage } : {}),
    // Each becomes a log warning: one line, no invisible or bidi characters that could disguise it.
    problems: reported.map((problem) => plainLine(problem, 1000)),
    forwardAlerts: fromAttributedAlerts(attribution.findings, EMPTY_JOB_CONTEXT),
    ...(jobSteps.job ? { jobName: jobSteps.job.name } : {}),
  };
}
