// stop's inputs (stop/action.yml), parsed from the raw `with:` strings.
import { z } from 'zod';
import { FALCO_PRIORITIES } from '../falco/priority.ts';
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
});

export interface StopSettings {
  /** Undefined when the input is empty: stop then uses the mode start recorded. */
  mode: Mode | undefined;
  verbose: boolean;
  failOn: FailOn;
  githubToken: string;
}

export function parseStopSettings(read: InputReader): StopSettings {
  const inputs = parseInputs(stopInputsSchema, read);
  return {
    mode: inputs.mode === '' ? undefined : inputs.mode,
    verbose: inputs.verbose,
    failOn: inputs['fail-on'],
    githubToken: inputs['github-token'],
  };
}
