// start's inputs (start/action.yml), parsed from the raw `with:` strings.
import { z } from 'zod';
import { booleanInput, falcoVersionSchema, imageSchema, MODES, oneOf, parseInputs, type InputReader, type Mode } from './inputs.ts';

export const ruleFilesSchema = z
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

export function parseStartSettings(read: InputReader): StartSettings {
  const inputs = parseInputs(startInputsSchema, read);
  return {
    mode: inputs.mode,
    falcoVersion: inputs['falco-version'],
    falcoImage: inputs['falco-image'] === '' ? `falcosecurity/falco:${inputs['falco-version']}` : inputs['falco-image'],
    customRuleFiles: inputs['custom-rule-file'],
    cicdRules: inputs['cicd-rules'],
    verbose: inputs.verbose,
  };
}
