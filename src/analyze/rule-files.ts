// Which rule files analyze replays the capture with, in Falco's load order, and their check before any
// engine runs. The same set as live start (src/live/start.ts resolveRuleFiles): the step markers (step
// attribution needs their alerts), the CI/CD pack when `cicd-rules` (the peer forgets to mount its own
// pack in replay; we do not), then the user's `custom-rule-file`s. Both engines get this list, and both
// load Falco's default rules before it, as live mode's Falco does (README "What Falco loads"): the
// container engine through the image's rules_files, the native engine from a copy of that file.
import { UserError } from '../action/errors.ts';
import type { RuleFile } from '../falco/container.ts';
import { resolveRuleFiles } from '../falco/rule-files.ts';
import { checkRuleFiles, ruleErrorsMessage, type RuleFilesCheck } from '../live/rule-check.ts';

export type { RuleFile };

/** Where the image's Falco keeps its default rules (falco.yaml rules_files[0]). */
export const IMAGE_DEFAULT_RULES_FILE = '/etc/falco/falco_rules.yaml';

export interface AnalyzeRuleInputs {
  cicdRules: boolean;
  /** `custom-rule-file` paths as given: relative ones are taken from `baseDir`. */
  customRuleFiles: readonly string[];
}

/** The rule files analyze loads after Falco's defaults: the same list live start mounts. */
export async function analyzeRuleFiles(inputs: AnalyzeRuleInputs, actionRoot: string, baseDir: string): Promise<RuleFile[]> {
  return resolveRuleFiles(inputs, actionRoot, baseDir);
}

/**
 * The check live start runs before Falco (src/live/rule-check.ts, after Falco's default rules): an error
 * fails analyze before any engine runs, naming the file and line. Returns the check for its warnings.
 */
export async function checkAnalyzeRuleFiles(
  files: readonly RuleFile[],
  check: (paths: readonly string[]) => Promise<RuleFilesCheck> = checkRuleFiles,
): Promise<RuleFilesCheck> {
  const result = await check(files.map((file) => file.hostPath));
  if (result.errors.length > 0) {
    // Its words hold for analyze too: no Falco container is started, by either engine.
    throw new UserError(ruleErrorsMessage(result, files.filter((file) => file.origin !== 'custom').map((file) => file.hostPath)));
  }
  return result;
}
