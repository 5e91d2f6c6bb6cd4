// Live start checks every rule file it will mount, together and in Falco's load order, before any
// container exists, so a broken file fails the step with file:line:col errors instead of Falco refusing
// it a minute later (or silently changing what it loads). The check is src/rules/check.ts, the one
// `falco-actions rules check --assume-falco-defaults` runs: Falco loads its default rules first, so a
// name our files use without defining it is assumed to be theirs (one warning), not an error. Left out
// here: warnings that only concern evaluating rules on captures (`rules test`).
import { formatProblem, problemScope, type RuleProblem, type RuleSource } from '../rules/index.ts';
import { assumedNamesWarning, checkRuleFiles as checkRules, checkRuleSources as checkSources, DEFAULTS_PLACEHOLDER_FILE, type AssumedNames, type RuleCheck } from '../rules/check.ts';

export { assumedNamesWarning, DEFAULTS_PLACEHOLDER_FILE, type AssumedNames };

export interface RuleFilesCheck {
  /** Problems Falco would refuse whatever its default rules define (or that change what it loads). */
  errors: RuleProblem[];
  /** Worth the user's attention, each once, formatted. */
  warnings: string[];
  /** Names our files use without defining them, assumed to be in Falco's default rules. */
  assumed: AssumedNames;
  /** Files that use each assumed name (for the warning). */
  assumedIn: string[];
  rules: number;
}

function forLiveStart(check: RuleCheck): RuleFilesCheck {
  const warnings = check.problems.filter((problem) => problem.severity === 'warning' && problemScope(problem) !== 'capture').map(formatProblem);
  return {
    errors: check.problems.filter((problem) => problem.severity === 'error'),
    warnings: [...new Set(warnings)],
    assumed: check.assumed,
    assumedIn: check.assumedIn,
    rules: check.rules,
  };
}

/** Checks rule files given as text, in load order, after Falco's default rules. Pure. */
export function checkRuleSources(sources: readonly RuleSource[]): RuleFilesCheck {
  return forLiveStart(checkSources(sources, { assumeFalcoDefaults: true }));
}

/** Reads and checks rule files (load order as given); an unreadable file is an error. */
export async function checkRuleFiles(paths: readonly string[]): Promise<RuleFilesCheck> {
  return forLiveStart(await checkRules(paths, { assumeFalcoDefaults: true }));
}

/** The error start fails with: every certain problem, file:line:col, and how to check a fix.
 * `actionFiles` are the action's own rule files: an error there is ours to fix, not the user's. */
export function ruleErrorsMessage(check: RuleFilesCheck, actionFiles: readonly string[] = []): string {
  const files = [...new Set(check.errors.map((problem) => problem.file))];
  const ours = files.filter((file) => actionFiles.includes(file));
  return [
    `${files.length === 1 ? 'The rule file' : 'The rule files'} ${files.join(', ')} ${files.length === 1 ? 'has' : 'have'} ${check.errors.length === 1 ? 'an error' : `${check.errors.length} errors`} that Falco would refuse or load differently than written; no Falco container was started:`,
    ...check.errors.map((problem) => formatProblem(problem)),
    ours.length > 0
      ? `${ours.join(', ')} ${ours.length === 1 ? 'comes' : 'come'} with falco-actions: please report this as a bug. Until then, use another release of the action, or set cicd-rules: false if the error is in the CI/CD rules.`
      : 'Fix the file at the line shown (check it offline with `falco-actions rules check FILE --assume-falco-defaults`, which takes the same view as this check), or remove it from custom-rule-file.',
  ].join('\n');
}
