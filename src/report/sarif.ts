// Analyze mode's SARIF file (the `sarif-file` output) for GitHub code scanning
// (github/codeql-action/upload-sarif): one result per fired Falco rule (repeated alerts of one rule in
// one step, differing only in numbers, are one result with a count) and one per indicator VirusTotal
// flagged, each located at the monitored job's workflow file on the line of the step that caused it.
//
// Code scanning matches a result to the alert of an earlier run by ruleId and partialFingerprints, so
// both are built from what stays the same from run to run: the rule, the workflow, the job, the step's
// name, the action and Falco's output with every number, time and hex id taken out. Pids, ports, times
// and the step's line (the workflow may be edited above it) change nothing.
//
// GitHub's limits ("SARIF support for code scanning", "SARIF results exceed limit"): 20 runs per file
// (we write one), 25,000 results per run of which only 5,000 are kept, 10 tags per rule shown, a
// gzip-compressed upload of at most 10 MB. We keep the 5,000 most severe results, at most 10 tags per
// rule, one location per result, and a byte budget for the uncompressed JSON below the compressed limit
// (gzip never makes JSON much bigger, so no compression ratio is assumed); what is left out is said in
// the run's invocation notifications and properties.
//
// Every string from the capture, the metadata or a rule file is hostile. message.text is plain text
// (never `markdown`): control, line and invisible characters become spaces (one line, no workflow
// command can start a line), every value is bounded, and `[` `]` are escaped with a backslash, because
// SARIF reads `[text](target)` in a plain-text message as an embedded link (SARIF 2.1.0 §3.11.6).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AnalyzeReport, Attribution } from '../analyze/report.ts';
import type { Reputation } from '../enrich/model.ts';
import { falcoPriorityLabel, priorityRank, type FalcoPriority } from '../falco/priority.ts';
import { indexWorkflow, locateFinding, type FindingPosition, type WorkflowIndex } from '../github/workflow-file.ts';
import { plainLine } from './escape.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export const SARIF_LIMITS = {
  /** Code scanning keeps the top 5,000 results of a run, by severity (it rejects more than 25,000). */
  resultsPerRun: 5000,
  /** Code scanning shows 10 tags per rule (it rejects more than 20). */
  tagsPerRule: 10,
  /** The upload is rejected above 10 MB gzip-compressed; the uncompressed JSON stays below 9 MiB. */
  bytes: 9 * 1024 * 1024,
  /** Our bounds on hostile text. */
  messageChars: 1500,
  outputChars: 600,
  /** A name inside a message (rule, step, job, action, indicator): five of them and the output fit the message. */
  nameChars: 120,
  valueChars: 200,
} as const;

export const SARIF_LEVELS = ['error', 'warning', 'note'] as const;
export type SarifLevel = (typeof SARIF_LEVELS)[number];

const text = z.strictObject({ text: z.string().min(1) });

// The subset of SARIF 2.1.0 this module writes, as code scanning reads it. Strict objects: a message
// with a `markdown` member, or any member we do not mean to write, is refused.
export const sarifReportingDescriptorSchema = z.strictObject({
  id: z.string().min(1).max(255),
  name: z.string().min(1),
  shortDescription: text,
  fullDescription: text,
  helpUri: z.url().optional(),
  defaultConfiguration: z.strictObject({ level: z.enum(SARIF_LEVELS) }),
  properties: z.strictObject({
    tags: z.array(z.string().min(1)).max(SARIF_LIMITS.tagsPerRule),
    /** Code scanning's severity: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
    'security-severity': z.string().regex(/^(?:10\.0|\d\.\d)$/),
    precision: z.enum(['very-high', 'high', 'medium', 'low']),
  }),
});

export const sarifResultSchema = z.strictObject({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().nonnegative(),
  level: z.enum(SARIF_LEVELS),
  message: text,
  locations: z
    .array(
      z.strictObject({
        physicalLocation: z.strictObject({
          artifactLocation: z.strictObject({ uri: z.string().min(1) }),
          region: z.strictObject({ startLine: z.number().int().positive(), startColumn: z.number().int().positive() }),
        }),
      }),
    )
    .min(1)
    .max(10),
  partialFingerprints: z.record(z.string(), z.string().min(1)),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(z.string())])),
});

export const sarifLogSchema = z.strictObject({
  $schema: z.literal(SARIF_SCHEMA_URI),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.strictObject({
        tool: z.strictObject({
          driver: z.strictObject({
            name: z.literal('falco-actions'),
            informationUri: z.url(),
            version: z.string().min(1),
            rules: z.array(sarifReportingDescriptorSchema).max(25_000),
          }),
        }),
        invocations: z
          .array(
            z.strictObject({
              executionSuccessful: z.boolean(),
              toolExecutionNotifications: z.array(z.strictObject({ level: z.enum(SARIF_LEVELS), message: text })),
            }),
          )
          .length(1),
        results: z.array(sarifResultSchema).max(SARIF_LIMITS.resultsPerRun),
        properties: z.strictObject({
          /** Findings of the reports, and how many were left out to stay within GitHub's limits. */
          findings: z.number().int().nonnegative(),
          resultsLeftOut: z.number().int().nonnegative(),
          notes: z.array(z.string()),
        }),
      }),
    )
    .min(1)
    .max(20),
});

export type SarifLog = z.infer<typeof sarifLogSchema>;
export type SarifResult = z.infer<typeof sarifResultSchema>;
export type SarifRule = z.infer<typeof sarifReportingDescriptorSchema>;

export interface SarifWorkflow {
  /** The workflow file, repository-relative (workflowFileFromRef), or null when unknown. */
  path: string | null;
  /** Its text (readWorkflowFile), or null: findings then point at line 1. */
  text: string | null;
}

export interface SarifOptions {
  /** The monitored job's workflow file (from the capture's GITHUB_WORKFLOW_REF); null when unknown. */
  workflowPath: string | null;
  workflowText: string | null;
  /** This tool's version (tool.driver.version). */
  toolVersion: string;
  /** The tool's home page (tool.driver.informationUri). */
  informationUri?: string;
  /** When reports come from different workflows: the workflow of each (else workflowPath/workflowText). */
  workflowFor?: (report: AnalyzeReport) => SarifWorkflow;
  /** Lower bounds for tests; never above GitHub's. */
  maxResults?: number;
  maxBytes?: number;
}

/** Where a finding points when the workflow file is not known: the folder code scanning shows for workflows. */
export const UNKNOWN_WORKFLOW_URI = '.github/workflows';

const DEFAULT_INFORMATION_URI = 'https://falco.org/';
const VIRUSTOTAL_URI = 'https://www.virustotal.com/';

// Falco's priorities as code scanning levels and severities: Emergency…Error are errors, Warning a
// warning, the rest notes; security-severity spreads them over critical (Emergency…Critical), high
// (Error), medium (Warning) and low.
const PRIORITY_LEVEL: Record<FalcoPriority, SarifLevel> = {
  emergency: 'error',
  alert: 'error',
  critical: 'error',
  error: 'error',
  warning: 'warning',
  notice: 'note',
  informational: 'note',
  debug: 'note',
};
const PRIORITY_SEVERITY: Record<FalcoPriority, string> = {
  emergency: '10.0',
  alert: '9.5',
  critical: '9.0',
  error: '7.5',
  warning: '5.5',
  notice: '3.5',
  informational: '2.0',
  debug: '1.0',
};

/** The SARIF level of a Falco priority. */
export function sarifLevel(priority: FalcoPriority): SarifLevel {
  return PRIORITY_LEVEL[priority];
}

const LEVEL_RANK: Record<SarifLevel, number> = { error: 0, warning: 1, note: 2 };

/** Hostile text for a plain-text SARIF message: one line, bounded, embedded-link brackets escaped. */
export function sarifMessageText(value: string, maxChars: number): string {
  // Escaped before the cut, so the bound holds for what is written.
  const escaped = value.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&');
  return plainLine(escaped, maxChars);
}

/** Hostile text for a property or a rule's name: one line, bounded. */
function sarifValue(value: string, maxChars: number = SARIF_LIMITS.valueChars): string {
  return plainLine(value, maxChars);
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Falco's output with what changes from run to run taken out: ISO times, hex ids (container ids,
 * hashes), and every other number (pids, ports, Falco's leading time, addresses' octets) as 0.
 */
export function normalizeOutput(output: string): string {
  return output
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\d+/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `falco/<slug of the rule's name>` for every distinct rule name; a name whose slug is empty, longer
 * than 80 characters or shared with another name gets a short hash of the exact name, so distinct rules
 * keep distinct ids and one rule keeps its id from run to run.
 */
export function falcoRuleIds(names: Iterable<string>): Map<string, string> {
  const distinct = [...new Set(names)];
  const bySlug = new Map<string, number>();
  for (const name of distinct) bySlug.set(slug(name), (bySlug.get(slug(name)) ?? 0) + 1);
  return new Map(
    distinct.map((name) => {
      const base = slug(name);
      const plain = base !== '' && base.length <= 80 && bySlug.get(base) === 1;
      return [name, plain ? `falco/${base}` : `falco/${base.slice(0, 80).replace(/-+$/, '') || 'rule'}-${sha256(name).slice(0, 8)}`];
    }),
  );
}

interface RuleDraft {
  id: string;
  name: string;
  shortDescription: string;
  fullDescription: string;
  helpUri?: string;
  level: SarifLevel;
  severity: string;
  tags: Set<string>;
  precision: 'very-high' | 'high' | 'medium' | 'low';
}

interface Finding {
  rule: RuleDraft;
  level: SarifLevel;
  severity: string;
  count: number;
  message: string;
  uri: string;
  position: FindingPosition;
  identity: unknown[];
  properties: Record<string, string | number | null | string[]>;
  firstTime: string;
}

function stepLabel(attribution: Attribution | null): string {
  if (attribution?.step) return `step ${attribution.step.number} "${sarifValue(attribution.step.name, SARIF_LIMITS.nameChars)}"`;
  return 'a step that could not be told';
}

/** "step N "NAME" of job KEY ("NAME") (action A)", each hostile value bounded on its own. */
function whereText(report: AnalyzeReport, attribution: Attribution | null): string {
  const job = report.job
    ? ` of job ${sarifValue(report.job.key, SARIF_LIMITS.nameChars)}${report.job.name && report.job.name !== report.job.key ? ` ("${sarifValue(report.job.name, SARIF_LIMITS.nameChars)}")` : ''}`
    : '';
  const action = attribution?.action ? ` (action ${sarifValue(attribution.action, SARIF_LIMITS.nameChars)})` : '';
  return `${stepLabel(attribution)}${job}${action}`;
}

function commonProperties(report: AnalyzeReport, attribution: Attribution | null, precision: FindingPosition['precision']): Finding['properties'] {
  return {
    job: report.job ? sarifValue(report.job.key) : null,
    jobName: report.job?.name ? sarifValue(report.job.name) : null,
    workflow: report.job ? sarifValue(report.job.workflow) : null,
    runId: report.job ? sarifValue(report.job.runId, 30) : null,
    stepNumber: attribution?.step?.number ?? null,
    step: attribution?.step ? sarifValue(attribution.step.name) : null,
    action: attribution?.action ? sarifValue(attribution.action) : null,
    locatedBy: precision,
  };
}

function alertFindings(report: AnalyzeReport, ruleIds: Map<string, string>, rules: Map<string, RuleDraft>, place: Placer): Finding[] {
  const groups = new Map<string, { alerts: AnalyzeReport['alerts']; identity: unknown[] }>();
  for (const alert of report.alerts) {
    const ruleId = ruleIds.get(alert.rule) as string;
    const identity = [ruleId, report.job?.key ?? null, report.job?.name ?? null, alert.attribution.step?.name ?? null, alert.attribution.action, normalizeOutput(alert.output)];
    const key = JSON.stringify(identity);
    const group = groups.get(key) ?? { alerts: [], identity };
    group.alerts.push(alert);
    groups.set(key, group);
  }
  const findings: Finding[] = [];
  for (const { alerts, identity } of groups.values()) {
    const sorted = [...alerts].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const first = sorted[0] as AnalyzeReport['alerts'][number];
    const last = sorted[sorted.length - 1] as AnalyzeReport['alerts'][number];
    const priority = sorted.map((alert) => alert.priority).sort((a, b) => priorityRank(a) - priorityRank(b))[0] as FalcoPriority;
    const ruleId = identity[0] as string;
    const rule = rules.get(ruleId) ?? {
      id: ruleId,
      name: sarifValue(first.rule),
      shortDescription: sarifMessageText(`Falco rule: ${first.rule}`, 200),
      fullDescription: sarifMessageText(
        `The Falco rule "${sarifValue(first.rule)}" fired while the monitored job ran. Each result names the step and the action it was attributed to and shows Falco's output.`,
        1000,
      ),
      level: PRIORITY_LEVEL[priority],
      severity: PRIORITY_SEVERITY[priority],
      tags: new Set<string>(['security', 'falco']),
      precision: 'medium' as const,
    };
    // A rule's level and severity are those of its most severe alert in this file.
    if (LEVEL_RANK[PRIORITY_LEVEL[priority]] < LEVEL_RANK[rule.level]) rule.level = PRIORITY_LEVEL[priority];
    if (Number(PRIORITY_SEVERITY[priority]) > Number(rule.severity)) rule.severity = PRIORITY_SEVERITY[priority];
    for (const tag of first.tags) {
      const clean = sarifValue(tag, 50).trim();
      if (clean !== '' && rule.tags.size < SARIF_LIMITS.tagsPerRule) rule.tags.add(clean);
    }
    rules.set(ruleId, rule);
    const { uri, position } = place(report, first.attribution);
    const times = sorted.length === 1 ? 'fired once' : `fired ${sorted.length} times (alerts differing only in numbers, times or ids are counted as one finding)`;
    const message = sarifMessageText(
      `Falco rule "${sarifValue(first.rule, SARIF_LIMITS.nameChars)}" (${falcoPriorityLabel(priority)}) ${times} in ${whereText(report, first.attribution)}. Output: ${plainLine(first.output, SARIF_LIMITS.outputChars)}`,
      SARIF_LIMITS.messageChars,
    );
    findings.push({
      rule,
      level: PRIORITY_LEVEL[priority],
      severity: PRIORITY_SEVERITY[priority],
      count: sorted.length,
      message,
      uri,
      position,
      identity: ['alert', uri, ...identity],
      firstTime: first.time,
      properties: {
        ...commonProperties(report, first.attribution, position.precision),
        falcoRule: sarifValue(first.rule),
        priority,
        count: sorted.length,
        firstTime: sarifValue(first.time, 40),
        lastTime: sarifValue(last.time, 40),
      },
    });
  }
  return findings;
}

const KIND_WORDS: Record<Reputation['kind'], string> = { ip: 'IP address', domain: 'domain', file: 'file with sha256' };

/** The finding of the report that the indicator came from, for its step: a connection, a DNS name, an executable. */
function reputationAttribution(report: AnalyzeReport, reputation: Reputation): Attribution | null {
  const indicator = reputation.indicator.toLowerCase().replace(/\.$/, '');
  const candidates: Attribution[] =
    reputation.kind === 'ip'
      ? (report.connections ?? []).filter((entry) => entry.remote.address.toLowerCase() === indicator).map((entry) => entry.attribution)
      : reputation.kind === 'domain'
        ? (report.dns ?? []).filter((entry) => entry.name.toLowerCase().replace(/\.$/, '') === indicator).map((entry) => entry.attribution)
        : (report.processes ?? []).filter((entry) => entry.sha256?.toLowerCase() === indicator).map((entry) => entry.attribution);
  return candidates.find((attribution) => attribution.step !== null) ?? candidates[0] ?? null;
}

function reputationFindings(report: AnalyzeReport, rules: Map<string, RuleDraft>, place: Placer): Finding[] {
  const findings: Finding[] = [];
  for (const reputation of report.enrichment?.virustotal?.reputations ?? []) {
    if (reputation.verdict !== 'malicious' && reputation.verdict !== 'suspicious') continue;
    const malicious = reputation.verdict === 'malicious';
    const ruleId = `virustotal/${reputation.verdict}-${reputation.kind}`;
    const level: SarifLevel = malicious ? 'error' : 'warning';
    const severity = malicious ? '9.0' : '6.0';
    const words = KIND_WORDS[reputation.kind];
    const rule = rules.get(ruleId) ?? {
      id: ruleId,
      name: `VirusTotal ${reputation.verdict} ${reputation.kind}`,
      shortDescription: `VirusTotal rates a ${words} the job used ${reputation.verdict}`,
      fullDescription: `VirusTotal's engines rate a ${words} the monitored job ${reputation.kind === 'file' ? 'ran' : 'contacted'} ${reputation.verdict}. The result names the step it was attributed to and links the indicator's VirusTotal page.`,
      helpUri: VIRUSTOTAL_URI,
      level,
      severity,
      tags: new Set<string>(['security', 'virustotal', reputation.kind]),
      precision: malicious ? ('high' as const) : ('medium' as const),
    };
    rules.set(ruleId, rule);
    const attribution = reputationAttribution(report, reputation);
    const { uri, position } = place(report, attribution);
    const stats = reputation.stats;
    const engines = stats ? ` (${stats.malicious} malicious and ${stats.suspicious} suspicious of ${stats.malicious + stats.suspicious + stats.harmless + stats.undetected + stats.timeout} engines)` : '';
    const label = reputation.label ? `, ${plainLine(reputation.label, SARIF_LIMITS.nameChars)}` : '';
    const used = reputation.kind === 'file' ? 'run in' : 'used in';
    const message = sarifMessageText(
      `VirusTotal rates the ${words} ${plainLine(reputation.indicator, SARIF_LIMITS.nameChars)}${label} ${reputation.verdict}${engines}; ${used} ${whereText(report, attribution)}. VirusTotal page: ${plainLine(reputation.link, 300)}`,
      SARIF_LIMITS.messageChars,
    );
    findings.push({
      rule,
      level,
      severity,
      count: 1,
      message,
      uri,
      position,
      identity: ['reputation', uri, ruleId, report.job?.key ?? null, report.job?.name ?? null, attribution?.step?.name ?? null, reputation.indicator.toLowerCase()],
      firstTime: reputation.checkedAt,
      properties: {
        ...commonProperties(report, attribution, position.precision),
        indicator: sarifValue(reputation.indicator),
        kind: reputation.kind,
        verdict: reputation.verdict,
        link: sarifValue(reputation.link, 300),
        checkedAt: sarifValue(reputation.checkedAt, 40),
      },
    });
  }
  return findings;
}

type Placer = (report: AnalyzeReport, attribution: Attribution | null) => { uri: string; position: FindingPosition };

function ruleOut(rule: RuleDraft): SarifRule {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: rule.fullDescription },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: rule.level },
    properties: { tags: [...rule.tags], 'security-severity': rule.severity, precision: rule.precision },
  };
}

/**
 * The SARIF log of the reports' findings: Falco's alerts grouped per rule, job, step, action and
 * normalised output, and the indicators VirusTotal rated malicious or suspicious; the most severe
 * first, within GitHub's limits. Pure: the workflow's text is handed in.
 */
export function renderSarif(reports: readonly AnalyzeReport[], options: SarifOptions): SarifLog {
  const maxResults = Math.min(options.maxResults ?? SARIF_LIMITS.resultsPerRun, SARIF_LIMITS.resultsPerRun);
  const maxBytes = Math.min(options.maxBytes ?? SARIF_LIMITS.bytes, SARIF_LIMITS.bytes);
  const notes: string[] = [];
  const indexes = new Map<string, WorkflowIndex | null>();
  const workflowOf = (report: AnalyzeReport): SarifWorkflow => options.workflowFor?.(report) ?? { path: options.workflowPath, text: options.workflowText };

  // One parse per workflow text, however many findings it places.
  const indexOf = (workflowText: string): WorkflowIndex | null => {
    if (!indexes.has(workflowText)) indexes.set(workflowText, indexWorkflow(workflowText));
    return indexes.get(workflowText) ?? null;
  };

  const place: Placer = (report, attribution) => {
    const workflow = workflowOf(report);
    if (workflow.path === null || report.job === null) return { uri: workflow.path ?? UNKNOWN_WORKFLOW_URI, position: { line: 1, column: 1, precision: 'file' } };
    const index = workflow.text === null ? null : indexOf(workflow.text);
    const position = locateFinding(index, { jobKey: report.job.key, step: attribution?.step ?? null, steps: report.steps });
    return { uri: workflow.path, position };
  };

  for (const report of reports) {
    const workflow = workflowOf(report);
    if (workflow.path === null) notes.push(`The workflow file of the monitored job is not known (no GITHUB_WORKFLOW_REF): findings point at ${UNKNOWN_WORKFLOW_URI}.`);
    else if (workflow.text === null) notes.push(`The workflow file ${sarifValue(workflow.path)} could not be read: findings point at its first line.`);
    else if (indexOf(workflow.text) === null) notes.push(`The workflow file ${sarifValue(workflow.path)} could not be parsed: findings point at its first line.`);
  }

  const ruleIds = falcoRuleIds(reports.flatMap((report) => report.alerts.map((alert) => alert.rule)));
  const rules = new Map<string, RuleDraft>();
  const findings = reports.flatMap((report) => [...alertFindings(report, ruleIds, rules, place), ...reputationFindings(report, rules, place)]);

  // Most severe first (what code scanning keeps of a long run), then the most frequent; ties by identity.
  const keyed = findings.map((finding) => ({ finding, key: JSON.stringify(finding.identity) }));
  keyed.sort(
    (a, b) =>
      LEVEL_RANK[a.finding.level] - LEVEL_RANK[b.finding.level] ||
      Number(b.finding.severity) - Number(a.finding.severity) ||
      b.finding.count - a.finding.count ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );

  const keptRules: RuleDraft[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  const fingerprintsSeen = new Map<string, number>();
  // The log's frame and its notes take well under 64 KiB.
  let bytes = 64 * 1024;
  let leftOut = 0;
  let leftOutForBytes = 0;
  for (const { finding, key } of keyed) {
    if (results.length >= maxResults) {
      leftOut += 1;
      continue;
    }
    const newRule = !ruleIndex.has(finding.rule.id);
    const fingerprint = sha256(key);
    const occurrence = (fingerprintsSeen.get(fingerprint) ?? 0) + 1;
    const result: SarifResult = {
      ruleId: finding.rule.id,
      ruleIndex: newRule ? keptRules.length : (ruleIndex.get(finding.rule.id) as number),
      level: finding.level,
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: finding.uri },
            region: { startLine: finding.position.line, startColumn: finding.position.column },
          },
        },
      ],
      // primaryLocationLineHash is the key code scanning matches alerts by; given here, upload-sarif does
      // not compute one from the line's text, so editing the workflow does not make findings "new".
      partialFingerprints: { primaryLocationLineHash: `${fingerprint.slice(0, 32)}:${occurrence}`, 'falcoActionsFinding/v1': fingerprint },
      properties: finding.properties,
    };
    const cost = Buffer.byteLength(JSON.stringify(result)) + (newRule ? Buffer.byteLength(JSON.stringify(ruleOut(finding.rule))) : 0);
    if (bytes + cost > maxBytes) {
      leftOut += 1;
      leftOutForBytes += 1;
      continue;
    }
    bytes += cost;
    fingerprintsSeen.set(fingerprint, occurrence);
    if (newRule) {
      ruleIndex.set(finding.rule.id, keptRules.length);
      keptRules.push(finding.rule);
    }
    results.push(result);
  }

  const notifications: { level: SarifLevel; message: { text: string } }[] = [];
  if (leftOut > 0) {
    const why =
      leftOutForBytes === leftOut
        ? `the file would pass ${maxBytes} bytes`
        : `code scanning keeps at most ${maxResults} results of a run${leftOutForBytes > 0 ? ` and the file would pass ${maxBytes} bytes` : ''}`;
    notifications.push({
      level: 'warning',
      message: { text: `${leftOut} of ${findings.length} findings were left out (the least severe): ${why}. The JSON report and the job summary have them all.` },
    });
  }
  for (const note of [...new Set(notes)]) notifications.push({ level: 'note', message: { text: sarifMessageText(note, 500) } });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'falco-actions',
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            version: options.toolVersion,
            rules: keptRules.map(ruleOut),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        properties: { findings: findings.length, resultsLeftOut: leftOut, notes: notifications.map((notification) => notification.message.text) },
      },
    ],
  };
}

/** The SARIF log as the file's text (schema-checked: a log that breaks its own schema is a bug, it throws). */
export function serializeSarif(log: SarifLog): string {
  return `${JSON.stringify(sarifLogSchema.parse(log))}\n`;
}
