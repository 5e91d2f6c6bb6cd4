// Analyze mode's pull-request comment: one per monitored job, updated in place on reruns. Shorter than
// the job summary: the headline, the alerts, what is new or notable (public destinations, domains,
// files written outside the workspace) and the pictures (mermaid.ts) as room allows, then a pointer to
// the full report. Every value of the report is the monitored job's (hostile) and goes through
// escape.ts, as in the summary; the comment starts with a hidden marker naming the job, which the job's
// own text cannot forge or break (hex only).
import { createHash } from 'node:crypto';
import type { AnalyzeReport } from '../analyze/report.ts';
import { falcoPriorityLabel } from '../falco/priority.ts';
import { hostileCode } from './escape.ts';
import { outputMessage } from './render.ts';
import { analyzePictures, fitPictures, picturesLeftOut } from './mermaid.ts';
import { enrichmentParts, fitEnrichment } from './enrichment-markdown.ts';
import {
  actionCell,
  ANALYZE_LIMITS,
  captureNotes,
  endpointText,
  fitAlertRows,
  groupAlerts,
  headline,
  jobLine,
  stepCell,
  timeCell,
} from './analyze-markdown.ts';

/** GitHub refuses an issue comment body longer than this many characters. */
export const PR_COMMENT_LIMIT_CHARS = 65_536;

/** The comment's caps (the summary's are ANALYZE_LIMITS). */
export const PR_COMMENT_LIMITS = {
  alertRows: 30,
  /** Rows per kind of notable finding. */
  notablePerKind: 15,
  outputChars: 300,
} as const;

const MARKER_PREFIX = '<!-- falco-actions:analyze:';
const MARKER_SUFFIX = ' -->';
/** Job keys up to this many UTF-8 bytes are written whole (hex); longer ones as their SHA-256. */
const MARKER_KEY_BYTES = 64;

/**
 * The hidden first line that identifies the monitored job's comment. The key (a matrix job's name is
 * the workflow's to choose) is written as hex, so nothing in it can close the HTML comment, start a
 * line or look like another job's marker.
 */
export function commentMarker(jobKey: string): string {
  const utf8 = Buffer.from(jobKey, 'utf8');
  const id = utf8.length <= MARKER_KEY_BYTES ? utf8.toString('hex') : `sha256-${createHash('sha256').update(utf8).digest('hex')}`;
  return `${MARKER_PREFIX}${id}${MARKER_SUFFIX}`;
}

export interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
}

/**
 * The comment to update for this job: the oldest whose body starts with the job's marker (a comment
 * merely quoting it does not count), written by `login` when given (the token's own user, so a comment
 * someone else started with our marker is never taken over). Undefined: post a new one.
 */
export function findOwnComment<T extends IssueComment>(comments: readonly T[], jobKey: string, options: { login?: string } = {}): T | undefined {
  const marker = commentMarker(jobKey);
  const own = comments.filter((comment) => {
    const body = comment.body ?? '';
    if (!(body === marker || body.startsWith(`${marker}\n`) || body.startsWith(`${marker}\r\n`))) return false;
    return options.login === undefined || comment.user?.login === options.login;
  });
  return own.sort((a, b) => a.id - b.id)[0];
}

export interface PrCommentOptions {
  jobKey: string;
  /** Where the full report is (the run's page, the artifact): our URL, shown as a link when plainly https. */
  reportUrl?: string;
}

// A link only to a URL that cannot break out of Markdown's link destination; anything else in code.
const PLAIN_HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%/?=&+-]*)?$/;

function pointer(reportUrl: string | undefined): string {
  if (reportUrl === undefined) return "\nThe full report is in this run's job summary and its JSON report artifact.\n";
  if (PLAIN_HTTPS_URL.test(reportUrl)) return `\nThe full report: [job summary and JSON report artifact](${reportUrl}).\n`;
  return `\nThe full report: ${hostileCode(reportUrl, 500)}.\n`;
}

interface NotableRow {
  kind: string;
  text: () => string;
}

function notableRows(report: AnalyzeReport): { rows: NotableRow[]; total: number } {
  const cap = PR_COMMENT_LIMITS.notablePerKind;
  const short = ANALYZE_LIMITS.shortChars;
  const row = (kind: string, value: string, where: { step: string; action: string }) => `| ${kind} | ${value} | ${where.step} | ${where.action} |\n`;
  const where = (attribution: AnalyzeReport['alerts'][number]['attribution']) => ({ step: stepCell(attribution), action: actionCell(attribution) });
  const publicOnes = (report.connections ?? []).filter((entry) => entry.scope === 'public');
  const domains = report.dns ?? [];
  const outside = (report.writtenFiles ?? []).filter((entry) => entry.outsideWorkspace);
  const rows: NotableRow[] = [
    ...publicOnes.slice(0, cap).map((entry) => ({
      kind: 'public destination',
      text: () => row('public destination', `${hostileCode(`${endpointText(entry.remote)}/${entry.protocol}`, short)} by ${hostileCode(entry.exepath || entry.process, short)}`, where(entry.attribution)),
    })),
    ...domains.slice(0, cap).map((entry) => ({ kind: 'domain', text: () => row('domain', hostileCode(entry.name, short), where(entry.attribution)) })),
    ...outside.slice(0, cap).map((entry) => ({ kind: 'written outside the workspace', text: () => row('written outside the workspace', hostileCode(entry.path, short), where(entry.attribution)) })),
  ];
  return { rows, total: publicOnes.length + domains.length + outside.length };
}

const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;
const upperFirst = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The pull-request comment for one monitored job, at most PR_COMMENT_LIMIT_CHARS characters. */
export function renderPrComment(report: AnalyzeReport, options: PrCommentOptions, limitChars: number = PR_COMMENT_LIMIT_CHARS): string {
  const marker = `${commentMarker(options.jobKey)}\n`;
  const head = headline(report, '###') + jobLine(report);
  const notes = captureNotes(report).map((note) => `- ${note}\n`);
  const notesPart = notes.length === 0 ? '' : `\n${notes.join('')}`;
  const tail = pointer(options.reportUrl);
  // Room for the alerts and the notable findings, after the fixed parts and the "more" lines.
  let room = limitChars - marker.length - head.length - notesPart.length - tail.length - 400;

  let alertsPart = '';
  if (report.alerts.length > 0) {
    const header = '\n| Rule | Priority | Time (UTC) | Step | Action | Output |\n| --- | --- | --- | --- | --- | --- |\n';
    const row = (alert: AnalyzeReport['alerts'][number]) =>
      `| ${hostileCode(alert.rule, ANALYZE_LIMITS.shortChars)} | ${falcoPriorityLabel(alert.priority)} | ${timeCell(alert.time)} | ${stepCell(alert.attribution)} | ${actionCell(alert.attribution)} | ${hostileCode(outputMessage(alert.output), PR_COMMENT_LIMITS.outputChars)} |\n`;
    let shown = 0;
    if (header.length < room) {
      room -= header.length;
      // fitAlertRows counts bytes; UTF-8 bytes are never fewer than UTF-16 units, so the cut holds for characters.
      const fitted = fitAlertRows(groupAlerts(report.alerts), PR_COMMENT_LIMITS.alertRows, room, row);
      room -= fitted.size;
      shown = fitted.shown;
      if (shown > 0) alertsPart = header + fitted.rows;
    }
    const more = report.alerts.length - shown;
    if (more > 0) alertsPart += `\n${plural(more, 'more alert')} (the least severe) in the full report.\n`;
  }

  const notable = notableRows(report);
  let notablePart = '';
  if (notable.total > 0) {
    const header = '\n#### Notable\n\n| What | Value | Step | Action |\n| --- | --- | --- | --- |\n';
    let shown = 0;
    if (header.length < room) {
      room -= header.length;
      let body = '';
      for (const entry of notable.rows) {
        const text = entry.text();
        if (text.length > room) break;
        room -= text.length;
        body += text;
        shown += 1;
      }
      if (shown > 0) notablePart = header + body;
    }
    const more = notable.total - shown;
    if (more > 0) notablePart += `\n${more} more public destinations, domains and files written outside the workspace in the full report.\n`;
  }

  // Enrichment (new since the baseline, flagged reputations, the AI triage), then the pictures. Bytes
  // bound characters (UTF-8 is never shorter than UTF-16), so the byte fit holds for the limit.
  const enrichment = fitEnrichment(enrichmentParts(report, { maxRows: PR_COMMENT_LIMITS.notablePerKind, level: '####' }), room);
  room -= enrichment.size;
  const enrichmentPart = enrichment.markdown + (enrichment.left.length > 0 ? `\n${upperFirst(enrichment.left.join(', '))} ${enrichment.left.length === 1 ? 'was' : 'were'} left out to fit the comment limit.\n` : '');

  // The pictures (src/report/mermaid.ts, bounded; ASCII, so bytes are characters) with the room left.
  const pictures = fitPictures(analyzePictures(report, '####'), room);
  const picturesPart = pictures.markdown + (pictures.left.length > 0 ? `\n${upperFirst(picturesLeftOut(pictures.left))} ${pictures.left.length === 1 ? 'was' : 'were'} left out to fit the comment limit.\n` : '');

  const body = marker + head + alertsPart + enrichmentPart + notablePart + picturesPart + notesPart + tail;
  if (body.length <= limitChars) return body;
  // Not reached with the reserve above; kept so the limit holds whatever a future part adds.
  return `${marker}${headline(report, '###')}The report is too long for a comment.\n${tail}`.slice(0, limitChars);
}
