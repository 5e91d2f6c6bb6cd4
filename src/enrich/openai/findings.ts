// What the AI triage sends: a structured digest of the report's findings, never the raw capture.
// Every string in it came from the monitored job (hostile) and is scrubbed of secret-looking values
// (scrub.ts) and bounded before it leaves; the whole is bounded to FINDINGS_LIMITS.maxBytes of JSON,
// spent by priority: alerts (most severe rule first), flagged and unknown reputations, what is new
// since the baseline, then processes, connections, written files and DNS names of note. What did not
// fit is said in plain words (`cut`). Each finding carries a `ref` the model must answer with, so an
// answer maps back to exactly one thing that was sent.
import { priorityRank, type FalcoPriority } from '../../falco/priority.ts';
import type { AnalyzeReport, Attribution } from '../../analyze/report.ts';
import { DRIFT_KINDS, type Reputation } from '../model.ts';
import { scrubArguments, scrubSecrets } from './scrub.ts';

export const FINDINGS_LIMITS = {
  /** Bytes of the findings JSON (as encoded for the request). */
  maxBytes: 24 * 1024,
  /** Characters of one value (a path, a command line, a name). */
  valueChars: 300,
  /** Characters of an alert's output. */
  outputChars: 600,
  /** Example outputs sent per alert rule. */
  examplesPerRule: 3,
  /** Distinct steps/actions named per alert rule. */
  attributionsPerRule: 5,
  /** Entries per "of note" list (processes, connections, written files, DNS names). */
  perSection: 30,
} as const;

/** One finding as sent; `ref` is what the model answers with. */
export type Finding = { ref: string; kind: string } & Record<string, unknown>;

export interface FindingsDigest {
  /** What is sent as the data (job context plus findings). */
  data: { job: Record<string, unknown> | null; capture: Record<string, unknown>; findings: Finding[] };
  /** The refs sent, for mapping the answer back. */
  refs: ReadonlySet<string>;
  /** What was left out, in plain words. */
  cut: string[];
}

/** A hostile value made safe to send: secrets redacted, then cut to `max` characters. */
export function sendable(text: string, max: number = FINDINGS_LIMITS.valueChars): string {
  const scrubbed = scrubSecrets(text);
  const chars = Array.from(scrubbed);
  return chars.length > max ? `${chars.slice(0, max).join('')}… (${chars.length - max} more characters)` : scrubbed;
}

/**
 * The data as the request carries it: JSON whose `<` and `>` are written as \u003c and \u003e (the same
 * JSON value), so no text of the job can form the data block's closing marker or a tag like `</data>`.
 */
export function encodeData(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e');
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function attributionOf(attribution: Attribution): Record<string, unknown> {
  return {
    step: attribution.step === null ? null : { number: attribution.step.number, name: sendable(attribution.step.name, 200) },
    action: attribution.action === null ? null : sendable(attribution.action, 200),
  };
}

function alertFindings(report: AnalyzeReport): Finding[] {
  const byRule = new Map<string, AnalyzeReport['alerts']>();
  for (const alert of report.alerts) byRule.set(alert.rule, [...(byRule.get(alert.rule) ?? []), alert]);
  const worst = (alerts: AnalyzeReport['alerts']): FalcoPriority => alerts.reduce((a, b) => (priorityRank(b.priority) < priorityRank(a.priority) ? b : a)).priority;
  const groups = [...byRule.values()].sort((a, b) => priorityRank(worst(a)) - priorityRank(worst(b)) || b.length - a.length);
  return groups.map((alerts, index) => {
    const first = alerts[0] as AnalyzeReport['alerts'][number];
    const places = new Map<string, Record<string, unknown>>();
    for (const alert of alerts) {
      const place = attributionOf(alert.attribution);
      places.set(JSON.stringify(place), place);
    }
    return {
      ref: `alert:${index + 1}`,
      kind: 'falco-alert',
      rule: sendable(first.rule, 200),
      priority: worst(alerts),
      count: alerts.length,
      tags: first.tags.slice(0, 10).map((tag) => sendable(tag, 100)),
      attributions: [...places.values()].slice(0, FINDINGS_LIMITS.attributionsPerRule),
      examples: alerts.slice(0, FINDINGS_LIMITS.examplesPerRule).map((alert) => ({ time: sendable(alert.time, 40), output: sendable(alert.output, FINDINGS_LIMITS.outputChars) })),
    };
  });
}

const VERDICT_ORDER: Record<Reputation['verdict'], number> = { malicious: 0, suspicious: 1, unknown: 2, clean: 3 };

function reputationFindings(report: AnalyzeReport): Finding[] {
  const reputations = report.enrichment?.virustotal?.reputations ?? [];
  return reputations
    .filter((reputation) => reputation.verdict !== 'clean')
    .sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict])
    .map((reputation) => ({
      ref: `reputation:${reputation.kind}:${sendable(reputation.indicator, 200)}`,
      kind: 'virustotal-reputation',
      indicatorKind: reputation.kind,
      indicator: sendable(reputation.indicator, 200),
      label: reputation.label === null ? null : sendable(reputation.label),
      verdict: reputation.verdict,
      engines: reputation.stats === null ? null : { malicious: reputation.stats.malicious, suspicious: reputation.stats.suspicious, harmless: reputation.stats.harmless, undetected: reputation.stats.undetected },
    }));
}

function driftFindings(report: AnalyzeReport): Finding[] {
  const drift = report.enrichment?.drift;
  if (drift === undefined) return [];
  const findings: Finding[] = [];
  for (const kind of DRIFT_KINDS) {
    const values = kind === 'executables' ? drift.new.executables.map((entry) => ({ path: sendable(entry.path), sha256: entry.sha256 === null ? null : sendable(entry.sha256, 64) })) : drift.new[kind].map((value) => sendable(value));
    values.forEach((value, index) => findings.push({ ref: `new:${kind}:${index + 1}`, kind: 'new-since-baseline', what: kind, value }));
  }
  return findings;
}

function processFindings(report: AnalyzeReport): Finding[] {
  const newExecutables = new Set((report.enrichment?.drift?.new.executables ?? []).map((entry) => entry.path));
  const flagged = new Set((report.enrichment?.virustotal?.reputations ?? []).filter((r) => r.kind === 'file' && r.verdict !== 'clean').flatMap((r) => [r.indicator, r.label ?? '']));
  const noteworthy = (process: NonNullable<AnalyzeReport['processes']>[number]): number =>
    newExecutables.has(process.exepath) || flagged.has(process.exepath) || (process.sha256 !== null && flagged.has(process.sha256)) ? 0 : process.attribution.action !== null ? 1 : 2;
  return [...(report.processes ?? [])]
    .sort((a, b) => noteworthy(a) - noteworthy(b))
    .slice(0, FINDINGS_LIMITS.perSection)
    .map((process, index) => ({
      ref: `process:${index + 1}`,
      kind: 'process',
      exepath: sendable(process.exepath),
      commandLine: sendable(scrubArguments([process.name, ...process.args]).join(' '), 500),
      parent: process.parent === null ? null : sendable(process.parent),
      user: sendable(process.user, 100),
      count: process.count,
      sha256: process.sha256 === null ? null : sendable(process.sha256, 64),
      ...attributionOf(process.attribution),
    }));
}

function connectionFindings(report: AnalyzeReport): Finding[] {
  return (report.connections ?? [])
    .filter((connection) => connection.scope === 'public')
    .sort((a, b) => b.bytesSent - a.bytesSent || b.count - a.count)
    .slice(0, FINDINGS_LIMITS.perSection)
    .map((connection, index) => ({
      ref: `connection:${index + 1}`,
      kind: 'connection',
      remote: sendable(connection.remote.address, 100),
      port: connection.remote.port,
      protocol: sendable(connection.protocol, 20),
      process: sendable(connection.process),
      exepath: sendable(connection.exepath),
      count: connection.count,
      bytesSent: connection.bytesSent,
      bytesReceived: connection.bytesReceived,
      ...attributionOf(connection.attribution),
    }));
}

function fileFindings(report: AnalyzeReport): Finding[] {
  return (report.writtenFiles ?? [])
    .filter((file) => file.outsideWorkspace)
    .slice(0, FINDINGS_LIMITS.perSection)
    .map((file, index) => ({
      ref: `file:${index + 1}`,
      kind: 'file-written-outside-workspace',
      path: sendable(file.path),
      processes: file.processes.slice(0, 5).map((process) => sendable(process, 100)),
      ...attributionOf(file.attribution),
    }));
}

function dnsFindings(report: AnalyzeReport): Finding[] {
  return [...(report.dns ?? [])]
    .sort((a, b) => b.queries - a.queries)
    .slice(0, FINDINGS_LIMITS.perSection)
    .map((entry, index) => ({
      ref: `dns:${index + 1}`,
      kind: 'dns-query',
      name: sendable(entry.name, 255),
      answers: entry.answers.slice(0, 5).map((answer) => sendable(answer, 100)),
      processes: entry.processes.slice(0, 5).map((process) => sendable(process, 100)),
      ...attributionOf(entry.attribution),
    }));
}

/** The groups in the order the byte budget is spent, with the plain name of what a cut leaves out. */
const GROUPS: ReadonlyArray<{ what: string; order: string; build: (report: AnalyzeReport) => Finding[]; total?: (report: AnalyzeReport) => number }> = [
  { what: 'alert rules', order: 'the least severe', build: alertFindings },
  { what: 'VirusTotal verdicts', order: 'the least severe verdicts', build: reputationFindings },
  { what: 'items new since the baseline', order: 'containers, then written files, first', build: driftFindings },
  { what: 'processes', order: 'the least noteworthy', build: processFindings, total: (report) => report.processes?.length ?? 0 },
  { what: 'public connections', order: 'those sending the fewest bytes', build: connectionFindings, total: (report) => (report.connections ?? []).filter((c) => c.scope === 'public').length },
  { what: 'files written outside the workspace', order: 'the last recorded', build: fileFindings, total: (report) => (report.writtenFiles ?? []).filter((f) => f.outsideWorkspace).length },
  { what: 'DNS names', order: 'the least queried', build: dnsFindings, total: (report) => report.dns?.length ?? 0 },
];

/** The digest sent to the model, bounded to `maxBytes` of encoded JSON. */
export function buildFindings(report: AnalyzeReport, maxBytes: number = FINDINGS_LIMITS.maxBytes): FindingsDigest {
  const job =
    report.job === null
      ? null
      : { repository: sendable(report.job.repository, 200), workflow: sendable(report.job.workflow, 200), job: sendable(report.job.name ?? report.job.key, 200) };
  const capture = {
    events: report.capture.events,
    truncated: report.capture.truncated,
    damaged: report.capture.damage !== null,
    falcoAlerts: report.alerts.length,
  };
  const data = { job, capture, findings: [] as Finding[] };
  let used = bytes(encodeData(data));
  const cut: string[] = [];
  let full = false;
  const taken = new Set<string>();
  for (const group of GROUPS) {
    const findings = group.build(report);
    let sent = 0;
    for (const candidate of findings) {
      if (full) break;
      // Refs are unique: two indicators scrubbed or cut to the same text get a suffix.
      let ref = candidate.ref;
      for (let n = 2; taken.has(ref); n++) ref = `${candidate.ref}#${n}`;
      const finding = { ...candidate, ref };
      const size = bytes(encodeData(finding)) + 1;
      if (used + size > maxBytes) {
        full = true;
        break;
      }
      taken.add(ref);
      data.findings.push(finding);
      used += size;
      sent += 1;
    }
    const total = group.total?.(report) ?? findings.length;
    if (sent < findings.length) {
      cut.push(`${findings.length - sent} of ${findings.length} ${group.what} (${group.order}) were not sent, to keep the data within ${Math.round(maxBytes / 1024)} KB.`);
    }
    if (total > findings.length) {
      cut.push(`${total - findings.length} of ${total} ${group.what} were not considered (at most ${FINDINGS_LIMITS.perSection} of note are sent).`);
    }
  }
  return { data, refs: new Set(data.findings.map((finding) => finding.ref)), cut };
}
