// What every action's inputs share: the readers of raw `with:` strings (booleans, choices, Falco
// versions, image references), the error that names a wrong input, and the parse step. Each action's
// own inputs are a zod schema in a module of its own (start.ts, stop.ts). Parsing is pure: mains hand
// in a reader of raw inputs (the runner's INPUT_* variables in production), so tests call the same
// functions.
import { z } from 'zod';
import { UserError } from '../action/errors.ts';
import { compareVersions, DEFAULT_FALCO_VERSION, MINIMUM_FALCO_VERSION, VERSION_PATTERN } from '../falco/version.ts';

export { DEFAULT_FALCO_VERSION };

export const MODES = ['live', 'analyze'] as const;
export type Mode = (typeof MODES)[number];

/** An input value the user got wrong; the message names the input and what it accepts. */
export class SettingsError extends UserError {
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

export function oneOf<T extends readonly [string, ...string[]]>(input: string, values: T, fallback: T[number]) {
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

export function booleanInput(input: string, fallback: boolean) {
  return z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || TRUE_WORDS.includes(raw) || FALSE_WORDS.includes(raw), {
      error: (issue) =>
        `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: true, false.`,
    })
    .transform((raw) => (raw === '' ? fallback : TRUE_WORDS.includes(raw)));
}

export const falcoVersionSchema = z
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

export function imageSchema(input: string) {
  return z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || IMAGE_PATTERN.test(raw), {
      error: (issue) =>
        `Invalid value for input '${input}': ${JSON.stringify(issue.input)}. Accepted values: an image reference such as falcosecurity/falco:${DEFAULT_FALCO_VERSION} or registry.example.com/mirror/falco:${DEFAULT_FALCO_VERSION}.`,
    });
}


/** Reads every input the schema names and parses them; the first problem becomes a SettingsError naming its input. */
export function parseInputs<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, read: InputReader): z.output<z.ZodObject<Shape>> {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, read(key)]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const input = String(issue?.path[0] ?? 'unknown');
  throw new SettingsError(input, issue?.message ?? `Invalid value for input '${input}'.`);
}

/** The modes an action can be asked for; only live is implemented in this version. */
export function requireLiveMode(mode: Mode): void {
  if (mode !== 'live') {
    throw new SettingsError('mode', `Input 'mode': ${mode} mode is not implemented in this version of falco-actions; use mode: live.`);
  }
}

/** An input holding one value per line (rule files, artifact names): trimmed, empty lines dropped. */
export const lineListSchema = z.string().transform((raw) =>
  raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== ''),
);
