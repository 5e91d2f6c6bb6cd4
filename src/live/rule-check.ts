// Live start checks every rule file it will mount, together and in Falco's load order, before any
// container exists, so a broken file fails the step with file:line:col errors instead of Falco refusing
// it a minute later (or silently changing what it loads).
//
// Falco loads its default ruleset (falco_rules.yaml in its image) before our files, and custom files
// routinely use its macros and lists (spawned_process, shell_binaries), append to them, or disable and
// tune its rules. We do not ship that file, so we cannot tell whether such a name exists there. Honest
// split:
// - what is certain from our files alone (YAML errors, bad priorities, a rule defined twice in our
//   files, conditions that do not parse, unknown fields and operators, bad outputs) fails start;
// - a name our files use but do not define is assumed to come from Falco's default rules: we load a
//   neutral placeholder for it (so the rest of the file is still checked), and warn once, naming it.
//   Falco's own load, which start watches, remains the check of those names.
import { parseFilter, walkExpr, type Expr } from '../filter/index.ts';
import { formatProblem, loadRules, readRuleSources, type Location, type RuleProblem, type RuleSet, type RuleSource } from '../rules/index.ts';

/** The file name the placeholders are loaded under; never shown as a problem's location. */
export const DEFAULTS_PLACEHOLDER_FILE = "(placeholders for Falco's default rules)";

export interface AssumedNames {
  macros: string[];
  lists: string[];
  rules: string[];
}

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

type Kind = 'macro' | 'list' | 'rule';

interface Placeholder {
  kind: Kind;
  name: string;
  /** Where our files first needed it (append, override, enable/disable, or a reference). */
  neededAt: Location;
}

// Loader warnings that only concern evaluating rules on captures (`rules test`), or that Falco's
// default rules can make untrue (a macro of ours that overrides one of theirs is "unused" by our rules).
const NOT_FOR_LIVE_START = [
  /source '.*' is not evaluated here/,
  /which falco-actions cannot evaluate on a capture/,
  /falco-actions cannot fill in print <NA>/,
  /is not used by any rule/,
];

const NO_EARLIER_DEFINITION = /^(rule|macro|list) '(.*)': no earlier definition to (?:append to|replace|override|enable or disable)$/;
const UNDEFINED_REFERENCE = /undefined (macro|list) '([^']+)'/;
const NEW_EXCEPTION_WITHOUT_FIELDS = /^rule '(.*)': exception '(.*)' must have fields \(it is new\)$/;

const key = (kind: Kind, name: string): string => `${kind}\u0000${name}`;
const yamlString = (text: string): string => JSON.stringify(text);

/** Neutral stand-ins for what Falco's default rules may define: they compile, restrict nothing and say
 * nothing about event types (so no "does not restrict evt.type" warning is caused or hidden by them). */
function placeholderText(placeholders: readonly Placeholder[]): { text: string; lineOf: Map<number, Placeholder> } {
  const lines: string[] = [];
  const lineOf = new Map<number, Placeholder>();
  for (const placeholder of placeholders) {
    const first = lines.length + 1;
    if (placeholder.kind === 'macro') lines.push(`- macro: ${yamlString(placeholder.name)}`, '  condition: evt.type exists');
    else if (placeholder.kind === 'list') lines.push(`- list: ${yamlString(placeholder.name)}`, '  items: []');
    else {
      lines.push(
        `- rule: ${yamlString(placeholder.name)}`,
        '  desc: placeholder',
        '  condition: evt.type exists',
        '  output: placeholder',
        '  priority: DEBUG',
        '  tags: []',
      );
    }
    for (let line = first; line <= lines.length; line++) lineOf.set(line, placeholder);
  }
  return { text: lines.join('\n') + '\n', lineOf };
}

function parsed(condition: string): Expr | undefined {
  try {
    return parseFilter(condition);
  } catch {
    return undefined; // reported by the loader
  }
}

/** Macros and lists that conditions refer to but no loaded file defines. */
function undefinedReferences(set: RuleSet): Array<{ kind: Kind; name: string; at: Location }> {
  const found: Array<{ kind: Kind; name: string; at: Location }> = [];
  const visit = (expr: Expr | undefined, at: Location): void => {
    if (expr === undefined) return;
    walkExpr(expr, (node) => {
      if (node.kind === 'macro-ref' && !set.macros.has(node.name)) found.push({ kind: 'macro', name: node.name, at });
      if (node.kind === 'binary' && node.value.kind === 'list-ref' && !set.lists.has(node.value.name)) found.push({ kind: 'list', name: node.value.name, at });
    });
  };
  for (const rule of set.rules) visit(rule.expr, rule.location);
  for (const macro of set.macros.values()) visit(parsed(macro.condition), macro.location);
  return found;
}

/**
 * Checks rule files given as text, in load order. Pure: loads them (with placeholders for what Falco's
 * default rules may define, found in rounds: an append accepted in one round can reveal new names) and
 * sorts what the loader reports into errors, warnings and assumed names.
 */
export function checkRuleSources(sources: readonly RuleSource[]): RuleFilesCheck {
  const placeholders = new Map<string, Placeholder>();
  let set: RuleSet;
  let lineOf = new Map<number, Placeholder>();
  for (let round = 0; ; round++) {
    const prelude = placeholderText([...placeholders.values()]);
    lineOf = prelude.lineOf;
    set = loadRules(placeholders.size > 0 ? [{ file: DEFAULTS_PLACEHOLDER_FILE, text: prelude.text }, ...sources] : sources);
    const needed: Placeholder[] = [];
    for (const problem of set.problems) {
      if (problem.severity !== 'error' || problem.file === DEFAULTS_PLACEHOLDER_FILE) continue;
      const missing = NO_EARLIER_DEFINITION.exec(problem.message);
      if (missing !== null) needed.push({ kind: missing[1] as Kind, name: missing[2]!, neededAt: problem });
      const reference = UNDEFINED_REFERENCE.exec(problem.message);
      if (reference !== null) needed.push({ kind: reference[1] as Kind, name: reference[2]!, neededAt: problem });
    }
    for (const reference of undefinedReferences(set)) needed.push({ kind: reference.kind, name: reference.name, neededAt: reference.at });
    let added = false;
    for (const placeholder of needed) {
      if (placeholders.has(key(placeholder.kind, placeholder.name))) continue;
      placeholders.set(key(placeholder.kind, placeholder.name), placeholder);
      added = true;
    }
    // Each round only adds names our files use; a few rounds settle any real file.
    if (!added || round === 5) break;
  }

  const assumedRules = new Set([...placeholders.values()].filter((p) => p.kind === 'rule').map((p) => p.name));
  const errors: RuleProblem[] = [];
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  for (const problem of set.problems) {
    if (problem.file === DEFAULTS_PLACEHOLDER_FILE) {
      // A placeholder is valid on its own: an error in it comes from what our files added to it
      // (an appended condition that does not parse), so it is shown where our file asked for it.
      const placeholder = lineOf.get(problem.line);
      if (problem.severity === 'error' && placeholder !== undefined) {
        const { file, line, col } = placeholder.neededAt;
        errors.push({ ...problem, file, line, col, message: `${problem.message} (after appending to ${placeholder.kind} '${placeholder.name}', which Falco's default rules would define)` });
      }
      continue;
    }
    if (problem.severity === 'error') {
      const missing = NO_EARLIER_DEFINITION.exec(problem.message) ?? UNDEFINED_REFERENCE.exec(problem.message);
      if (missing !== null && placeholders.has(key(missing[1] as Kind, missing[2]!))) continue; // assumed, warned below
      const newException = NEW_EXCEPTION_WITHOUT_FIELDS.exec(problem.message);
      if (newException !== null && assumedRules.has(newException[1]!)) {
        warn(`${formatProblem({ ...problem, severity: 'warning' })}: assumed to be an exception of Falco's default rule, which falco-actions cannot see`);
        continue;
      }
      if (problem.message.includes(DEFAULTS_PLACEHOLDER_FILE)) {
        warn(formatProblem({ ...problem, severity: 'warning', message: problem.message.replace(DEFAULTS_PLACEHOLDER_FILE, "Falco's default rules") }));
        continue;
      }
      errors.push(problem);
    } else if (!NOT_FOR_LIVE_START.some((pattern) => pattern.test(problem.message))) {
      warn(formatProblem(problem));
    }
  }
  const byKind = (kind: Kind): string[] => [...placeholders.values()].filter((p) => p.kind === kind).map((p) => p.name).sort();
  const assumedIn = [...new Set([...placeholders.values()].map((p) => p.neededAt.file))].filter((file) => file !== DEFAULTS_PLACEHOLDER_FILE);
  return {
    errors,
    warnings,
    assumed: { macros: byKind('macro'), lists: byKind('list'), rules: byKind('rule') },
    assumedIn,
    rules: set.rules.filter((rule) => rule.location.file !== DEFAULTS_PLACEHOLDER_FILE).length,
  };
}

/** Reads and checks rule files (load order as given); an unreadable file is an error. */
export async function checkRuleFiles(paths: readonly string[]): Promise<RuleFilesCheck> {
  const { sources, unreadable } = await readRuleSources(paths);
  const check = checkRuleSources(sources);
  check.errors.unshift(...unreadable);
  return check;
}

/** The one warning about names assumed to be in Falco's default rules, or undefined when there are none. */
export function assumedNamesWarning(check: RuleFilesCheck): string | undefined {
  const { macros, lists, rules } = check.assumed;
  if (macros.length + lists.length + rules.length === 0) return undefined;
  const quoted = (names: string[]): string => names.map((name) => `'${name}'`).join(', ');
  const named = (what: string, names: string[]): string => (names.length === 0 ? '' : `${what}${names.length === 1 ? '' : 's'} ${quoted(names)}`);
  const parts = [
    named('macro', macros),
    named('list', lists),
    rules.length > 0 ? `${named('rule', rules)} (appended to, overridden or switched on/off)` : '',
  ].filter((part) => part !== '');
  return (
    `${check.assumedIn.join(', ')} ${check.assumedIn.length === 1 ? 'uses' : 'use'} ${parts.join('; ')} without defining them. ` +
    "Falco loads its default rules (falco_rules.yaml) first, which may define them; falco-actions does not have that file, so it checked the rest of the rules without them. " +
    'Falco checks these names when it loads the rules, and start fails if Falco refuses them.'
  );
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
      : 'Fix the file at the line shown (check it offline with `falco-actions rules check FILE`), or remove it from custom-rule-file.',
  ].join('\n');
}
