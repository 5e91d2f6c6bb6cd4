// stop's inputs (stop/action.yml), parsed from the raw `with:` strings.
import { z } from 'zod';
import { FALCO_PRIORITIES } from '../falco/priority.ts';
import { forwardInputsShape, toForwardSettings, type ForwardSettings } from './forward.ts';
import { booleanInput, MODES, oneOf, parseInputs, type InputReader, type Mode } from './inputs.ts';

export const FAIL_ON_VALUES = ['none', ...FALCO_PRIORITIES] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

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
  'redact-capture': booleanInput('redact-capture', true),
  'artifact-name': z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || /^[A-Za-z0-9._-]{1,200}$/.test(raw), {
      error: (issue) =>
        `Invalid value for input 'artifact-name': ${JSON.stringify(issue.input)}. Accepted values: letters, digits, '.', '_' and '-' (at most 200), or empty for falco-capture-<job>.`,
    }),
  'retention-days': z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || (/^\d{1,2}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 90), {
      error: (issue) => `Invalid value for input 'retention-days': ${JSON.stringify(issue.input)}. Accepted values: a whole number of days from 1 to 90, or empty for the repository's default.`,
    }),
  // Live mode: where the alerts also go (Slack, Loki, a Falcosidekick-style webhook).
  ...forwardInputsShape,
});

export interface StopSettings {
  /** Undefined when the input is empty: stop then uses the mode start recorded. */
  mode: Mode | undefined;
  verbose: boolean;
  failOn: FailOn;
  githubToken: string;
  /** Analyze mode: blank environment values and data buffers before upload (redact-capture). */
  redactCapture: boolean;
  /** Analyze mode: the capture artifact's name; empty: falco-capture-<GITHUB_JOB>. */
  artifactName: string;
  /** Analyze mode: days the artifact is kept; undefined: the repository's default. */
  retentionDays: number | undefined;
  /** Live mode: the alert forwarding outputs (none configured: nothing is sent). */
  forward: ForwardSettings;
}

export function parseStopSettings(read: InputReader): StopSettings {
  const inputs = parseInputs(stopInputsSchema, read);
  return {
    mode: inputs.mode === '' ? undefined : inputs.mode,
    verbose: inputs.verbose,
    failOn: inputs['fail-on'],
    githubToken: inputs['github-token'],
    redactCapture: inputs['redact-capture'],
    artifactName: inputs['artifact-name'],
    retentionDays: inputs['retention-days'] === '' ? undefined : Number(inputs['retention-days']),
    forward: toForwardSettings(inputs),
  };
}
