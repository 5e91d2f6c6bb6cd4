// What the enrichment stages add to an analyze report (src/analyze/report.ts `enrichment`): VirusTotal
// reputations (src/enrich/virustotal), the AI triage (src/enrich/openai) and the comparison with a
// baseline ("new since main", src/baseline). Each stage fills its own member and may be absent (not
// configured) or have failed (a note says so); nothing here changes the alerts or the inventory.
// Verdicts that decide the job (fail-on-reputation, fail-on-new) come from the reputations and the
// drift only, never from the AI's text.
import { z } from 'zod';

export const INDICATOR_KINDS = ['ip', 'domain', 'file'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** VirusTotal's view of an indicator, worst first. `unknown`: never seen (404), which is not clean. */
export const REPUTATION_VERDICTS = ['malicious', 'suspicious', 'clean', 'unknown'] as const;
export type ReputationVerdict = (typeof REPUTATION_VERDICTS)[number];

/** `last_analysis_stats` of a VirusTotal object (API v3): engine counts per category. */
export const analysisStatsSchema = z.object({
  malicious: z.number().int().nonnegative(),
  suspicious: z.number().int().nonnegative(),
  harmless: z.number().int().nonnegative(),
  undetected: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
});
export type AnalysisStats = z.infer<typeof analysisStatsSchema>;

export const reputationSchema = z.object({
  kind: z.enum(INDICATOR_KINDS),
  /** The IP address, domain name or sha256, as sent. */
  indicator: z.string(),
  /** What the report calls it, e.g. the executable's path for a hash (hostile). */
  label: z.string().nullable(),
  verdict: z.enum(REPUTATION_VERDICTS),
  /** null when VirusTotal has never seen it (404). */
  stats: analysisStatsSchema.nullable(),
  /** The indicator's VirusTotal web page. */
  link: z.string(),
  /** When VirusTotal was asked (ISO 8601), possibly by an earlier run (fromCache). */
  checkedAt: z.string(),
  fromCache: z.boolean(),
});
export type Reputation = z.infer<typeof reputationSchema>;

export const virusTotalEnrichmentSchema = z.object({
  /** The thresholds the verdicts were made with (vt-malicious-threshold). */
  thresholds: z.object({ malicious: z.number().int().positive() }),
  reputations: z.array(reputationSchema),
  /** Indicators not looked up: the per-run cap, the daily quota, an error. Never-sent ones (private ranges, exceptions) are only counted. */
  skipped: z.array(z.object({ kind: z.enum(INDICATOR_KINDS), indicator: z.string(), reason: z.string() })),
  /** Indicators left out on purpose, per reason (e.g. "private address": 12, "exception": 3). */
  notSent: z.record(z.string(), z.number().int()),
  requests: z.number().int(),
  notes: z.array(z.string()),
});
export type VirusTotalEnrichment = z.infer<typeof virusTotalEnrichmentSchema>;

export const TRIAGE_VERDICTS = ['likely_benign', 'needs_a_look', 'likely_malicious'] as const;
export type TriageVerdict = (typeof TRIAGE_VERDICTS)[number];

/** The AI's advisory reading of the findings. Every string in it is untrusted model output: escaped like hostile text. */
export const triageSchema = z.object({
  model: z.string(),
  summary: z.string(),
  findings: z.array(
    z.object({
      /** The finding's id as it was sent (e.g. "alert:3", "reputation:ip:203.0.113.7"). */
      ref: z.string(),
      triage: z.enum(TRIAGE_VERDICTS),
      reason: z.string(),
      /** A Falco condition our parser and field table accept; null when none was offered or it was refused. */
      suggestedException: z.string().nullable(),
    }),
  ),
  /** Suggested exceptions refused by our parser (not shown). */
  refusedExceptions: z.number().int(),
  /** What of the findings was not sent to keep within the size bound (plain text). */
  cut: z.array(z.string()),
});
export type Triage = z.infer<typeof triageSchema>;

/** The things "new since main" compares: what a supply-chain change shows up as. */
export const DRIFT_KINDS = ['domains', 'ips', 'executables', 'written-files', 'containers'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const driftIndicatorsSchema = z.object({
  domains: z.array(z.string()),
  /** Public IP addresses only. */
  ips: z.array(z.string()),
  /** By sha256 where the report has it, else by path (sha256 null). */
  executables: z.array(z.object({ path: z.string(), sha256: z.string().nullable() })),
  /** Written paths outside the workspace. */
  'written-files': z.array(z.string()),
  /** Container images. */
  containers: z.array(z.string()),
});
export type DriftIndicators = z.infer<typeof driftIndicatorsSchema>;

export const driftSchema = z.object({
  against: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('run'), runId: z.number().int(), branch: z.string(), url: z.string().nullable() }),
    z.object({ kind: z.literal('file'), path: z.string() }),
  ]),
  /** What this run has and the baseline has not. */
  new: driftIndicatorsSchema,
  /** How many of each kind this run has that the baseline has too. */
  known: z.record(z.string(), z.number().int()),
});
export type Drift = z.infer<typeof driftSchema>;

export const enrichmentSchema = z.object({
  virustotal: virusTotalEnrichmentSchema.optional(),
  triage: triageSchema.optional(),
  drift: driftSchema.optional(),
  /** What a stage could not do (it failed, it was skipped, no baseline yet), plain text. */
  notes: z.array(z.string()),
});
export type Enrichment = z.infer<typeof enrichmentSchema>;
