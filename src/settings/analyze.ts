// analyze's inputs (analyze/action.yml), parsed from the raw `with:` strings. Every message names its
// input; the readers are shared with start and stop (inputs.ts), as is fail-on's scale (stop.ts).
import { z } from 'zod';
import { SECTIONS, type ReportSection } from '../analyze/report.ts';
import { booleanInput, falcoVersionSchema, imageSchema, lineListSchema, oneOf, parseInputs, type InputReader } from './inputs.ts';
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
  'openai-model': textSchema(200, 'openai-model'),
  'openai-user-prompt': textSchema(10_000, 'openai-user-prompt'),
  'artifact-name': artifactNamesSchema,
  'run-id': runIdSchema,
  'github-token': z.string().transform((raw) => raw.trim()),
  'fail-on': oneOf('fail-on', FAIL_ON_VALUES, 'none'),
  'falco-engine': oneOf('falco-engine', FALCO_ENGINES, 'container'),
  verbose: booleanInput('verbose', false),
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
  /** Passed through for the enrichment stage (issue 13); not used by this version. */
  openai: { model: string; userPrompt: string };
}

export function parseAnalyzeSettings(read: InputReader): AnalyzeSettings {
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
    openai: { model: inputs['openai-model'], userPrompt: inputs['openai-user-prompt'] },
  };
}
