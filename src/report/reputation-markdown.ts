// The "Reputation (VirusTotal)" section of the analyze report's Markdown: the verdicts, worst first,
// then what was not looked up and what was left out on purpose, then the stage's notes.
//
// Indicators and labels came from the capture (hostile): they go through hostileCode. Reasons and
// notSent keys are our own words when they are ones this code writes (escapeMarkdownText), anything
// else is shown as hostile text. The link is never the stored one: it is rebuilt from the kind and the
// percent-encoded indicator (virusTotalLink), so it can only point at www.virustotal.com/gui/.
import { REPUTATION_VERDICTS, type IndicatorKind, type Reputation, type VirusTotalEnrichment } from '../enrich/model.ts';
import { NOT_SENT_REASONS, virusTotalLink } from '../enrich/virustotal/indicators.ts';
import { SKIP_REASONS } from '../enrich/virustotal/reasons.ts';
import { escapeMarkdownText, hostileCode } from './escape.ts';

export const REPUTATION_HEADING = 'Reputation (VirusTotal)';

/** Characters of an indicator (a sha256 is 64, a DNS name at most 253) and of a label in a cell. */
const INDICATOR_CHARS = 253;
const LABEL_CHARS = 300;
const NOTE_CHARS = 1000;

const KIND_WORDS: Record<IndicatorKind, string> = { ip: 'IP', domain: 'domain', file: 'file' };
const KIND_ORDER: Record<IndicatorKind, number> = { file: 0, ip: 1, domain: 2 };
const OUR_SKIP_REASONS: ReadonlySet<string> = new Set(Object.values(SKIP_REASONS));

const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;

/** Worst verdict first; within one, more malicious engines first, then files, IPs, domains. */
export function worstFirst(reputations: readonly Reputation[]): Reputation[] {
  return [...reputations].sort(
    (a, b) =>
      REPUTATION_VERDICTS.indexOf(a.verdict) - REPUTATION_VERDICTS.indexOf(b.verdict) ||
      (b.stats?.malicious ?? 0) - (a.stats?.malicious ?? 0) ||
      (b.stats?.suspicious ?? 0) - (a.stats?.suspicious ?? 0) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
}

/** "5/70 malicious", with the suspicious ones when any; "not seen" without counts. */
export function engineCounts(stats: Reputation['stats']): string {
  if (stats === null) return 'not seen';
  const engines = stats.malicious + stats.suspicious + stats.harmless + stats.undetected + stats.timeout;
  return `${stats.malicious}/${engines} malicious${stats.suspicious > 0 ? `, ${stats.suspicious} suspicious` : ''}`;
}

function ourWordsOr(text: string, ours: ReadonlySet<string>): string {
  return ours.has(text) ? escapeMarkdownText(text) : hostileCode(text, LABEL_CHARS);
}

function indicatorCell(entry: Reputation): string {
  const indicator = hostileCode(entry.indicator, INDICATOR_CHARS);
  return entry.label === null || entry.label === entry.indicator ? indicator : `${indicator} (${hostileCode(entry.label, LABEL_CHARS)})`;
}

function row(entry: Reputation): string {
  const verdict = entry.verdict === 'malicious' || entry.verdict === 'suspicious' ? `**${entry.verdict}**` : entry.verdict;
  const cells = [indicatorCell(entry), KIND_WORDS[entry.kind], verdict, engineCounts(entry.stats), entry.fromCache ? 'yes' : 'no', `[VirusTotal](${virusTotalLink(entry.kind, entry.indicator)})`];
  return `| ${cells.join(' | ')} |\n`;
}

/** Counts per key, largest first, as "3 (reason), 1 (other)" with each key escaped by `word`. */
function countsLine(counts: ReadonlyMap<string, number>, word: (key: string) => string): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count]) => `${count} (${word(key)})`)
    .join(', ');
}

export function renderReputationSection(enrichment: VirusTotalEnrichment, options: { maxRows: number }): string {
  const sorted = worstFirst(enrichment.reputations);
  const byVerdict = REPUTATION_VERDICTS.map((verdict) => [verdict, sorted.filter((entry) => entry.verdict === verdict).length] as const).filter(([, count]) => count > 0);
  let out = `\n### ${REPUTATION_HEADING}\n\n`;
  out += `Malicious: flagged by at least ${enrichment.thresholds.malicious} engines; unknown: never seen by VirusTotal (not clean). ${plural(enrichment.requests, 'request')} this run.\n\n`;
  if (sorted.length === 0) out += 'No verdicts.\n';
  else {
    out += `${byVerdict.map(([verdict, count]) => `${count} ${verdict}`).join(', ')}.\n\n`;
    out += '| Indicator | Kind | Verdict | Engines | Cached | Link |\n| --- | --- | --- | --- | --- | --- |\n';
    const shown = sorted.slice(0, Math.max(0, options.maxRows));
    out += shown.map(row).join('');
    if (sorted.length > shown.length) out += `\n${sorted.length - shown.length} more in the JSON report.\n`;
  }
  if (enrichment.skipped.length > 0) {
    // An error's reason carries its message; grouped as "error", the messages are in the notes.
    const reasons = new Map<string, number>();
    for (const entry of enrichment.skipped) {
      const reason = entry.reason.startsWith('error: ') ? 'error' : entry.reason;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    out += `\nNot looked up: ${countsLine(reasons, (reason) => ourWordsOr(reason, new Set([...OUR_SKIP_REASONS, 'error'])))}.\n`;
  }
  const notSent = new Map(Object.entries(enrichment.notSent).filter(([, count]) => count > 0));
  if (notSent.size > 0) out += `\nNever sent: ${countsLine(notSent, (reason) => ourWordsOr(reason, NOT_SENT_REASONS))}.\n`;
  if (enrichment.notes.length > 0) out += `\n${enrichment.notes.map((note) => `- ${hostileCode(note, NOTE_CHARS)}\n`).join('')}`;
  return out;
}
