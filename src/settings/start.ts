// start's inputs (start/action.yml), parsed from the raw `with:` strings.
import { z } from 'zod';
import { forwardInputsShape, toForwardSettings, type ForwardSettings } from './forward.ts';
import { booleanInput, falcoVersionSchema, imageSchema, lineListSchema, MODES, oneOf, parseInputs, type InputReader, type Mode } from './inputs.ts';
import { CAPTURE_SNAPLEN, DEFAULT_SYSDIG_IMAGE } from '../capture/container.ts';

export const ruleFilesSchema = lineListSchema.refine((paths) => paths.every((path) => !path.includes('\0')), {
    error: "Invalid value for input 'custom-rule-file': a path contains a NUL byte. Accepted values: rule file paths, one per line.",
  });

export const startInputsSchema = z.object({
  mode: oneOf('mode', MODES, 'live'),
  'falco-version': falcoVersionSchema,
  'falco-image': imageSchema('falco-image'),
  'custom-rule-file': ruleFilesSchema,
  'cicd-rules': booleanInput('cicd-rules', true),
  verbose: booleanInput('verbose', false),
  // analyze mode: the syscall-ignore config ('' = the action's src/syscall_ignore.config) and sysdig's image.
  'config-file': z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => !raw.includes('\0'), {
      error: "Invalid value for input 'config-file': the path contains a NUL byte. Accepted values: the path of a syscall-ignore config, or empty for the action's default.",
    }),
  'sysdig-image': imageSchema('sysdig-image'),
  // Used by start's post step only, which stops the monitoring at job end when no stop step did.
  ...forwardInputsShape,
});

export interface StartSettings {
  mode: Mode;
  falcoVersion: string;
  falcoImage: string;
  customRuleFiles: string[];
  cicdRules: boolean;
  verbose: boolean;
}

/** What start runs in analyze mode besides the shared inputs. */
export interface CaptureSettings {
  /** The syscall-ignore config as given ('' = the action's default, src/syscall_ignore.config). */
  configFile: string;
  sysdigImage: string;
  /** Bytes of each I/O buffer the capture keeps (not an input: the seed's figure). */
  snaplen: number;
}

export type StartInputs = StartSettings & {
  capture: CaptureSettings;
  /** Where start's post step sends the alerts when it is the one that stops live monitoring. */
  forward: ForwardSettings;
};

export function parseStartSettings(read: InputReader): StartInputs {
  const inputs = parseInputs(startInputsSchema, read);
  return {
    mode: inputs.mode,
    falcoVersion: inputs['falco-version'],
    falcoImage: inputs['falco-image'] === '' ? `falcosecurity/falco:${inputs['falco-version']}` : inputs['falco-image'],
    customRuleFiles: inputs['custom-rule-file'],
    cicdRules: inputs['cicd-rules'],
    verbose: inputs.verbose,
    capture: {
      configFile: inputs['config-file'],
      sysdigImage: inputs['sysdig-image'] === '' ? DEFAULT_SYSDIG_IMAGE : inputs['sysdig-image'],
      snaplen: CAPTURE_SNAPLEN,
    },
    forward: toForwardSettings(inputs),
  };
}
