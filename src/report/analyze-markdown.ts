// Analyze mode's report (src/analyze/report.ts) as Markdown: the job summary and the CLI's
// `--format markdown`. Every string of the report came from the capture or the metadata file, which the
// monitored job wrote: each goes through escape.ts's hostileCode, bounded; our own words are plain.
// The summary says no verdict (fail-on decides that, in the log): it says what fired and what the job did.
//
// Order: the headline, what was cut to fit (if anything), alerts grouped by rule (most severe first),
// the pictures (mermaid.ts), each section the workflow asked for, then notes. Tables are capped
// (ANALYZE_LIMITS); the whole stays within the step summary budget, which is spent on alerts first (the
// most severe kept), then on the pictures, then on the sections in order; anything left out is counted
// and named at the top.
import { FALCO_PRIORITIES, falcoPriorityLabel, highestPriority, priorityRank, type FalcoPriority } from '../falco/priority.ts';
import type { AnalyzeReport, Attribution, ReportSection } from '../analyze/report.ts';
import { hostileCode } from './escape.ts';
import { DEFAULT_SUMMARY_BUDGET_BYTES, outputMessage } from './render.ts';
import { analyzePictures, fitPictures, picturesLeftOut } from './mermaid.ts';
import { enrichmentParts, fitEnrichment } from './enrichment-markdown.ts';

/** Every cap of the analyze Markdown surfaces, in one place. The JSON report keeps every entry. */
export const ANALYZE_LIMITS = {
  /** Alert rows of the summary (the most severe kept). */
  alertRows: 500,
  /** Rules of the "by rule" table. */
  ruleRows: 100,
  /** Rows of each section's table. */
  sectionRows: 50,
  /** Rows of each top-talkers table. */
  topRows: 10,
  notes: 50,
  /** Characters of an alert's output. */
  outputChars: 1000,
  /** Characters of a path, a command line or a name in a cell. */
  valueChars: 300,
  /** Characters of a short value (rule, step, action, user, time). */
  shortChars: 200,
  /** Values of a list cell (answers, processes, flags) named at most. */
  listValues: 5,
  /** Characters of a note. */
  noteChars: 1000,
} as const;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;

type Alert = AnalyzeReport['alerts'][number];

export const SECTION_TITLES: Record<ReportSection, string> = {
  connections: 'Network connections',
  dns: 'DNS queries',
  processes: 'Processes',
  written_files: 'Files written',
  containers: 'Containers',
  chisels: 'Top talkers',
  hashes: 'Executable hashes',
};

/** The order sections are shown in, whatever order the inputs named them. */
const SECTION_ORDER: readonly ReportSection[] = ['connections', 'dns', 'processes', 'written_files', 'containers', 'chisels', 'hashes'];

// --- cells shared with the pull-request comment ------------------------------------------------------

/** "22:39:47.261" from Falco's and the inventory's ISO times; anything else shown as hostile text. */
export function timeCell(time: string | null): string {
  if (time === null) return '';
  const match = /^\d{4}-\d{2}-\d{2}T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*(?:Z|[+-]\d{2}:?\d{2})?$/.exec(time);
  return match ? `${match[1]}${match[2] ?? ''}` : hostileCode(time, 40);
}

/** The step a finding belongs to: its number (our figure) and name (the workflow's), or why none. */
export function stepCell(attribution: Attribution): string {
  const note = attribution.note === undefined || attribution.note === '' ? '' : ` (${hostileCode(attribution.note, ANALYZE_LIMITS.shortChars)})`;
  if (attribution.step === null) return `unknown${note}`;
  return `${attribution.step.number}: ${hostileCode(attribution.step.name, ANALYZE_LIMITS.shortChars)}${note}`;
}

/** The action whose code ran it, as the `uses:` line a workflow writes (in code: the name is the job's). */
export function actionCell(attribution: Attribution): string {
  return attribution.action === null ? '' : hostileCode(`uses: ${attribution.action}`, ANALYZE_LIMITS.shortChars);
}

const code = (text: string, maxChars: number = ANALYZE_LIMITS.valueChars): string => (text === '' ? '' : hostileCode(text, maxChars));

/** A few values of a list, each in code, then how many more. */
export function listCell(values: readonly string[], maxChars: number = ANALYZE_LIMITS.shortChars): string {
  const shown = values.slice(0, ANALYZE_LIMITS.listValues).map((value) => hostileCode(value, maxChars));
  const more = values.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

export function endpointText(endpoint: { address: string; port: number | null }): string {
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  return endpoint.port === null ? host : `${host}:${endpoint.port}`;
}

export function formatByteCount(value: number): string {
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / (1024 * 1024)).toFixed(1)} MiB`;
}

// --- alerts ------------------------------------------------------------------------------------------

export interface AlertGroup {
  rule: string;
  highest: FalcoPriority;
  alerts: Alert[];
}

/** Alerts by rule, the most severe rule first (then the most frequent), each rule's alerts in time order. */
export function groupAlerts(alerts: readonly Alert[]): AlertGroup[] {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const list = groups.get(alert.rule);
    if (list === undefined) groups.set(alert.rule, [alert]);
    else list.push(alert);
  }
  return [...groups]
    .map(([rule, list]) => ({
      rule,
      highest: highestPriority(list.map((alert) => alert.priority)) as FalcoPriority,
      alerts: list.map((alert, index) => ({ alert, index })).sort((a, b) => compareTimes(a.alert.time, b.alert.time) || a.index - b.index).map((entry) => entry.alert),
    }))
    .sort((a, b) => priorityRank(a.highest) - priorityRank(b.highest) || b.alerts.length - a.alerts.length || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

// ISO times of one capture compare as strings when they share a form; Falco's nanosecond times do.
function compareTimes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2 Critical, 5 Warning": the alerts by priority, most severe first. */
export function priorityCounts(alerts: readonly Alert[]): string {
  const counts = new Map<FalcoPriority, number>();
  for (const alert of alerts) counts.set(alert.priority, (counts.get(alert.priority) ?? 0) + 1);
  return FALCO_PRIORITIES.filter((priority) => counts.has(priority))
    .map((priority) => `${counts.get(priority)} ${falcoPriorityLabel(priority)}`)
    .join(', ');
}

/** "## Falco analyze: 3 alerts (1 Critical, 2 Warning)": the same words in the summary and the comment. */
export function headline(report: AnalyzeReport, level = '##'): string {
  const alerts = report.alerts.length;
  const counts = alerts === 0 ? 'no alerts' : `${plural(alerts, 'alert')} (${priorityCounts(report.alerts)})`;
  return `${level} Falco analyze: ${counts}\n\n`;
}

/** One line naming the monitored job, each value in code; null: the capture came without metadata. */
export function jobLine(report: AnalyzeReport): string {
  const job = report.job;
  if (job === null) return 'Monitored job: unknown (the capture came without its metadata file).\n\n';
  const name = job.name === null ? '' : ` ${hostileCode(job.name, ANALYZE_LIMITS.shortChars)}`;
  return (
    `Monitored job${name} (key ${hostileCode(job.key, ANALYZE_LIMITS.shortChars)}) of workflow ${hostileCode(job.workflow, ANALYZE_LIMITS.shortChars)} ` +
    `in ${hostileCode(job.repository, ANALYZE_LIMITS.shortChars)}, run ${hostileCode(job.runId, 40)} attempt ${hostileCode(job.runAttempt, 40)}.\n\n`
  );
}

function alertRow(alert: Alert): string {
  return (
    `| ${hostileCode(alert.rule, ANALYZE_LIMITS.shortChars)} | ${falcoPriorityLabel(alert.priority)} | ${timeCell(alert.time)} | ${stepCell(alert.attribution)} | ` +
    `${actionCell(alert.attribution)} | ${hostileCode(outputMessage(alert.output), ANALYZE_LIMITS.outputChars)} |\n`
  );
}

export const ALERTS_HEADER = '| Rule | Priority | Time (UTC) | Step | Action | Output |\n| --- | --- | --- | --- | --- | --- |\n';

/**
 * The alert rows that fit in `room` bytes and `maxRows`: chosen most severe first (then in display
 * order), shown grouped by rule. Rows are rendered only while they fit, so a huge report costs little.
 */
export function fitAlertRows(groups: readonly AlertGroup[], maxRows: number, room: number, row: (alert: Alert) => string = alertRow): { rows: string; shown: number; size: number } {
  const ordered = groups.flatMap((group) => group.alerts);
  const bySeverity = ordered.map((_, index) => index).sort((a, b) => priorityRank((ordered[a] as Alert).priority) - priorityRank((ordered[b] as Alert).priority) || a - b);
  const kept: Array<{ index: number; text: string }> = [];
  let used = 0;
  for (const index of bySeverity) {
    if (kept.length >= maxRows) break;
    const text = row(ordered[index] as Alert);
    const size = bytes(text);
    if (used + size > room) break;
    used += size;
    kept.push({ index, text });
  }
  kept.sort((a, b) => a.index - b.index);
  return { rows: kept.map((entry) => entry.text).join(''), shown: kept.length, size: used };
}

// --- sections ----------------------------------------------------------------------------------------

interface Table {
  heading: string;
  header: string;
  rows: Array<() => string>;
  /** Entries the section holds (rows may be fewer: the cap). */
  total: number;
  /** Words under the heading (our own). */
  intro?: string;
}

function tableHeader(columns: readonly string[], right: readonly number[] = []): string {
  const rule = columns.map((_, index) => (right.includes(index) ? ' ---: ' : ' --- ')).join('|');
  return `| ${columns.join(' | ')} |\n|${rule}|\n`;
}

function rowOf(cells: readonly (string | number)[]): string {
  return `| ${cells.map(String).join(' | ')} |\n`;
}

function cappedRows<T>(entries: readonly T[], cap: number, render: (entry: T) => readonly (string | number)[]): Array<() => string> {
  return entries.slice(0, cap).map((entry) => () => rowOf(render(entry)));
}

// A finding outside the workspace, on a public address, or in a written-then-run file matters more:
// those come first (stable, so the builder's order holds within each part).
function stableFirst<T>(entries: readonly T[], first: (entry: T) => boolean): T[] {
  return [...entries.filter(first), ...entries.filter((entry) => !first(entry))];
}

function sectionTables(report: AnalyzeReport, section: ReportSection): Table[] {
  const rows = ANALYZE_LIMITS.sectionRows;
  const title = SECTION_TITLES[section];
  switch (section) {
    case 'connections': {
      const entries = stableFirst(report.connections ?? [], (entry) => entry.scope === 'public');
      return [
        {
          heading: title,
          intro: 'Public addresses first.',
          header: tableHeader(['Remote', 'Protocol', 'Scope', 'Process', 'Count', 'Sent', 'Received', 'First (UTC)', 'Step', 'Action'], [4, 5, 6]),
          total: entries.length,
          rows: cappedRows(entries, rows, (entry) => [
            code(endpointText(entry.remote), ANALYZE_LIMITS.shortChars),
            code(entry.protocol, 20),
            code(entry.scope, 20),
            code(entry.exepath || entry.process),
            entry.count,
            formatByteCount(entry.bytesSent),
            formatByteCount(entry.bytesReceived),
            timeCell(entry.firstTime),
            stepCell(entry.attribution),
            actionCell(entry.attribution),
          ]),
        },
      ];
    }
    case 'dns': {
      const entries = report.dns ?? [];
      return [
        {
          heading: title,
          header: tableHeader(['Name', 'Types', 'Queries', 'Answers', 'Processes', 'First (UTC)', 'Step', 'Action'], [2]),
          total: entries.length,
          rows: cappedRows(entries, rows, (entry) => [
            code(entry.name),
            listCell(entry.types, 20),
            entry.queries,
            listCell(entry.answers),
            listCell(entry.processes),
            timeCell(entry.firstTime),
            stepCell(entry.attribution),
            actionCell(entry.attribution),
          ]),
        },
      ];
    }
    case 'processes': {
      const entries = report.processes ?? [];
      return [
        {
          heading: title,
          header: tableHeader(['Runs', 'Executable', 'Arguments', 'Parent', 'User', 'Container', 'SHA-256', 'First (UTC)', 'Step', 'Action'], [0]),
          total: entries.length,
          rows: cappedRows(entries, rows, (entry) => [
            entry.count,
            code(entry.exepath || entry.name),
            code(entry.args.join(' ')),
            code(entry.parent ?? ''),
            code(entry.user, 64),
            code(entry.containerId, 64),
            code(entry.sha256 ?? '', 64),
            timeCell(entry.firstTime),
            stepCell(entry.attribution),
            actionCell(entry.attribution),
          ]),
        },
      ];
    }
    case 'written_files': {
      const entries = stableFirst(report.writtenFiles ?? [], (entry) => entry.outsideWorkspace);
      return [
        {
          heading: title,
          intro: 'Files outside the workspace first.',
          header: tableHeader(['Path', 'Outside workspace', 'Opens', 'Flags', 'Processes', 'First (UTC)', 'Step', 'Action'], [2]),
          total: entries.length,
          rows: cappedRows(entries, rows, (entry) => [
            code(entry.path),
            entry.outsideWorkspace ? 'yes' : 'no',
            entry.count,
            listCell(entry.flags, 40),
            listCell(entry.processes),
            timeCell(entry.firstTime),
            stepCell(entry.attribution),
            actionCell(entry.attribution),
          ]),
        },
      ];
    }
    case 'containers': {
      const entries = report.containers ?? [];
      return [
        {
          heading: title,
          header: tableHeader(['Id', 'Name', 'Image']),
          total: entries.length,
          rows: cappedRows(entries, rows, (entry) => [code(entry.id, 64), code(entry.name, ANALYZE_LIMITS.shortChars), code(entry.image)]),
        },
      ];
    }
    case 'chisels': {
      const top = report.chisels ?? { connectionsByBytes: [], processesByBytes: [], processesByEvents: [] };
      const cap = ANALYZE_LIMITS.topRows;
      return [
        {
          heading: `${title}: connections by bytes`,
          header: tableHeader(['Remote', 'Protocol', 'Process', 'Bytes'], [3]),
          total: top.connectionsByBytes.length,
          rows: cappedRows(top.connectionsByBytes, cap, (entry) => [code(endpointText(entry.remote), ANALYZE_LIMITS.shortChars), code(entry.protocol, 20), code(entry.process), formatByteCount(entry.bytes)]),
        },
        {
          heading: `${title}: processes by bytes`,
          header: tableHeader(['Process', 'Pid', 'Bytes'], [1, 2]),
          total: top.processesByBytes.length,
          rows: cappedRows(top.processesByBytes, cap, (entry) => [code(entry.process), entry.pid, formatByteCount(entry.bytes)]),
        },
        {
          heading: `${title}: processes by events`,
          header: tableHeader(['Process', 'Pid', 'Events'], [1, 2]),
          total: top.processesByEvents.length,
          rows: cappedRows(top.processesByEvents, cap, (entry) => [code(entry.process), entry.pid, entry.events]),
        },
      ];
    }
    case 'hashes': {
      const entries = report.hashes ?? [];
      return [
        {
          heading: title,
          intro: 'Hashed on the monitored runner, at the end of the job.',
          header: tableHeader(['Executable', 'SHA-256', 'Runs', 'Error'], [2]),
          total: entries.length,
          rows: cappedRows(entries, rows, (entry) => [code(entry.path), code(entry.sha256 ?? '', 64), entry.executions, code(entry.error ?? '')]),
        },
      ];
    }
  }
}

/** The sections the report holds, in the summary's order. */
export function presentSections(report: AnalyzeReport): ReportSection[] {
  return SECTION_ORDER.filter((section) => report.sections.includes(section));
}

// --- notes -------------------------------------------------------------------------------------------

/** What the reader must know about the capture itself, in our words (values in code). */
export function captureNotes(report: AnalyzeReport): string[] {
  const notes: string[] = [];
  const capture = report.capture;
  if (capture.damage !== null) {
    const stopped = capture.damage.stoppedAt === null ? '' : `; reading stopped at byte ${capture.damage.stoppedAt}`;
    notes.push(`The capture is damaged: ${plural(capture.damage.regionCount, 'region')} could not be read (${capture.damage.bytesSkipped} bytes skipped${stopped}). What happened there is missing from this report.`);
  }
  if (capture.truncated) notes.push('The capture ends in a cut-off event (the recorder did not close it): its complete events are reported.');
  if (capture.redacted === false) notes.push('The capture artifact is not redacted: it holds every process environment and the first bytes of every read and write. Keep it private.');
  if (capture.redacted === null) notes.push('Whether the capture was redacted is not known (no metadata said so).');
  const unattributed = countUnattributed(report);
  if (unattributed > 0) notes.push(`${plural(unattributed, 'finding')} could not be attributed to a step (shown as unknown).`);
  return notes;
}

function countUnattributed(report: AnalyzeReport): number {
  const lists: ReadonlyArray<ReadonlyArray<{ attribution: Attribution }> | undefined> = [report.alerts, report.processes, report.connections, report.dns, report.writtenFiles];
  return lists.reduce((sum, list) => sum + (list ?? []).filter((entry) => entry.attribution.step === null).length, 0);
}

/** The notes, ours first; the report's own are kept within `maxBytes` (the rest counted). */
function renderNotes(report: AnalyzeReport, maxBytes: number): string {
  // Our words (counts and fixed text) are written as they are, as the live summary writes its own.
  const ours = captureNotes(report).map((note) => `- ${note}\n`);
  const removed = Object.entries(report.exceptions.removed)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (removed.length > 0) {
    const file = report.exceptions.file === null ? '' : ` of ${hostileCode(report.exceptions.file, ANALYZE_LIMITS.shortChars)}`;
    ours.push(`- Left out by the exceptions${file}: ${removed.map(([section, count]) => `${count} ${hostileCode(section, 40)}`).join(', ')}.\n`);
  }
  // The report's notes are plain text that may quote the job's values (process names, paths): code.
  let room = maxBytes - ours.reduce((sum, note) => sum + bytes(note), 0);
  const theirs: string[] = [];
  // The enrichment stages' notes (a failed lookup quotes its service's message) come with the report's.
  const reportNotes = [...report.notes, ...(report.enrichment?.notes ?? [])];
  for (const note of reportNotes.slice(0, ANALYZE_LIMITS.notes)) {
    const text = `- ${hostileCode(note, ANALYZE_LIMITS.noteChars)}\n`;
    if (bytes(text) > room) break;
    room -= bytes(text);
    theirs.push(text);
  }
  const more = reportNotes.length - theirs.length;
  const moreLine = more > 0 ? [`- … and ${plural(more, 'more note')} in the JSON report\n`] : [];
  const all = [...ours, ...theirs, ...moreLine];
  return all.length === 0 ? '' : `\n### Notes\n\n${all.join('')}`;
}

function aboutLine(report: AnalyzeReport): string {
  const capture = report.capture;
  const span = capture.firstEventTime !== null && capture.lastEventTime !== null ? `, from ${timeCell(capture.firstEventTime)} to ${timeCell(capture.lastEventTime)} UTC` : '';
  const redacted = capture.redacted === true ? 'redacted' : capture.redacted === false ? 'not redacted' : 'redaction unknown';
  const engine =
    report.engine.kind === 'container'
      ? `replayed by Falco ${hostileCode(report.engine.falcoVersion, 40)} in ${report.engine.image === null ? 'a container' : hostileCode(report.engine.image, ANALYZE_LIMITS.shortChars)}`
      : `evaluated by falco-actions' own engine (Falco ${hostileCode(report.engine.falcoVersion, 40)} rules)`;
  const rules = report.engine.rulesFiles.length === 0 ? '' : ` with ${listCell(report.engine.rulesFiles)}`;
  return `Capture ${hostileCode(capture.file, ANALYZE_LIMITS.shortChars)}: ${capture.events} events${span}, ${redacted}; ${engine}${rules}.\n\n`;
}

// --- the summary -------------------------------------------------------------------------------------

export interface AnalyzeSummaryOptions {
  /** Bytes the Markdown may take (default: the step summary budget; the CLI may pass Infinity). */
  budgetBytes?: number;
  /** The Mermaid pictures (step timeline, process tree) after the alerts; default true. */
  pictures?: boolean;
}

interface Cut {
  alerts: number;
  sections: Array<{ heading: string; left: number }>;
  /** Titles of the pictures left out. */
  pictures: string[];
  /** Enrichment parts left out (our words). */
  enrichment: string[];
}

const CUT_NOTICE_RESERVE = 1000;

// Room kept for each section's heading and its "more" line, and for the cut notice.
const SECTION_RESERVE = 400;
const MORE_LINE_RESERVE = 100;
/** The share of the budget the report's notes may take. */
const NOTES_SHARE = 0.2;

/** The analyze report as the job summary / CLI Markdown. Pure: same report, same Markdown. */
export function renderAnalyzeSummary(report: AnalyzeReport, options: AnalyzeSummaryOptions = {}): string {
  const budget = options.budgetBytes ?? DEFAULT_SUMMARY_BUDGET_BYTES;
  const head = headline(report) + jobLine(report) + aboutLine(report);
  const notes = renderNotes(report, Number.isFinite(budget) ? Math.floor(budget * NOTES_SHARE) : Number.POSITIVE_INFINITY);
  const groups = groupAlerts(report.alerts);
  const tables = presentSections(report).flatMap((section) => sectionTables(report, section));
  const cut: Cut = { alerts: 0, sections: [], pictures: [], enrichment: [] };

  let room = budget - bytes(head) - bytes(notes) - CUT_NOTICE_RESERVE - SECTION_RESERVE * tables.length;
  let alertPart = report.alerts.length === 0 ? `\nNo rule of the replay matched any of the capture's ${report.capture.events} events.\n` : '';
  if (report.sections.length === 0) alertPart += '\nNo inventory section was asked for (the extract-* inputs).\n';
  if (groups.length > 0) {
    // Rule names are the job's to choose: a bounded number of them.
    let byRule = `\n### Alerts by rule\n\n${tableHeader(['Rule', 'Highest priority', 'Alerts'], [2])}`;
    for (const group of groups.slice(0, ANALYZE_LIMITS.ruleRows)) byRule += rowOf([hostileCode(group.rule, ANALYZE_LIMITS.shortChars), falcoPriorityLabel(group.highest), group.alerts.length]);
    if (groups.length > ANALYZE_LIMITS.ruleRows) byRule += `\n${groups.length - ANALYZE_LIMITS.ruleRows} more rules in the JSON report.\n`;
    const alertsHead = `\n### Alerts\n\nGrouped by rule, the most severe first.\n\n${ALERTS_HEADER}`;
    room -= MORE_LINE_RESERVE;
    let shown = 0;
    if (bytes(byRule) + bytes(alertsHead) <= room) {
      room -= bytes(byRule) + bytes(alertsHead);
      const fitted = fitAlertRows(groups, ANALYZE_LIMITS.alertRows, room);
      room -= fitted.size;
      shown = fitted.shown;
      alertPart = byRule + alertsHead + fitted.rows;
    } else {
      alertPart = '\n### Alerts\n';
    }
    cut.alerts = Math.min(report.alerts.length, ANALYZE_LIMITS.alertRows) - shown;
    const more = report.alerts.length - shown;
    const moreLine = more > 0 ? `\n${plural(more, 'more alert')} in the JSON report${cut.alerts > 0 ? ' (the least severe were left out)' : ''}.\n` : '';
    room += MORE_LINE_RESERVE - bytes(moreLine);
    alertPart += moreLine;
  }

  // Enrichment (new since the baseline, reputations, the AI triage) comes right after the alerts.
  const enrichment = fitEnrichment(enrichmentParts(report, { maxRows: ANALYZE_LIMITS.sectionRows }), room);
  room -= enrichment.size;
  cut.enrichment = enrichment.left;

  // The pictures (src/report/mermaid.ts, bounded) come after the alerts, from the room the sections share.
  const pictures = fitPictures(options.pictures === false ? [] : analyzePictures(report), room);
  room -= pictures.size;
  cut.pictures = pictures.left;

  let sectionPart = '';
  for (const table of tables) {
    room += SECTION_RESERVE;
    const heading = `\n### ${table.heading} (${table.total})\n\n${table.intro === undefined || table.total === 0 ? '' : `${table.intro}\n\n`}`;
    room -= bytes(heading) + MORE_LINE_RESERVE;
    let body = '';
    let shown = 0;
    if (table.total > 0 && bytes(table.header) <= room) {
      room -= bytes(table.header);
      for (const row of table.rows) {
        const text = row();
        if (bytes(text) > room) break;
        room -= bytes(text);
        body += text;
        shown += 1;
      }
      if (shown === 0) room += bytes(table.header);
    }
    if (table.rows.length > shown) cut.sections.push({ heading: table.heading, left: table.rows.length - shown });
    const more = table.total - shown;
    const tail = table.total === 0 ? 'None.\n' : more > 0 ? `\n${more} more in the JSON report.\n` : '';
    room += MORE_LINE_RESERVE - bytes(tail);
    sectionPart += heading + (shown > 0 ? table.header + body : '') + tail;
  }
  return head + cutNotice(cut) + alertPart + enrichment.markdown + pictures.markdown + sectionPart + notes;
}

function cutNotice(cut: Cut): string {
  if (cut.alerts === 0 && cut.sections.length === 0 && cut.pictures.length === 0 && cut.enrichment.length === 0) return '';
  const parts = [
    ...(cut.alerts > 0 ? [`${plural(cut.alerts, 'alert')} (the least severe)`] : []),
    ...cut.enrichment,
    ...(cut.pictures.length > 0 ? [picturesLeftOut(cut.pictures)] : []),
    ...cut.sections.slice(0, 8).map((section) => `${section.left} ${section.heading.toLowerCase()} rows`),
    ...(cut.sections.length > 8 ? [`rows of ${cut.sections.length - 8} more sections`] : []),
  ];
  // Our words only (counts and the section titles above): plain Markdown.
  return `**Cut to fit the step summary limit**: ${parts.join(', ')} left out. The JSON report has everything.\n\n`;
}
