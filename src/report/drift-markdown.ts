// "New since main" as Markdown: what this run has that the baseline has not, kind by kind, first; then
// how much was already known. Every indicator (names, addresses, paths, images, hashes) comes from a
// monitored job and is hostile: written only through hostileCode. The branch comes from the API, the
// baseline file's path from the workflow: both in code spans too.
import { DRIFT_KINDS, type Drift, type DriftIndicators, type DriftKind } from '../enrich/model.ts';
import { hostileCode } from './escape.ts';

export interface DriftSectionOptions {
  /** Items listed per kind; the rest are counted ("and 3 more"). */
  maxRows: number;
  /** Markdown heading level of the section. */
  level?: string;
  /** Longest value shown, in characters (the rest is cut with a note). */
  maxChars?: number;
}

const LABELS: Record<DriftKind, { heading: string; one: string; many: string }> = {
  domains: { heading: 'Domains', one: 'domain', many: 'domains' },
  ips: { heading: 'Public IP addresses', one: 'public IP address', many: 'public IP addresses' },
  executables: { heading: 'Executables', one: 'executable', many: 'executables' },
  'written-files': { heading: 'Files written outside the workspace', one: 'file written outside the workspace', many: 'files written outside the workspace' },
  containers: { heading: 'Container images', one: 'container image', many: 'container images' },
};

const count = (value: number, kind: DriftKind): string => `${value} ${value === 1 ? LABELS[kind].one : LABELS[kind].many}`;

// A run's page on GitHub, as the API gives it: only such a URL becomes a link (nothing in it can close
// the link or start Markdown).
const RUN_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/[A-Za-z0-9._~\/-]+$/;

/** What the run was compared with, in words. */
export function againstText(against: Drift['against']): string {
  if (against.kind === 'file') return `the baseline file ${hostileCode(against.path, 200)}`;
  const run = against.url !== null && RUN_URL.test(against.url) ? `[run ${against.runId}](${against.url})` : `run ${against.runId}`;
  return `the last successful run on ${hostileCode(against.branch, 200)} (${run})`;
}

function itemText(kind: DriftKind, indicators: DriftIndicators, index: number, maxChars: number): string {
  if (kind === 'executables') {
    const executable = indicators.executables[index]!;
    return executable.sha256 === null ? `${hostileCode(executable.path, maxChars)} (not hashed)` : `${hostileCode(executable.path, maxChars)} sha256 ${hostileCode(executable.sha256, 64)}`;
  }
  return hostileCode(indicators[kind][index]!, maxChars);
}

/** How many of each kind were known, e.g. "12 domains, 3 public IP addresses"; kinds with none left out. */
function knownText(drift: Drift): string {
  const parts = DRIFT_KINDS.filter((kind) => (drift.known[kind] ?? 0) > 0).map((kind) => count(drift.known[kind] ?? 0, kind));
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/** The section: new items per kind first, then the known counts; one line when nothing is new. */
export function renderDriftSection(drift: Drift, options: DriftSectionOptions): string {
  const level = options.level ?? '###';
  const maxChars = options.maxChars ?? 200;
  const maxRows = Math.max(0, Math.floor(options.maxRows));
  const newKinds = DRIFT_KINDS.filter((kind) => drift.new[kind].length > 0);
  if (newKinds.length === 0) return `Nothing new since ${againstText(drift.against)}; known: ${knownText(drift)}.\n`;
  const total = newKinds.reduce((sum, kind) => sum + drift.new[kind].length, 0);
  let out = `${level} New since ${againstText(drift.against)}: ${total}\n\n`;
  for (const kind of newKinds) {
    const items = drift.new[kind];
    out += `**${LABELS[kind].heading}** (${items.length} new)\n\n`;
    const shown = Math.min(items.length, maxRows);
    for (let index = 0; index < shown; index += 1) out += `- ${itemText(kind, drift.new, index, maxChars)}\n`;
    if (items.length > shown) out += `- … and ${items.length - shown} more in the JSON report\n`;
    out += '\n';
  }
  out += `Known (seen there too): ${knownText(drift)}.\n`;
  return out;
}
