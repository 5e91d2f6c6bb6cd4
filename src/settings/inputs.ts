// Typed settings of the start and stop actions, parsed from the raw `with:` strings by zod schemas.
// Parsing is pure: entry points hand in a reader of raw inputs (core.getInput in production) so the
// same functions serve tests and the runner.
import { z } from 'zod';
import { FALCO_PRIORITIES, type FalcoPriority } from '../falco/priority.ts';

/** The Falco release the action pins by default. append_output, which step attribution needs, was
 * introduced in Falco 0.39.0 (falco CHANGELOG.md, "new(falco): introduce append_output configuration"). */
export const DEFAULT_FALCO_VERSION = '0.44.1';
export const MINIMUM_FALCO_VERSION = '0.39.0';

export const MODES = ['live', 'analyze'] as const;
export type Mode = (typeof MODES)[number];

export type FalcoPriorityName = FalcoPriority;
export const FAIL_ON_VALUES = ['none', ...FALCO_PRIORITIES] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

/** An input value the user got wrong; the message names the input and what it accepts. */
export class SettingsError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export type InputReader = (name: string) => string;

const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];

function oneOf<T extends readonly [string, ...string[]]>(input: string, values: T, fallback: T[number]) {
  return z
    .string()
    .transform((raw) => raw.trim())
    .transform((raw) => (raw === '' ? fallback : raw))
    .pipe(
      z.enum(values, {
        error: (issue) => `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: ${values.join(', ')}.`,
      }),
    );
}

function booleanInput(input: string, fallback: boolean) {
  return z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || TRUE_WORDS.includes(raw) || FALSE_WORDS.includes(raw), {
      error: (issue) =>
        `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: true, false.`,
    })
    .transform((raw) => (raw === '' ? fallback : TRUE_WORDS.includes(raw)));
}

export const VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

export function compareVersions(left: string, right: string): number {
  const a = VERSION_PATTERN.exec(left);
  const b = VERSION_PATTERN.exec(right);
  if (!a || !b) throw new Error(`not a version: ${left} / ${right}`);
  for (let i = 1; i <= 3; i += 1) {
    const diff = Number(a[i]) - Number(b[i]);
    if (diff !== 0) return diff;
  }
  return 0;
}

const falcoVersionSchema = z
  .string()
  .transform((raw) => raw.trim())
  .transform((raw) => (raw === '' ? DEFAULT_FALCO_VERSION : raw))
  .refine((raw) => VERSION_PATTERN.test(raw), {
    error: (issue) =>
      `Invalid value for input 'falco-version': ${JSON.stringify(issue.input)}. Accepted values: a Falco release such as ${DEFAULT_FALCO_VERSION} (not 'latest': pin a release).`,
  })
  .refine((raw) => !VERSION_PATTERN.test(raw) || compareVersions(raw, MINIMUM_FALCO_VERSION) >= 0, {
    error: (issue) =>
      `Invalid value for input 'falco-version': ${JSON.stringify(issue.input)}. Accepted values: Falco ${MINIMUM_FALCO_VERSION} or later (step attribution needs Falco's append_output).`,
  });

// A Docker image reference: [registry[:port]/]path[:tag][@digest]; no whitespace, no shell metacharacters.
const IMAGE_PATTERN = /^[a-z0-9]+(?:[._:-][a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function imageSchema(input: string) {
  return z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || IMAGE_PATTERN.test(raw), {
      error: (issue) =>
        `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: an image reference such as falcosecurity/falco:${DEFAULT_FALCO_VERSION} or registry.example.com/mirror/falco:${DEFAULT_FALCO_VERSION}.`,
    });
}

const ruleFilesSchema = z
  .string()
  .transform((raw) =>
    raw
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  )
  .refine((paths) => paths.every((path) => !path.includes('\0')), {
    error: "Invalid value for input 'custom-rule-file': a path contains a NUL byte. Accepted values: rule file paths, one per line.",
  });

export const startInputsSchema = z.object({
  mode: oneOf('mode', MODES, 'live'),
  'falco-version': falcoVersionSchema,
  'falco-image': imageSchema('falco-image'),
  'custom-rule-file': ruleFilesSchema,
  'cicd-rules': booleanInput('cicd-rules', true),
  verbose: booleanInput('verbose', false),
});

export interface StartSettings {
  mode: Mode;
  falcoVersion: string;
  falcoImage: string;
  customRuleFiles: string[];
  cicdRules: boolean;
  verbose: boolean;
}

export const stopInputsSchema = z.object({
  mode: z
    .string()
    .transform((raw) => raw.trim())
    .pipe(
      z.union([z.literal(''), z.enum(MODES)], {
        error: (issue) => `Invalid value for input 'mode': ${JSON.stringify(issue.input)}. Accepted values: ${MODES.join(', ')} (or leave it empty to use what start chose).`,
      }),
    ),
  verbose: booleanInput('verbose', false),
  'fail-on': oneOf('fail-on', FAIL_ON_VALUES, 'none'),
  'github-token': z.string().transform((raw) => raw.trim()),
});

export interface StopSettings {
  /** Undefined when the input is empty: stop then uses the mode start recorded. */
  mode: Mode | undefined;
  verbose: boolean;
  failOn: FailOn;
  githubToken: string;
}

function readAll(keys: readonly string[], read: InputReader): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, read(key)]));
}

function firstIssue(error: z.ZodError): SettingsError {
  const issue = error.issues[0];
  const input = String(issue?.path[0] ?? 'unknown');
  return new SettingsError(input, issue?.message ?? `Invalid value for input '${input}'.`);
}

export function parseStartSettings(read: InputReader): StartSettings {
  const parsed = startInputsSchema.safeParse(readAll(Object.keys(startInputsSchema.shape), read));
  if (!parsed.success) throw firstIssue(parsed.error);
  const inputs = parsed.data;
  return {
    mode: inputs.mode,
    falcoVersion: inputs['falco-version'],
    falcoImage: inputs['falco-image'] === '' ? `falcosecurity/falco:${inputs['falco-version']}` : inputs['falco-image'],
    customRuleFiles: inputs['custom-rule-file'],
    cicdRules: inputs['cicd-rules'],
    verbose: inputs.verbose,
  };
}

export function parseStopSettings(read: InputReader): StopSettings {
  const parsed = stopInputsSchema.safeParse(readAll(Object.keys(stopInputsSchema.shape), read));
  if (!parsed.success) throw firstIssue(parsed.error);
  const inputs = parsed.data;
  return {
    mode: inputs.mode === '' ? undefined : inputs.mode,
    verbose: inputs.verbose,
    failOn: inputs['fail-on'],
    githubToken: inputs['github-token'],
  };
}
