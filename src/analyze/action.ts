// The analyze action's orchestration: find the capture artifacts -> for each, download, build the
// report, write and upload its JSON, comment on the pull request -> the job summary, the outputs,
// fail-on. Every collaborator is handed in (the artifact client, the report pipeline, the comment
// writer, the step's sink), so this module decides order and outcomes only. One artifact that cannot
// be analyzed does not cost the others their reports: the step fails at the end, after publishing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failureMessage, isUserError } from '../action/errors.ts';
import { logQuoted } from '../action/log-quote.ts';
import type { ActionSink } from '../action/publish.ts';
import { highestPriority, isAtLeast, type FalcoPriority } from '../falco/priority.ts';
import type { CommentOutcome, IssueComment, OwnCommentFinder } from '../github/comments.ts';
import { escapeMarkdownText, plainLine } from '../report/escape.ts';
import { STEP_SUMMARY_LIMIT_BYTES } from '../report/render.ts';
import type { AnalyzeSettings } from '../settings/analyze.ts';
import { baselineUncompared, newOverThreshold, reputationsOverThreshold } from '../enrich/decisions.ts';
import { reportArtifactName, type CaptureArtifact, type CaptureArtifacts, type DownloadedCapture } from './artifacts.ts';
import type { AnalyzeReport } from './report.ts';

/**
 * The report pipeline, written apart and handed in by the main: build (metadata and hashes, rules,
 * the engine, the inventory: src/analyze/build.ts) and the renderers, whose signatures these mirror
 * (src/report/analyze-markdown.ts renderAnalyzeSummary, src/report/pr-comment.ts renderPrComment and
 * findOwnComment).
 */
export interface ReportPipeline {
  build(capture: DownloadedCapture, settings: AnalyzeSettings): Promise<AnalyzeReport>;
  /** One report's job summary section, within budgetBytes (escaped by the renderer). */
  renderSummary(report: AnalyzeReport, options: { budgetBytes: number }): string;
  /** One report's pull-request comment: the job's hidden marker first, within GitHub's 65,536 characters. */
  renderComment(report: AnalyzeReport, options: { jobKey: string; reportUrl?: string }): string;
  /** This job's comment among a pull request's comments (its marker, by `login`), or undefined. */
  findOwnComment(comments: readonly IssueComment[], jobKey: string, options: { login?: string }): IssueComment | undefined;
  /**
   * The enrichment stages (src/enrich/enrich.ts: VirusTotal, the baseline, the AI triage) over one built
   * report; absent when none is configured. A failing stage is a note in the report, never a throw.
   */
  enrich?(report: AnalyzeReport, artifact: CaptureArtifact): Promise<AnalyzeReport>;
  /** Every report as one SARIF log (src/report/sarif.ts), or absent for none. */
  renderSarif?(reports: readonly AnalyzeReport[]): Promise<string>;
  /** After the last report: what the enrichment keeps for later runs (the verdict cache). */
  finish?(): Promise<void>;
}

/**
 * Sends the reports' alerts to the configured outputs (src/forward: Slack, Loki, a webhook). Never
 * throws for a delivery problem: it logs a warning and says so in `lines`; `failure` is set only when
 * forward-fail-on-error asks for it.
 */
export type AlertForwarder = (reports: readonly AnalyzeReport[]) => Promise<{ lines: string[]; failure?: string }>;

/** The pull request's comments, or null when the run is not for a pull request. */
export interface PullRequestComments {
  upsert(body: string, findOwn: OwnCommentFinder): Promise<CommentOutcome>;
}

export interface AnalyzeContext {
  settings: AnalyzeSettings;
  artifacts: CaptureArtifacts;
  pipeline: ReportPipeline;
  comments: PullRequestComments | null;
  sink: ActionSink;
  /** A folder of this job's own (under RUNNER_TEMP): downloads and report files go there. */
  workDir: string;
  /** The web pages of this run and of an artifact of it, for the comment's pointer. */
  links: { run: string | null; artifact: (id: number) => string | null };
  /** Retention of the report artifact (days), or the repository's default when undefined. */
  retentionDays?: number;
  /** Absent when no output is configured. */
  forward?: AlertForwarder;
}

export interface AnalyzedCapture {
  artifact: CaptureArtifact;
  report: AnalyzeReport;
  reportFile: string;
  /** Things the summary says about this report besides the report itself (comment, upload). */
  notes: string[];
}

export interface AnalyzeOutcome {
  analyzed: AnalyzedCapture[];
  /** Artifacts that could not be analyzed, with the reason. */
  failures: { artifact: CaptureArtifact; message: string }[];
  alerts: number;
  highestPriority: FalcoPriority | undefined;
  failed: boolean;
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The alerts at or above the threshold, for fail-on. */
function overThreshold(reports: readonly AnalyzedCapture[], failOn: AnalyzeSettings['failOn']) {
  if (failOn === 'none') return [];
  return reports.flatMap(({ report }) => report.alerts.filter((alert) => isAtLeast(alert.priority, failOn)));
}

function jobLabel(artifact: CaptureArtifact, report?: AnalyzeReport): string {
  return report?.job?.name ?? report?.job?.key ?? artifact.jobSlug ?? artifact.name;
}

function notesMarkdown(notes: readonly string[]): string {
  if (notes.length === 0) return '';
  return `\n${notes.map((note) => `> ${escapeMarkdownText(plainLine(note, 1000))}`).join('\n>\n')}\n`;
}

/** Cuts Markdown to at most maxBytes at a line end, saying so. */
function withinBytes(markdown: string, maxBytes: number): string {
  if (bytes(markdown) <= maxBytes) return markdown;
  const note = '\n\n_This report was cut to fit the job summary: the JSON report artifact holds all of it._\n';
  let cut = Buffer.from(markdown, 'utf8').subarray(0, Math.max(0, maxBytes - bytes(note))).toString('utf8');
  // A cut in a multi-byte character leaves U+FFFD at the end; the line end before it drops it too.
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  return cut + note;
}

export async function runAnalyze(context: AnalyzeContext): Promise<AnalyzeOutcome> {
  const { settings, sink } = context;
  const found = await context.artifacts.find(settings.artifactNames);
  sink.info(`falco-actions analyze: ${found.length} capture artifact${found.length === 1 ? '' : 's'} to analyze (${settings.falcoEngine} engine).`);
  const downloads = join(context.workDir, 'downloads');
  const reports = join(context.workDir, 'reports');
  await mkdir(reports, { recursive: true });

  const analyzed: AnalyzedCapture[] = [];
  const failures: AnalyzeOutcome['failures'] = [];
  for (const artifact of found) {
    let report: AnalyzeReport;
    try {
      const capture = await context.artifacts.download(artifact, downloads);
      if (settings.verbose) sink.info(`Artifact id ${artifact.id} downloaded${capture.metadataFile === null ? ' (no metadata file)' : ''}${capture.hashesFile === null ? ' (no hashes file)' : ''}.`);
      report = await context.pipeline.build(capture, settings);
    } catch (error) {
      // A bug is still a bug: it stops the step with its stack, as everywhere else.
      if (!isUserError(error)) throw error;
      failures.push({ artifact, message: error.message });
      continue;
    }
    if (context.pipeline.enrich !== undefined) report = await context.pipeline.enrich(report, artifact);
    const reportFile = join(reports, `${reportArtifactName(artifact.name)}.json`);
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    const notes: string[] = [];
    // Where the comment points for the whole report: the report artifact, else the run's page.
    let reportUrl = context.links.run ?? undefined;
    try {
      const uploaded = await context.artifacts.uploadReport(artifact, reportFile, context.retentionDays);
      reportUrl = (uploaded.id === undefined ? null : context.links.artifact(uploaded.id)) ?? reportUrl;
    } catch (error) {
      // The summary and the report-file output still carry the report: a warning, not a failure.
      const message = failureMessage(error);
      notes.push(message);
      sink.warning(plainLine(message, 1000), { title: 'falco-actions analyze' });
    }
    if (context.comments !== null) {
      // The capture artifact's name is the comment's key: unique in the run (a matrix job's entries
      // share a job key but not an artifact name) and the same on a re-run.
      const jobKey = artifact.name;
      const body = context.pipeline.renderComment(report, reportUrl === undefined ? { jobKey } : { jobKey, reportUrl });
      const outcome = await context.comments.upsert(body, (comments, login) => context.pipeline.findOwnComment(comments, jobKey, { login }));
      if (!('note' in outcome)) {
        if (settings.verbose) logQuoted(sink, `Pull-request comment ${outcome.kind}: ${outcome.url}`);
      } else {
        notes.push(outcome.note);
        // A fork's pull request cannot be commented on: said once in the log, not as a warning per job.
        if (outcome.kind === 'failed') sink.warning(plainLine(outcome.note, 1000), { title: 'falco-actions analyze' });
        else logQuoted(sink, outcome.note);
      }
    }
    analyzed.push({ artifact, report, reportFile, notes });
  }

  await context.pipeline.finish?.();
  // Forwarding comes before the summary, so that the summary says what was delivered.
  const forwarded = context.forward === undefined || analyzed.length === 0 ? undefined : await context.forward(analyzed.map(({ report }) => report));
  const forwardSection =
    forwarded === undefined || forwarded.lines.length === 0 ? '' : `\n### Forwarded alerts\n\n${forwarded.lines.map((line) => `- ${escapeMarkdownText(plainLine(line, 1000))}`).join('\n')}\n`;

  // The summary: each report in an equal share of the step's limit, then what could not be analyzed.
  const failureSection =
    failures.length === 0
      ? ''
      : `\n### Not analyzed\n\n${failures.map(({ artifact, message }) => `- ${escapeMarkdownText(plainLine(`${artifact.name}: ${message}`, 2000))}`).join('\n')}\n`;
  const share = Math.floor((STEP_SUMMARY_LIMIT_BYTES - 1 - bytes(failureSection) - bytes(forwardSection)) / Math.max(analyzed.length, 1));
  const summary = analyzed.map(({ report, notes }) => withinBytes(context.pipeline.renderSummary(report, { budgetBytes: share - bytes(notesMarkdown(notes)) - 1 }) + notesMarkdown(notes), share)).join('\n');
  if (summary + forwardSection + failureSection !== '') await sink.appendSummary(summary + forwardSection + failureSection);

  const alerts = analyzed.reduce((count, { report }) => count + report.alerts.length, 0);
  const highest = highestPriority(analyzed.flatMap(({ report }) => report.alerts.map((alert) => alert.priority)));
  // Several monitored jobs: one report file per line, in the order of the summary.
  sink.setOutput('report-file', analyzed.map(({ reportFile }) => reportFile).join('\n'));
  sink.setOutput('alerts', String(alerts));
  sink.setOutput('highest-priority', highest ?? '');
  if (context.pipeline.renderSarif !== undefined && analyzed.length > 0) {
    const sarifFile = join(reports, 'falco-actions.sarif');
    await writeFile(sarifFile, await context.pipeline.renderSarif(analyzed.map(({ report }) => report)));
    sink.setOutput('sarif-file', sarifFile);
  }
  // Job names come from the monitored job's metadata: quoted, so the runner acts on nothing in them.
  for (const { artifact, report } of analyzed) {
    logQuoted(sink, `${JSON.stringify(plainLine(jobLabel(artifact, report), 200))}: ${report.alerts.length} alert${report.alerts.length === 1 ? '' : 's'}.`);
  }

  const over = overThreshold(analyzed, settings.failOn);
  const reputations = analyzed.flatMap(({ report }) => reputationsOverThreshold(report, settings.failOnReputation));
  const drifted = analyzed.map(({ artifact, report }) => ({ artifact, report, counts: newOverThreshold(report, settings.failOnNew) })).filter(({ counts }) => Object.keys(counts).length > 0);
  const uncompared = analyzed.filter(({ report }) => baselineUncompared(report, settings));
  const failed = over.length > 0 || failures.length > 0 || reputations.length > 0 || drifted.length > 0 || uncompared.length > 0 || forwarded?.failure !== undefined;
  // Every reason the step fails, said once at the end: the alerts, the reputations, what is new.
  const reasons: string[] = [];
  if (failures.length > 0) {
    // Every artifact that could not be analyzed, then the verdict: the step fails once, with all of it.
    const named = failures.map(({ artifact, message }) => `${JSON.stringify(artifact.name)}: ${message}`).join(' ');
    sink.setFailed(`${failures.length} of ${found.length} capture artifact${found.length === 1 ? '' : 's'} could not be analyzed. ${named}`);
  } else {
    if (over.length > 0) {
      const rules = [...new Set(over.map((alert) => alert.rule))];
      const named = rules.slice(0, 5).map((rule) => JSON.stringify(plainLine(rule, 100))).join(', ');
      reasons.push(`Falco raised ${over.length} alert${over.length === 1 ? '' : 's'} at or above "${settings.failOn}" (fail-on): ${named}${rules.length > 5 ? ` and ${rules.length - 5} more rules` : ''}.`);
    }
    if (reputations.length > 0) {
      const named = reputations.slice(0, 5).map((reputation) => `${reputation.kind} ${JSON.stringify(plainLine(reputation.indicator, 100))} (${reputation.verdict})`).join(', ');
      reasons.push(`VirusTotal rated ${reputations.length} indicator${reputations.length === 1 ? '' : 's'} at or above "${settings.failOnReputation}" (fail-on-reputation): ${named}${reputations.length > 5 ? ` and ${reputations.length - 5} more` : ''}.`);
    }
    for (const { artifact, report } of uncompared) {
      reasons.push(`${JSON.stringify(plainLine(jobLabel(artifact, report), 200))} could not be compared with the baseline file (fail-on-new): see the notes of its report.`);
    }
    for (const { artifact, report, counts } of drifted) {
      const what = Object.entries(counts).map(([kind, count]) => `${count} ${kind}`).join(', ');
      reasons.push(`${JSON.stringify(plainLine(jobLabel(artifact, report), 200))} has what the baseline has not (fail-on-new): ${what}.`);
    }
    if (forwarded?.failure !== undefined) reasons.push(plainLine(forwarded.failure, 2000));
    if (reasons.length > 0) sink.setFailed(`${reasons.join(' ')} See the job summary.`);
  }
  return { analyzed, failures, alerts, highestPriority: highest, failed };
}
