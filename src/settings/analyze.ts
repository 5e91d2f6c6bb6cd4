// analyze's inputs (analyze/action.yml), parsed from the raw `with:` strings. Every message names its
// input; the readers are shared with start and stop (inputs.ts), as is fail-on's scale (stop.ts).
import { z } from 'zod';
import { DRIFT_KINDS, type DriftKind } from '../enrich/model.ts';
import { SECTIONS, type ReportSection } from '../analyze/report.ts';
import { booleanInput, falcoVersionSchema, imageSchema, lineListSchema, oneOf, parseInputs, type InputReader } from './inputs.ts';
import { forwardInputsShape, toForwardSettings, type ForwardSettings } from './forward.ts';
import { ruleFilesSchema } from './start.ts';
import { FAIL_ON_VALUES, type FailOn } from './stop.ts';

export const FALCO_ENGINES = ['container', 'native'] as const;
export type FalcoEngine = (typeof FALCO_ENGINES)[number];

// An artifact name as upload-artifact accepts it: no path separators, quotes or characters the
// artifact service refuses (the list actions/upload-artifact documents: " : < > | * ? \r \n \ /).
const ARTIFACT_NAME = /^[^"\\/:<>|*?\r\n]{1,256}$/;

const artifactNamesSchema = lineListSchema.refine((names) => names.every((name) => ARTIFACT_NAME.test(name)), {
    error: (issue) =>
      `Invalid value for input 'artifact-name': ${JSON.stringify(issue.input)}. Accepted values: artifact names, one per line, without " : < > | * ? \\ / (or leave it empty for every falco-capture-* artifact of the run).`,
  })
  .refine((names) => new Set(names).size === names.length, {
    error: "Invalid value for input 'artifact-name': a name is listed twice. Accepted values: artifact names, one per line, each once.",
  });

const runIdSchema = z
  .string()
  .transform((raw) => raw.trim())
  .refine((raw) => raw === '' || /^[1-9][0-9]{0,14}$/.test(raw), {
    error: (issue) =>
      `Invalid value for input 'run-id': ${JSON.stringify(issue.input)}. Accepted values: the numeric id of a workflow run (the number in its URL, .../actions/runs/ID), or empty for this run.`,
  });

const filtersConfigSchema = z
  .string()
  .transform((raw) => raw.trim())
  .refine((raw) => !raw.includes('\0') && !/[\r\n]/.test(raw), {
    error: "Invalid value for input 'filters-config': expected one file path. Accepted values: the path of a filters.config file, 'none', or empty for the action's own.",
  });

const textSchema = (max: number, input: string) =>
  z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw.length <= max, { error: `Invalid value for input '${input}': longer than ${max} characters.` });

/** A whole number input within [min, max]; empty takes the default. */
const integerInput = (input: string, min: number, max: number, fallback: number, what: string) =>
  z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || (/^[0-9]{1,9}$/.test(raw) && Number(raw) >= min && Number(raw) <= max), {
      error: (issue) => `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: ${what}, a whole number from ${min} to ${max} (default ${fallback}).`,
    })
    .transform((raw) => (raw === '' ? fallback : Number(raw)));

/** An http(s) URL input; empty takes the default. */
const urlInput = (input: string, fallback: string) =>
  z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || /^https?:\/\/[^\s]+$/.test(raw), {
      error: (issue) => `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: an http:// or https:// URL${fallback === '' ? ', or empty' : ` (default ${fallback})`}.`,
    })
    .transform((raw) => (raw === '' ? fallback : raw.replace(/\/+$/, '')));

export const FAIL_ON_REPUTATION_VALUES = ['none', 'suspicious', 'malicious'] as const;
export type FailOnReputation = (typeof FAIL_ON_REPUTATION_VALUES)[number];

/** The comparison "new since main" makes: the default branch's last successful run, nothing, or (baseline-file) a committed file. */
export const BASELINE_VALUES = ['default-branch', 'none'] as const;

export const VIRUSTOTAL_API_URL = 'https://www.virustotal.com/api/v3';
/** A current small model: cheap and fast enough for a per-job triage of a structured report. */
export const DEFAULT_OPENAI_MODEL = 'gpt-5.4-mini';

const failOnNewSchema = z
  .string()
  .transform((raw) => raw.split(/[\s,]+/).map((word) => word.trim()).filter((word) => word !== ''))
  .refine((words) => words.every((word) => word === 'none' || (DRIFT_KINDS as readonly string[]).includes(word)), {
    error: (issue) => `Invalid value for input 'fail-on-new': ${JSON.stringify(issue.input)}. Accepted values: none, or any of ${DRIFT_KINDS.join(', ')} (comma- or line-separated).`,
  })
  .transform((words) => [...new Set(words.filter((word): word is DriftKind => word !== 'none'))]);

const pathInput = (input: string) =>
  z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => !raw.includes('\0') && !/[\r\n]/.test(raw), { error: `Invalid value for input '${input}': expected one file path.` });

export const analyzeInputsSchema = z.object({
  'custom-rule-file': ruleFilesSchema,
  'falco-version': falcoVersionSchema,
  'falco-image': imageSchema('falco-image'),
  'cicd-rules': booleanInput('cicd-rules', true),
  'filters-config': filtersConfigSchema,
  'extract-connections': booleanInput('extract-connections', true),
  'extract-processes': booleanInput('extract-processes', true),
  'extract-dns': booleanInput('extract-dns', true),
  'extract-containers': booleanInput('extract-containers', true),
  'extract-written-files': booleanInput('extract-written-files', true),
  'extract-chisels': booleanInput('extract-chisels', false),
  'extract-hashes': booleanInput('extract-hashes', false),
  'virustotal-api-url': urlInput('virustotal-api-url', VIRUSTOTAL_API_URL),
  'vt-malicious-threshold': integerInput('vt-malicious-threshold', 1, 1000, 3, 'the number of engines that must flag an indicator malicious'),
  'vt-rate-limit': integerInput('vt-rate-limit', 1, 100_000, 4, 'VirusTotal requests per minute (4 for the public API)'),
  'vt-daily-limit': integerInput('vt-daily-limit', 1, 10_000_000, 500, 'VirusTotal requests per day (500 for the public API)'),
  'vt-max-lookups': integerInput('vt-max-lookups', 0, 100_000, 20, 'the most indicators looked up per run'),
  'fail-on-reputation': oneOf('fail-on-reputation', FAIL_ON_REPUTATION_VALUES, 'none'),
  'openai-model': textSchema(200, 'openai-model'),
  'openai-user-prompt': textSchema(10_000, 'openai-user-prompt'),
  'openai-base-url': urlInput('openai-base-url', ''),
  baseline: oneOf('baseline', BASELINE_VALUES, 'default-branch'),
  'baseline-file': pathInput('baseline-file'),
  'fail-on-new': failOnNewSchema,
  'artifact-name': artifactNamesSchema,
  'run-id': runIdSchema,
  'github-token': z.string().transform((raw) => raw.trim()),
  'fail-on': oneOf('fail-on', FAIL_ON_VALUES, 'none'),
  'falco-engine': oneOf('falco-engine', FALCO_ENGINES, 'container'),
  verbose: booleanInput('verbose', false),
  ...forwardInputsShape,
});

/** Which extract-* input turns on which report section. */
export const SECTION_INPUTS = {
  connections: 'extract-connections',
  processes: 'extract-processes',
  dns: 'extract-dns',
  containers: 'extract-containers',
  written_files: 'extract-written-files',
  chisels: 'extract-chisels',
  hashes: 'extract-hashes',
} as const satisfies Record<ReportSection, keyof z.input<typeof analyzeInputsSchema>>;

export interface AnalyzeSettings {
  customRuleFiles: string[];
  falcoVersion: string;
  falcoImage: string;
  cicdRules: boolean;
  /** The exceptions: the action's own src/filters.config (empty input), none ('none'), or the user's file. */
  filtersConfig: { kind: 'action' } | { kind: 'none' } | { kind: 'file'; path: string };
  /** The report sections asked for, in the report's order. */
  sections: ReportSection[];
  /** Capture artifacts to analyze; empty: every falco-capture-* artifact of the run. */
  artifactNames: string[];
  /** Another workflow run to read the artifacts of (findBy), or undefined for this run. */
  runId: number | undefined;
  githubToken: string;
  failOn: FailOn;
  falcoEngine: FalcoEngine;
  verbose: boolean;
  /** VirusTotal lookups; apiKey from VT_API_KEY (undefined: the stage is off). */
  virustotal: { apiKey: string | undefined; apiUrl: string; maliciousThreshold: number; ratePerMinute: number; dailyLimit: number; maxLookups: number };
  failOnReputation: FailOnReputation;
  /** The AI triage; apiKey from OPENAI_API_KEY (undefined: the stage is off). baseUrl '' = the SDK's default. */
  openai: { apiKey: string | undefined; model: string; userPrompt: string; baseUrl: string };
  /** What "new since" compares with: baseline-file wins over baseline. */
  baseline: { kind: 'default-branch' } | { kind: 'none' } | { kind: 'file'; path: string };
  failOnNew: DriftKind[];
  /** Where the alerts are sent besides the report (src/forward). */
  forward: ForwardSettings;
}

/** The environment variables analyze reads secrets from (never inputs: inputs are logged in debug mode). */
export interface SecretEnvironment {
  VT_API_KEY?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
}

const secret = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

export function parseAnalyzeSettings(read: InputReader, env: SecretEnvironment = {}): AnalyzeSettings {
  const inputs = parseInputs(analyzeInputsSchema, read);
  // At most 15 digits (the schema's bound): always a safe integer.
  const runId = inputs['run-id'] === '' ? undefined : Number(inputs['run-id']);
  return {
    customRuleFiles: inputs['custom-rule-file'],
    falcoVersion: inputs['falco-version'],
    falcoImage: inputs['falco-image'] === '' ? `falcosecurity/falco:${inputs['falco-version']}` : inputs['falco-image'],
    cicdRules: inputs['cicd-rules'],
    filtersConfig:
      inputs['filters-config'] === ''
        ? { kind: 'action' }
        : inputs['filters-config'] === 'none'
          ? { kind: 'none' }
          : { kind: 'file', path: inputs['filters-config'] },
    sections: SECTIONS.filter((section) => inputs[SECTION_INPUTS[section]]),
    artifactNames: inputs['artifact-name'],
    runId,
    githubToken: inputs['github-token'],
    failOn: inputs['fail-on'],
    falcoEngine: inputs['falco-engine'],
    verbose: inputs.verbose,
    virustotal: {
      apiKey: secret(env.VT_API_KEY),
      apiUrl: inputs['virustotal-api-url'],
      maliciousThreshold: inputs['vt-malicious-threshold'],
      ratePerMinute: inputs['vt-rate-limit'],
      dailyLimit: inputs['vt-daily-limit'],
      maxLookups: inputs['vt-max-lookups'],
    },
    failOnReputation: inputs['fail-on-reputation'],
    openai: {
      apiKey: secret(env.OPENAI_API_KEY),
      model: inputs['openai-model'] === '' ? DEFAULT_OPENAI_MODEL : inputs['openai-model'],
      userPrompt: inputs['openai-user-prompt'],
      baseUrl: inputs['openai-base-url'],
    },
    baseline: inputs['baseline-file'] !== '' ? { kind: 'file', path: inputs['baseline-file'] } : { kind: inputs.baseline },
    failOnNew: inputs['fail-on-new'],
    forward: toForwardSettings(inputs),
  };
}
