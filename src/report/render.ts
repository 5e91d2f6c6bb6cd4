import { falcoPriorityLabel, highestPriority, isAtLeast, priorityRank, FALCO_PRIORITIES, type FalcoPriority } from '../falco/priority.ts';
import type { AttributedAlert } from '../attribution/attribute.ts';
import { stepProcessLabel, stepProcessNote } from '../attribution/process.ts';
import { stepNameMatchesProcess } from '../attribution/steps.ts';
import type { Note } from '../attribution/note.ts';
import { escapeMarkdownText, hostileCode, plainLine } from './escape.ts';

export interface MonitoringCost {
  cpuSeconds?: number;
  /** Falco's resident memory (see memoryMeasure); never the container's page cache. */
  peakMemoryBytes?: number;
  /** peak-rss: the peak resident set of Falco's process (VmHWM); resident-at-stop: the anonymous memory
   *  of Falco's container when stop read it (the peak could not be read). Absent: peak-rss. */
  memoryMeasure?: 'peak-rss' | 'resident-at-stop';
  /** Page cache charged to Falco's container at stop (files it read): shown apart, not Falco's memory. */
  cacheBytes?: number;
  startSeconds?: number;
  stopSeconds?: number;
}

export interface LiveSummaryModel {
  findings: readonly AttributedAlert[];
  /** Attribution remarks: our words rendered as text, the job's values as escaped code. */
  notes: readonly Note[];
  /** Why the job's steps are missing, when they are. */
  stepsUnavailable?: string;
  job?: { name: string; runnerName: string; htmlUrl?: string | null };
  problems: readonly string[];
  /** All problems, when more were found than `problems` holds. */
  problemCount?: number;
  cost: MonitoringCost;
  failOn: 'none' | FalcoPriority;
}

// GitHub uploads at most 1 MiB of summary per step (docs: workflow commands, "Step isolation and
// limits"); stay clearly below it.
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_SUMMARY_BUDGET_BYTES = STEP_SUMMARY_LIMIT_BYTES - 24 * 1024;
const MAX_LISTED = 50;
const MAX_RULES_LISTED = 100;
const OUTPUT_CHARS = 1000;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

export function renderNote(parts: Note): string {
  return parts.map((part) => (typeof part === 'string' ? escapeMarkdownText(part) : hostileCode(part.hostile, 300))).join('');
}

// "Run actions/checkout@v4" (or its "Post Run …") already says which action ran; other step names,
// a composite action's among them, get the process that started the alert's process tree.
function stepNamesProcess(name: string, finding: AttributedAlert): boolean {
  return finding.process !== undefined && stepNameMatchesProcess(name, finding.process) === 'match';
}

function stepCell(finding: AttributedAlert): string {
  const named = finding.steps.length === 1 && stepNamesProcess((finding.steps[0] as { name: string }).name, finding);
  const process = finding.process && !named ? ` (${renderNote(stepProcessNote(finding.process))})` : '';
  if (finding.steps.length === 1) {
    const step = finding.steps[0] as { name: string; number: number };
    const how = finding.method === 'time' ? ' (by time)' : '';
    return `${hostileCode(step.name, 200)}${process}${how}`;
  }
  if (finding.steps.length > 1) {
    return `either ${finding.steps.map((step) => hostileCode(step.name, 200)).join(' or ')}${process} (boundary second)`;
  }
  if (finding.process) return `unknown step${process}`;
  return 'unknown';
}

function timeCell(time: string): string {
  // "2025-02-26T22:39:47.261363951Z" -> "22:39:47.261"
  const match = /T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(time);
  return match ? `${match[1]}${match[2] ?? ''}` : hostileCode(time, 40);
}

// Falco prefixes output with "%evt.time: <Priority> " (formats.cpp); the table has both columns already.
export function outputMessage(output: string): string {
  return output.replace(/^(?:\d{2}:\d{2}:\d{2}\.\d{1,9}|\d{4}-\d{2}-\d{2}T[\d:.+-]+Z?): (?:Emergency|Alert|Critical|Error|Warning|Notice|Informational|Info|Debug) /, '');
}

function row(finding: AttributedAlert): string {
  const alert = finding.alert;
  return `| ${timeCell(alert.time)} | ${stepCell(finding)} | ${hostileCode(alert.rule, 200)} | ${falcoPriorityLabel(alert.priority)} | ${hostileCode(outputMessage(alert.output), OUTPUT_CHARS)} |\n`;
}

function formatSeconds(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'not measured' : `${value.toFixed(2)} s`;
}

function formatBytes(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'not measured';
  return `${(value / (1024 * 1024)).toFixed(1)} MiB`;
}

function bulletList(items: readonly string[], what: string, total = items.length): string {
  const shown = items.slice(0, MAX_LISTED).map((item) => `- ${hostileCode(item, 500)}\n`);
  const listed = Math.min(items.length, MAX_LISTED);
  const more = total > listed ? `- … and ${total - listed} more ${what}\n` : '';
  return shown.join('') + more;
}

export interface RenderedSummary {
  markdown: string;
  shownRows: number;
  omittedRows: number;
}

/** The job summary. Pure: same model, same Markdown. */
export function renderLiveSummary(model: LiveSummaryModel, budgetBytes = DEFAULT_SUMMARY_BUDGET_BYTES): RenderedSummary {
  const findings = model.findings;
  const head: string[] = [];
  head.push(`## Falco: ${findings.length === 0 ? 'no alerts' : `${findings.length} alert${findings.length === 1 ? '' : 's'}`} in this job\n\n`);
  if (model.job) {
    head.push(`Job ${hostileCode(model.job.name, 200)} on runner ${hostileCode(model.job.runnerName, 200)}.\n\n`);
  }
  if (model.stepsUnavailable) {
    head.push(`> [!WARNING]\n> Steps could not be named: ${hostileCode(model.stepsUnavailable, 600)}\n> Alerts are attributed to the action or script that caused them, without step names.\n\n`);
  }
  if (model.failOn !== 'none') {
    const threshold = model.failOn;
    const over = findings.filter((finding) => isAtLeast(finding.alert.priority, threshold)).length;
    head.push(`fail-on: **${threshold}**: ${over} alert${over === 1 ? '' : 's'} at or above it.\n\n`);
  }
  if (findings.length > 0) {
    head.push('### By priority\n\n| Priority | Alerts |\n| --- | ---: |\n');
    for (const priority of FALCO_PRIORITIES) {
      const count = findings.filter((finding) => finding.alert.priority === priority).length;
      if (count > 0) head.push(`| ${falcoPriorityLabel(priority)} | ${count} |\n`);
    }
    head.push('\n### By rule\n\n| Rule | Highest priority | Alerts |\n| --- | --- | ---: |\n');
    // Rule names come from the events file, which the job can write to: list a bounded number.
    const groups = groupByRule(findings);
    for (const group of groups.slice(0, MAX_RULES_LISTED)) {
      head.push(`| ${hostileCode(group.rule, 200)} | ${falcoPriorityLabel(group.highest)} | ${group.findings.length} |\n`);
    }
    if (groups.length > MAX_RULES_LISTED) {
      const rest = groups.slice(MAX_RULES_LISTED);
      const alerts = rest.reduce((sum, group) => sum + group.findings.length, 0);
      head.push(`| … and ${rest.length} more rules | ${falcoPriorityLabel(rest[0]?.highest ?? 'debug')} | ${alerts} |\n`);
    }
    head.push('\n### Alerts\n\n| Time (UTC) | Step | Rule | Priority | Output |\n| --- | --- | --- | --- | --- |\n');
  }

  const tail: string[] = [];
  if (model.notes.length > 0) {
    const listed = model.notes.slice(0, MAX_LISTED).map((item) => `- ${renderNote(item)}\n`).join('');
    const more = model.notes.length > MAX_LISTED ? `- … and ${model.notes.length - MAX_LISTED} more notes\n` : '';
    tail.push(`\n### Attribution notes\n\n${listed}${more}`);
  }
  if (model.problems.length > 0) {
    tail.push(`\n### Problems reading Falco's events\n\n${bulletList(model.problems, 'problems', Math.max(model.problemCount ?? 0, model.problems.length))}`);
  }
  const cost = model.cost;
  const atStop = cost.memoryMeasure === 'resident-at-stop' && cost.peakMemoryBytes !== undefined;
  const memoryWords =
    cost.peakMemoryBytes === undefined
      ? ''
      : atStop
        ? "Falco's memory is the resident (anonymous) memory of its container when stop read it; its peak could not be read"
        : "Falco's peak memory is the peak resident set of Falco's process (VmHWM)";
  const cacheWords = cost.cacheBytes === undefined ? '' : `; page cache of the files it read (${formatBytes(cost.cacheBytes)}) is not counted`;
  tail.push(
    '\n### What monitoring cost this job\n\n| Falco CPU time | Falco peak memory | Start took | Stop took |\n| ---: | ---: | ---: | ---: |\n' +
      `| ${formatSeconds(cost.cpuSeconds)} | ${formatBytes(cost.peakMemoryBytes)}${atStop ? ' (at stop)' : ''} | ${formatSeconds(cost.startSeconds)} | ${formatSeconds(cost.stopSeconds)} |\n` +
      (memoryWords === '' ? '' : `\n${memoryWords}${cacheWords}.\n`),
  );

  const fixed = head.join('') + tail.join('');
  const omissionReserve = 200;
  let room = budgetBytes - bytes(fixed) - omissionReserve;
  // When not everything fits, keep the most severe alerts, then show them in time order. Rows are
  // rendered only until the budget is spent, so a huge events file costs no more than 1 MiB here.
  const bySeverity = findings
    .map((finding, index) => index)
    .sort((a, b) => priorityRank((findings[a] as AttributedAlert).alert.priority) - priorityRank((findings[b] as AttributedAlert).alert.priority) || a - b);
  const kept: Array<{ index: number; text: string }> = [];
  for (const index of bySeverity) {
    const text = row(findings[index] as AttributedAlert);
    const size = bytes(text);
    if (size > room) break;
    room -= size;
    kept.push({ index, text });
  }
  kept.sort((a, b) => a.index - b.index);
  const omitted = findings.length - kept.length;
  const rows = kept.map((entry) => entry.text).join('');
  const omission =
    omitted > 0
      ? `\n**${omitted} more alert${omitted === 1 ? '' : 's'} not shown**: the step summary is limited to 1 MiB; the least severe were left out. All alerts are in the events file.\n`
      : '';
  return { markdown: head.join('') + rows + omission + tail.join(''), shownRows: kept.length, omittedRows: omitted };
}

export interface RuleGroup {
  rule: string;
  highest: FalcoPriority;
  findings: AttributedAlert[];
}

export function groupByRule(findings: readonly AttributedAlert[]): RuleGroup[] {
  const groups = new Map<string, AttributedAlert[]>();
  for (const finding of findings) {
    const list = groups.get(finding.alert.rule) ?? [];
    list.push(finding);
    groups.set(finding.alert.rule, list);
  }
  return [...groups.entries()]
    .map(([rule, list]) => ({
      rule,
      highest: highestPriority(list.map((finding) => finding.alert.priority)) as FalcoPriority,
      findings: list,
    }))
    .sort((a, b) => priorityRank(a.highest) - priorityRank(b.highest) || b.findings.length - a.findings.length || a.rule.localeCompare(b.rule));
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

export function annotationLevel(priority: FalcoPriority): Annotation['level'] {
  if (isAtLeast(priority, 'error')) return 'error';
  if (priority === 'warning') return 'warning';
  return 'notice';
}

function stepWords(finding: AttributedAlert): string {
  if (finding.steps.length === 1) return `step "${(finding.steps[0] as { name: string }).name}"`;
  if (finding.steps.length > 1) return `step ${finding.steps.map((step) => `"${step.name}"`).join(' or ')}`;
  if (finding.process) return stepProcessLabel(finding.process);
  return 'an unknown step';
}

/** One annotation per rule that fired (not per alert), its level from the rule's highest priority. */
export function ruleAnnotations(findings: readonly AttributedAlert[]): Annotation[] {
  return groupByRule(findings).map((group) => {
    const first = group.findings[0] as AttributedAlert;
    const count = group.findings.length;
    return {
      level: annotationLevel(group.highest),
      title: plainLine(`Falco: ${group.rule}`, 120),
      message: plainLine(
        `${count} alert${count === 1 ? '' : 's'} (highest priority ${group.highest}); first at ${first.alert.time} in ${stepWords(first)}: ${outputMessage(first.alert.output)}`,
        500,
      ),
    };
  });
}

export interface FailOnVerdict {
  failed: boolean;
  failureMessage?: string;
}

/** fail-on: fails when an alert at or above the threshold fired. Findings never include markers. */
export function failOnVerdict(findings: readonly AttributedAlert[], failOn: 'none' | FalcoPriority): FailOnVerdict {
  if (failOn === 'none') return { failed: false };
  const over = findings.filter((finding) => isAtLeast(finding.alert.priority, failOn));
  if (over.length === 0) return { failed: false };
  const rules = groupByRule(over).map((group) => `${group.rule} (${group.highest}, ${group.findings.length})`);
  return {
    failed: true,
    failureMessage: plainLine(
      `Falco raised ${over.length} alert${over.length === 1 ? '' : 's'} at or above "${failOn}" (fail-on): ${rules.join('; ')}. See the job summary.`,
      1000,
    ),
  };
}
