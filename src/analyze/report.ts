// The one report model of analyze mode: built once (src/analyze/build.ts), rendered as the job summary,
// the pull-request comment and the CLI's Markdown (src/report/analyze-markdown.ts), and written as the
// JSON report. Every string in it that came from the capture or the metadata is hostile: renderers
// escape it through src/report/escape.ts. Enrichment (VirusTotal, the AI triage, new since the
// baseline) is the optional `enrichment` member, filled by src/enrich after the build without changing the rest.
import { z } from 'zod';
import { FALCO_PRIORITIES } from '../falco/priority.ts';
import { enrichmentSchema } from '../enrich/model.ts';

/** Which step and which action a finding belongs to (null: could not be told, `note` says why). */
export const attributionSchema = z.object({
  step: z.object({ number: z.number().int(), name: z.string() }).nullable(),
  /** `OWNER/REPO@REF` of the action whose code is in the process's ancestry (`_actions/OWNER/REPO/REF/`). */
  action: z.string().nullable(),
  /** Why the step is uncertain or absent, in plain text (escaped by renderers). */
  note: z.string().optional(),
});
export type Attribution = z.infer<typeof attributionSchema>;

const time = z.string();
const endpoint = z.object({ address: z.string(), port: z.number().int().nullable() });

export const reportAlertSchema = z.object({
  rule: z.string(),
  priority: z.enum(FALCO_PRIORITIES),
  time,
  output: z.string(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
  pid: z.number().int().nullable(),
  /**
   * The process it fired on as the capture's process tree knew it at the alert's time (its pid, else
   * the nearest ancestor the tree knows), named as `processes[].parent` names one (exepath, else name);
   * null when the tree does not know it; absent in reports written before it was added.
   */
  process: z.object({ name: z.string(), exepath: z.string() }).nullable().optional(),
  attribution: attributionSchema,
});

export const reportProcessSchema = z.object({
  exepath: z.string(),
  name: z.string(),
  args: z.array(z.string()),
  parent: z.string().nullable(),
  user: z.string(),
  containerId: z.string(),
  count: z.number().int(),
  firstTime: time,
  sha256: z.string().nullable(),
  attribution: attributionSchema,
});

export const reportConnectionSchema = z.object({
  remote: endpoint,
  protocol: z.string(),
  scope: z.string(),
  process: z.string(),
  exepath: z.string(),
  count: z.number().int(),
  bytesSent: z.number().int(),
  bytesReceived: z.number().int(),
  firstTime: time,
  attribution: attributionSchema,
});

export const reportDnsSchema = z.object({
  name: z.string(),
  types: z.array(z.string()),
  queries: z.number().int(),
  answers: z.array(z.string()),
  processes: z.array(z.string()),
  firstTime: time,
  attribution: attributionSchema,
});

export const reportFileSchema = z.object({
  path: z.string(),
  count: z.number().int(),
  flags: z.array(z.string()),
  processes: z.array(z.string()),
  outsideWorkspace: z.boolean(),
  firstTime: time,
  attribution: attributionSchema,
});

export const reportContainerSchema = z.object({ id: z.string(), name: z.string(), image: z.string() });

export const reportHashSchema = z.object({
  path: z.string(),
  sha256: z.string().nullable(),
  error: z.string().optional(),
  executions: z.number().int(),
});

/** "Chisels" computed by us: the heaviest connections and processes. */
export const topTalkersSchema = z.object({
  connectionsByBytes: z.array(z.object({ remote: endpoint, protocol: z.string(), process: z.string(), bytes: z.number().int() })),
  processesByBytes: z.array(z.object({ process: z.string(), pid: z.number().int(), bytes: z.number().int() })),
  processesByEvents: z.array(z.object({ process: z.string(), pid: z.number().int(), events: z.number().int() })),
});

export const SECTIONS = ['connections', 'processes', 'dns', 'containers', 'written_files', 'chisels', 'hashes'] as const;
export type ReportSection = (typeof SECTIONS)[number];

export const analyzeReportSchema = z.object({
  schema: z.literal(1),
  tool: z.object({ name: z.literal('falco-actions'), version: z.string() }),
  /** The monitored job (from the metadata file), or null when the capture came without one. */
  job: z
    .object({
      key: z.string(),
      name: z.string().nullable(),
      repository: z.string(),
      workflow: z.string(),
      runId: z.string(),
      runAttempt: z.string(),
      htmlUrl: z.string().nullable(),
      /** `owner/repo/.github/workflows/file.yml@ref` and the commit the job ran (SARIF places findings in that file). */
      workflowRef: z.string().nullable().optional(),
      sha: z.string().nullable().optional(),
    })
    .nullable(),
  capture: z.object({
    file: z.string(),
    events: z.number().int(),
    firstEventTime: time.nullable(),
    lastEventTime: time.nullable(),
    redacted: z.boolean().nullable(),
    truncated: z.boolean(),
    /** Stretches that could not be read; null when whole. */
    damage: z.object({ regionCount: z.number().int(), bytesSkipped: z.number().int(), stoppedAt: z.number().int().nullable() }).nullable(),
  }),
  engine: z.object({ kind: z.enum(['native', 'container']), falcoVersion: z.string(), image: z.string().nullable(), rulesFiles: z.array(z.string()) }),
  alerts: z.array(reportAlertSchema),
  /** Which sections were asked for (extract-* inputs); a section not asked for is absent below. */
  sections: z.array(z.enum(SECTIONS)),
  processes: z.array(reportProcessSchema).optional(),
  connections: z.array(reportConnectionSchema).optional(),
  dns: z.array(reportDnsSchema).optional(),
  writtenFiles: z.array(reportFileSchema).optional(),
  containers: z.array(reportContainerSchema).optional(),
  hashes: z.array(reportHashSchema).optional(),
  chisels: topTalkersSchema.optional(),
  /** Entries the filters.config exceptions removed, per section. */
  exceptions: z.object({ file: z.string().nullable(), removed: z.record(z.string(), z.number().int()) }),
  /** Steps of the monitored job (for the timeline) as the metadata gave them. */
  steps: z.array(z.object({ number: z.number().int(), name: z.string(), startedAt: z.string().nullable(), completedAt: z.string().nullable() })),
  /** Things the reader must know (damage, unattributed findings, left-out own processes), plain text. */
  notes: z.array(z.string()),
  /** Filled by the enrichment stages (src/enrich/model.ts); absent when none ran. */
  enrichment: enrichmentSchema.optional(),
});
export type AnalyzeReport = z.infer<typeof analyzeReportSchema>;
