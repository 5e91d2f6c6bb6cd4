// The one alert shape every forwarding output reads, whichever mode found it: live mode's Falco alert
// (with the step attribution live stop computed) and analyze mode's report alert both become a
// ForwardAlert. Every string in it is hostile (rule names and outputs come from rule files and from the
// monitored job's processes; step and workflow names from the workflow): the payload builders escape
// for their own surface.
import type { AttributedAlert } from '../attribution/attribute.ts';
import type { StepProcess } from '../attribution/process.ts';
import type { StepRef } from '../attribution/steps.ts';
import type { FalcoAlert } from '../falco/alert.ts';
import type { FalcoPriority } from '../falco/priority.ts';
import type { AnalyzeReport } from '../analyze/report.ts';

/** The monitored job: the same for every alert of one forwarding. Empty values are null. */
export interface JobContext {
  /** owner/repo (GITHUB_REPOSITORY). */
  repository: string | null;
  /** The workflow's name (GITHUB_WORKFLOW). */
  workflow: string | null;
  /** The job's id or name (GITHUB_JOB; analyze: the job's name from the capture's metadata). */
  job: string | null;
  /** GITHUB_RUN_NUMBER; null when unknown (an analyze report does not record it). */
  runNumber: string | null;
  /** The run's (or job's) page on GitHub. */
  runUrl: string | null;
}

/** The job context plus where in the job the alert came from. */
export interface CiContext extends JobContext {
  /** The step's name when attribution found exactly one step. */
  step: string | null;
  /** `OWNER/REPO@REF` of the action the alerting process ran under, when known. */
  action: string | null;
}

export interface ForwardAlert {
  rule: string;
  priority: FalcoPriority;
  /** ISO 8601 UTC with up to nine fractional digits, as Falco prints it. */
  time: string;
  output: string;
  source: string | null;
  tags: string[];
  hostname: string | null;
  /** Falco's output_fields: values are strings, numbers, booleans or null. */
  outputFields: Record<string, unknown>;
  ci: CiContext;
}

export const EMPTY_JOB_CONTEXT: JobContext = { repository: null, workflow: null, job: null, runNumber: null, runUrl: null };

function nonEmpty(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/**
 * The job as the runner describes it to every step. The run URL is GitHub's own pattern
 * ({server}/{owner}/{repo}/actions/runs/{id}), as the runner builds it for the job summary's link.
 */
export function jobContextFromEnv(env: NodeJS.ProcessEnv): JobContext {
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  const server = nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com';
  return {
    repository,
    workflow: nonEmpty(env.GITHUB_WORKFLOW),
    job: nonEmpty(env.GITHUB_JOB),
    runNumber: nonEmpty(env.GITHUB_RUN_NUMBER),
    runUrl: repository !== null && runId !== null ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}` : null,
  };
}

/** The monitored job as an analyze report records it (from the capture's metadata). */
export function jobContextFromReport(report: AnalyzeReport): JobContext {
  const job = report.job;
  if (job === null) return EMPTY_JOB_CONTEXT;
  return {
    repository: nonEmpty(job.repository),
    workflow: nonEmpty(job.workflow),
    job: nonEmpty(job.name) ?? nonEmpty(job.key),
    runNumber: null,
    runUrl: nonEmpty(job.htmlUrl),
  };
}

function actionOf(process: StepProcess | undefined): string | null {
  return process?.kind === 'action' ? process.action : null;
}

function oneStep(steps: readonly StepRef[] | undefined): string | null {
  return steps !== undefined && steps.length === 1 ? (steps[0]?.name ?? null) : null;
}

/**
 * A live-mode alert. `attribution` is what live stop's attribution said of it (AttributedAlert's steps
 * and process); without it the alert goes out with the job context only.
 */
export function fromFalcoAlert(alert: FalcoAlert, job: JobContext, attribution?: Pick<AttributedAlert, 'steps' | 'process'>): ForwardAlert {
  return {
    rule: alert.rule,
    priority: alert.priority,
    time: alert.time,
    output: alert.output,
    source: alert.source ?? null,
    tags: [...alert.tags],
    hostname: alert.hostname ?? null,
    outputFields: { ...alert.fields },
    ci: { ...job, step: oneStep(attribution?.steps), action: actionOf(attribution?.process) },
  };
}

/** Live stop's attributed findings (AttributionResult.findings), in their order. */
export function fromAttributedAlerts(findings: readonly AttributedAlert[], job: JobContext): ForwardAlert[] {
  return findings.map((finding) => fromFalcoAlert(finding.alert, job, finding));
}

type ReportAlert = AnalyzeReport['alerts'][number];

/**
 * An analyze report's alert. The report keeps no hostname and of the output fields only the pid, which
 * goes out as Falco names it (proc.pid).
 */
export function fromReportAlert(alert: ReportAlert, job: JobContext): ForwardAlert {
  return {
    rule: alert.rule,
    priority: alert.priority,
    time: alert.time,
    output: alert.output,
    source: alert.source,
    tags: [...alert.tags],
    hostname: null,
    outputFields: alert.pid === null ? {} : { 'proc.pid': alert.pid },
    ci: { ...job, step: alert.attribution.step?.name ?? null, action: alert.attribution.action },
  };
}

/** Every alert of an analyze report, with the report's own job context. */
export function fromAnalyzeReport(report: AnalyzeReport): ForwardAlert[] {
  const job = jobContextFromReport(report);
  return report.alerts.map((alert) => fromReportAlert(alert, job));
}
