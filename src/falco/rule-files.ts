// The rule files falco-actions hands to Falco, in Falco's load order after its own default rules: the
// step markers (step attribution needs their alerts), the project's CI/CD pack when `cicd-rules`, then
// the user's `custom-rule-file`s. Live start mounts them; analyze replays the capture with the same list.
import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CICD_RULES_FILE, MARKER_RULES_FILE } from '../action/action-root.ts';
import { UserError } from '../action/errors.ts';
import { SettingsError } from '../settings/inputs.ts';
import type { RuleFile } from './container.ts';

export interface RuleFileInputs {
  cicdRules: boolean;
  /** `custom-rule-file` paths as given: relative ones are taken from the workspace. */
  customRuleFiles: readonly string[];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The rule files to mount: our markers, the project's CI/CD rules when enabled, the user's own. */
export async function resolveRuleFiles(settings: RuleFileInputs, actionRoot: string, workspace: string): Promise<RuleFile[]> {
  const files: RuleFile[] = [];
  const markers = join(actionRoot, MARKER_RULES_FILE);
  if (!(await isFile(markers))) throw new UserError(`The action's marker rules file is missing: ${markers}. The action checkout is incomplete.`);
  files.push({ hostPath: markers, origin: 'markers' });
  if (settings.cicdRules) {
    const cicd = join(actionRoot, CICD_RULES_FILE);
    if (!(await isFile(cicd))) {
      throw new SettingsError(
        'cicd-rules',
        `Input 'cicd-rules' is true but the action has no ${CICD_RULES_FILE} (looked at ${cicd}). Set cicd-rules: false or use a complete release of the action.`,
      );
    }
    files.push({ hostPath: cicd, origin: 'cicd' });
  }
  for (const path of settings.customRuleFiles) {
    const absolute = isAbsolute(path) ? path : resolve(workspace, path);
    if (!(await isFile(absolute))) {
      throw new SettingsError(
        'custom-rule-file',
        `Input 'custom-rule-file': ${JSON.stringify(path)} is not a file (looked at ${absolute}). Give paths of Falco rule files, one per line, relative to the workspace or absolute.`,
      );
    }
    files.push({ hostPath: absolute, origin: 'custom' });
  }
  return files;
}

