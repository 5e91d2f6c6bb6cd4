// Pictures of analyze mode's report for the Markdown surfaces (the job summary and the pull-request
// comment): the job's process tree as a Mermaid flowchart, and its steps as a Mermaid gantt chart with
// the alerts as milestones. GitHub draws a ```mermaid fenced block as the diagram.
//
// Every name in them is the monitored job's (hostile), and a diagram is a program Mermaid parses and
// then renders as SVG with HTML labels, so each line is one of a few forms of ours and data only ever
// appears inside a label:
// - a label keeps [A-Za-z0-9 ._/-] as they are and writes every other character as a decimal Mermaid
//   entity code (`#60;`). Mermaid swaps `#…;` codes for placeholders before any diagram is parsed and
//   turns them into HTML character references in the rendered SVG (encodeEntities/decodeEntities of
//   mermaid-js/mermaid's Diagram.fromText and mermaidAPI render), so `<` shows as text. No label holds
//   `"` `[` `]` `:` `;` `%` `<` `>` `&` `'`, a backtick or a line break: it cannot end its quotes, start a
//   statement (`click`, `%%{init}%%`, `:::class`, a link), become HTML, or close the Markdown fence, whose
//   only backticks are ours. `#` only opens our codes, never twice in a row: no line holds `##[`.
// - control and invisible characters are first made visible as escape.ts does (\u{…}), then encoded;
// - node ids are ours (n1, n2…), never derived from data; there is no `click` statement;
// - a gantt task line's first word is ours ("Step", "Alert"): the gantt lexer (gantt.jison) tries
//   `click`, `section`, `title`… where a token starts, and task text runs to a `#`, `:` or `;`;
// - a value is cut to MERMAID_LIMITS.labelChars characters; each diagram is bounded in nodes and bytes.
// The output is ASCII only, so its bytes are its characters (the comment's limit counts characters).
import { falcoPriorityLabel, highestPriority, priorityRank, type FalcoPriority } from '../falco/priority.ts';
import type { AnalyzeReport } from '../analyze/report.ts';
import { visibleLine } from './escape.ts';

export const MERMAID_LIMITS = {
  /** Process nodes drawn; the rest are one "+N more processes" node. */
  treeNodes: 40,
  /** Bytes of the flowchart's source. */
  treeBytes: 4096,
  /** Step bars drawn. */
  timelineSteps: 40,
  /** Alert milestones drawn (one per rule and step, the most severe kept). */
  timelineMilestones: 20,
  /** Bytes of the gantt chart's source. */
  timelineBytes: 4096,
  /** Characters of a hostile value in a label (before encoding). */
  labelChars: 48,
} as const;

const LABEL_SAFE = /^[A-Za-z0-9 ._/-]$/;

/**
 * Text as the inside of a Mermaid label: visible (escape.ts), cut to `maxChars` characters (keeping the
 * end when `keep` is 'tail': the executable's name of a long path), and every character outside
 * [A-Za-z0-9 ._/-] written as a decimal entity code. The result matches /^(?:[A-Za-z0-9 ._/-]|#\d+;)*$/.
 */
export function mermaidText(text: string, maxChars: number = MERMAID_LIMITS.labelChars, keep: 'head' | 'tail' = 'head'): string {
  let chars = Array.from(visibleLine(text));
  if (chars.length > maxChars) chars = keep === 'tail' ? ['…', ...chars.slice(chars.length - maxChars + 1)] : [...chars.slice(0, maxChars - 1), '…'];
  return chars.map((char) => (LABEL_SAFE.test(char) ? char : `#${char.codePointAt(0) ?? 0};`)).join('');
}

/** A Mermaid source as a fenced block. The source never holds a backtick (see the module comment). */
export function mermaidBlock(source: string): string {
  if (source.includes('`')) throw new Error('a Mermaid source with a backtick (a bug: labels are encoded)');
  return `\`\`\`mermaid\n${source}\n\`\`\`\n`;
}

export interface Picture {
  /** Our words: the heading. */
  title: string;
  /** The picture's Markdown: a line of our words, the fenced block, and what was left out of it. */
  markdown: string;
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;

// --- the process tree --------------------------------------------------------------------------------

interface TreeNode {
  key: string;
  runs: number;
  /** The earliest first run (ISO text from the report; '' for a parent that never ran in the capture). */
  firstTime: string;
  parents: Set<string>;
  children: Set<string>;
  flagged: boolean;
}

/**
 * The report's processes are distinct commands, each naming its parent's executable (exepath, else
 * name), not its pid: the tree drawn is of executables, one node per executable with its runs added
 * up, an edge for each "this executable started that one" seen. An executable flagged is one an alert
 * fired on (the alert's `process`).
 */
export function processGraph(report: AnalyzeReport): Map<string, TreeNode> {
  const nodes = new Map<string, TreeNode>();
  const node = (key: string): TreeNode => {
    let found = nodes.get(key);
    if (found === undefined) nodes.set(key, (found = { key, runs: 0, firstTime: '', parents: new Set(), children: new Set(), flagged: false }));
    return found;
  };
  for (const process of report.processes ?? []) {
    const child = node(process.exepath || process.name);
    child.runs += process.count;
    if (child.firstTime === '' || process.firstTime < child.firstTime) child.firstTime = process.firstTime;
    if (process.parent !== null && process.parent !== '') {
      node(process.parent).children.add(child.key);
      child.parents.add(process.parent);
    }
  }
  for (const alert of report.alerts) {
    const key = alert.process === undefined || alert.process === null ? '' : alert.process.exepath || alert.process.name;
    if (key !== '') node(key).flagged = true;
  }
  return nodes;
}

const byTime = (a: TreeNode, b: TreeNode): number => (a.firstTime < b.firstTime ? -1 : a.firstTime > b.firstTime ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The order nodes are drawn in, as far as room goes: each flagged one after its ancestors, then the rest top down. */
function drawOrder(nodes: Map<string, TreeNode>): TreeNode[] {
  const order: TreeNode[] = [];
  const placed = new Set<string>();
  const place = (entry: TreeNode) => {
    if (!placed.has(entry.key)) {
      placed.add(entry.key);
      order.push(entry);
    }
  };
  const all = [...nodes.values()].sort(byTime);
  for (const flagged of all.filter((entry) => entry.flagged)) {
    // Its ancestors, nearest first, then placed farthest first (cycles and shared parents visited once).
    const chain: TreeNode[] = [];
    const seen = new Set([flagged.key]);
    for (let index = 0, queue = [flagged]; index < queue.length; index += 1) {
      for (const parent of [...(queue[index] as TreeNode).parents].sort()) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        const entry = nodes.get(parent) as TreeNode;
        chain.push(entry);
        queue.push(entry);
      }
    }
    for (const entry of chain.reverse()) place(entry);
    place(flagged);
  }
  // Breadth first from the roots (an executable nobody started here), then from whatever a cycle hid.
  const visited = new Set<string>();
  for (const start of [...all.filter((entry) => entry.parents.size === 0), ...all]) {
    if (visited.has(start.key)) continue;
    visited.add(start.key);
    const level = [start];
    for (let index = 0; index < level.length; index += 1) {
      const current = level[index] as TreeNode;
      place(current);
      for (const child of [...current.children].map((key) => nodes.get(key) as TreeNode).sort(byTime)) {
        if (visited.has(child.key)) continue;
        visited.add(child.key);
        level.push(child);
      }
    }
  }
  return order;
}

const FLAGGED_CLASS = '  classDef flagged fill:#ffd7d7,stroke:#b00020,stroke-width:3px';

/** The job's process tree as a Mermaid flowchart (source only), or null when the report has no processes. */
export function processTreeSource(report: AnalyzeReport, limits: { nodes: number; bytes: number } = { nodes: MERMAID_LIMITS.treeNodes, bytes: MERMAID_LIMITS.treeBytes }): { source: string; shown: number; total: number; flagged: number } | null {
  if (!report.sections.includes('processes') || report.processes === undefined || report.processes.length === 0) return null;
  const nodes = processGraph(report);
  const ids = new Map<string, string>();
  const lines: string[] = ['flowchart LR'];
  const flaggedIds: string[] = [];
  // Kept for the "more" node, the class line's growth and the classDef.
  const reserve = 80 + bytes(FLAGGED_CLASS) + 20;
  let used = bytes(lines[0] as string) + 1;
  for (const entry of drawOrder(nodes)) {
    if (ids.size >= limits.nodes) break;
    const id = `n${ids.size + 1}`;
    const runs = entry.runs === 0 ? '' : ` (${plural(entry.runs, 'run')})`;
    // Never an empty label (Mermaid's flowchart grammar wants text between the quotes).
    const name = entry.key === '' ? mermaidText('(no name)') : mermaidText(entry.key, MERMAID_LIMITS.labelChars, 'tail');
    const label = `${entry.flagged ? 'ALERT ' : ''}${name}${mermaidText(runs)}`;
    const added = [`  ${id}["${label}"]`];
    for (const parent of entry.parents) if (ids.has(parent)) added.push(`  ${ids.get(parent)} --> ${id}`);
    for (const child of entry.children) if (ids.has(child)) added.push(`  ${id} --> ${ids.get(child)}`);
    if (entry.children.has(entry.key)) added.push(`  ${id} --> ${id}`);
    const size = added.reduce((sum, line) => sum + bytes(line) + 1, 0) + (entry.flagged ? id.length + 1 : 0);
    if (used + size > limits.bytes - reserve) break;
    used += size;
    ids.set(entry.key, id);
    if (entry.flagged) flaggedIds.push(id);
    lines.push(...added);
  }
  const more = nodes.size - ids.size;
  if (more > 0) lines.push(`  more["${mermaidText(`+${plural(more, 'more process', 'more processes')}`)}"]`);
  if (flaggedIds.length > 0) lines.push(FLAGGED_CLASS, `  class ${flaggedIds.join(',')} flagged`);
  return { source: lines.join('\n'), shown: ids.size, total: nodes.size, flagged: [...nodes.values()].filter((entry) => entry.flagged).length };
}

// --- the step timeline -------------------------------------------------------------------------------

/** "2026-11-23 04:00:28" (UTC, to the second) from an ISO time with a zone; null for anything else. */
export function ganttTime(time: string | null): string | null {
  if (time === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (match === null) return null;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3]}`);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

type Alert = AnalyzeReport['alerts'][number];

/** The steps as gantt bars and the alerts as milestones (source and what was left out), or null without step times. */
export function stepTimelineSource(report: AnalyzeReport, limits: { steps: number; milestones: number; bytes: number } = { steps: MERMAID_LIMITS.timelineSteps, milestones: MERMAID_LIMITS.timelineMilestones, bytes: MERMAID_LIMITS.timelineBytes }): { source: string; stepsLeft: number; alertsLeft: number } | null {
  const timed = report.steps
    .map((step) => ({ step, start: ganttTime(step.startedAt), end: ganttTime(step.completedAt) }))
    .filter((entry): entry is { step: AnalyzeReport['steps'][number]; start: string; end: string } => entry.start !== null && entry.end !== null && entry.start <= entry.end);
  if (timed.length === 0) return null;
  const alertsOf = new Map<number, number>();
  for (const alert of report.alerts) if (alert.attribution.step !== null) alertsOf.set(alert.attribution.step.number, (alertsOf.get(alert.attribution.step.number) ?? 0) + 1);
  const connectionsOf = new Map<number, number>();
  for (const entry of report.connections ?? []) if (entry.attribution.step !== null) connectionsOf.set(entry.attribution.step.number, (connectionsOf.get(entry.attribution.step.number) ?? 0) + 1);

  // Our own lines: the header; mermaid reads the times as local time and shows them as given (UTC).
  const lines = ['gantt', '  dateFormat YYYY-MM-DD HH:mm:ss', '  axisFormat %H:%M:%S', '  todayMarker off', '  section Steps'];
  const sectionAlerts = '  section Alerts';
  let used = lines.reduce((sum, line) => sum + bytes(line) + 1, 0) + bytes(sectionAlerts) + 1;
  let stepsShown = 0;
  for (const [index, { step, start, end }] of timed.entries()) {
    if (stepsShown >= limits.steps) break;
    const alerts = alertsOf.get(step.number) ?? 0;
    const connections = connectionsOf.get(step.number) ?? 0;
    const counts = alerts + connections === 0 ? '' : ` (${[...(alerts > 0 ? [plural(alerts, 'alert')] : []), ...(connections > 0 ? [plural(connections, 'connection')] : [])].join(', ')})`;
    // The line's first word is ours ("Step"): gantt reads `click`, `section`, `title`… there.
    const line = `  Step ${step.number} - ${mermaidText(step.name)}${mermaidText(counts)} :${alerts > 0 ? 'crit, ' : ' '}s${index + 1}, ${start}, ${end}`;
    if (used + bytes(line) + 1 > limits.bytes / 2 && stepsShown > 0) break;
    used += bytes(line) + 1;
    lines.push(line);
    stepsShown += 1;
  }

  // One milestone per rule and step, at its first alert: the most severe kept, drawn in time order.
  const groups = new Map<string, { rule: string; step: number | null; time: string; count: number; priorities: FalcoPriority[] }>();
  for (const alert of report.alerts as readonly Alert[]) {
    const time = ganttTime(alert.time);
    if (time === null) continue;
    const step = alert.attribution.step?.number ?? null;
    const key = JSON.stringify([alert.rule, step]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { rule: alert.rule, step, time, count: 1, priorities: [alert.priority] });
    else {
      group.count += 1;
      group.priorities.push(alert.priority);
      if (time < group.time) group.time = time;
    }
  }
  const ranked = [...groups.values()]
    .map((group) => ({ ...group, highest: highestPriority(group.priorities) as FalcoPriority }))
    .sort((a, b) => priorityRank(a.highest) - priorityRank(b.highest) || (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const milestones: Array<{ time: string; text: string }> = [];
  let alertsShown = 0;
  for (const group of ranked) {
    if (milestones.length >= limits.milestones) break;
    const where = group.step === null ? '' : ` in step ${group.step}`;
    const label = `Alert - ${falcoPriorityLabel(group.highest)} - ${mermaidText(group.rule)}${mermaidText(` (${group.count}${where})`)}`;
    const text = `  ${label} :milestone, a${milestones.length + 1}, ${group.time}, 0s`;
    if (used + bytes(text) + 1 > limits.bytes) break;
    used += bytes(text) + 1;
    milestones.push({ time: group.time, text });
    alertsShown += group.count;
  }
  if (milestones.length > 0) lines.push(sectionAlerts, ...milestones.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).map((line) => line.text));
  return { source: lines.join('\n'), stepsLeft: report.steps.length - stepsShown, alertsLeft: report.alerts.length - alertsShown };
}

// --- the pictures as Markdown ------------------------------------------------------------------------

/** The pictures the report allows, each with its heading at `level`; our words around fenced blocks. */
export function analyzePictures(report: AnalyzeReport, level = '###'): Picture[] {
  const pictures: Picture[] = [];
  const timeline = stepTimelineSource(report);
  if (timeline !== null) {
    const left = [
      ...(timeline.stepsLeft > 0 ? [`${plural(timeline.stepsLeft, 'step')} (without times, or past the picture's size) not drawn`] : []),
      ...(timeline.alertsLeft > 0 ? [`${plural(timeline.alertsLeft, 'alert')} not marked`] : []),
    ];
    const tail = left.length === 0 ? '' : `\n${left.join('; ')}: the tables and the JSON report have them.\n`;
    pictures.push({
      title: 'Step timeline',
      markdown: `\n${level} Step timeline\n\nThe steps (UTC; a step with alerts in red) and the alerts, one mark per rule and step.\n\n${mermaidBlock(timeline.source)}${tail}`,
    });
  }
  const tree = processTreeSource(report);
  if (tree !== null) {
    const flagged = tree.flagged === 0 ? '' : ` ALERT marks an executable an alert fired on.`;
    pictures.push({
      title: 'Process tree',
      markdown: `\n${level} Process tree\n\nWhich executable started which (runs added up).${flagged}\n\n${mermaidBlock(tree.source)}`,
    });
  }
  return pictures;
}

/** The pictures that fit in `room` bytes, in order (one that does not fit is skipped, named in `left`). */
export function fitPictures(pictures: readonly Picture[], room: number): { markdown: string; size: number; left: string[] } {
  let markdown = '';
  const left: string[] = [];
  for (const picture of pictures) {
    if (bytes(markdown) + bytes(picture.markdown) <= room) markdown += picture.markdown;
    else left.push(picture.title);
  }
  return { markdown, size: bytes(markdown), left };
}

/** "the step timeline and process tree pictures": our words for the pictures left out. */
export function picturesLeftOut(titles: readonly string[]): string {
  const names = titles.map((title) => title.toLowerCase());
  return `the ${names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`} ${names.length === 1 ? 'picture' : 'pictures'}`;
}
