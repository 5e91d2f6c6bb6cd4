// The one check of rule files, shared by `falco-actions rules check` and live start's pre-flight
// (src/live/rule-check.ts): both call it and so agree on every file.
//
// Loaded alone, a file that uses a macro, list or rule it does not define is refused, as `falco -V FILE`
// refuses it. Live start loads Falco's default rules (falco_rules.yaml in its image) before our files,
// and custom files routinely use their macros and lists (spawned_process, shell_binaries), append to
// them, or disable and tune their rules. falco-actions does not ship that file, so with
// `assumeFalcoDefaults` (start always; `rules check --assume-falco-defaults`) such a name is assumed to
// come from it: a neutral placeholder is loaded for it (so the rest of the file is still checked) and
// the names are listed once (assumedNamesWarning). Falco's own load, which start watches, remains the
// check of those names. Problems are sorted by their code (problems.ts), never by their wording.
import { parseFilter, walkExpr, type Expr } from '../filter/index.ts';
import type { FalcoEventModel } from './falco-version.ts';
import { loadRules, readRuleSources, type RuleSet } from './loader.ts';
import { ProblemSink, problemScope, type Location, type RuleProblem } from './problems.ts';
import type { RuleSource } from './reader.ts';

/** The file name the placeholders are loaded under; never shown as a problem's location. */
export const DEFAULTS_PLACEHOLDER_FILE = "(placeholders for Falco's default rules)";

export interface AssumedNames {
  macros: string[];
  lists: string[];
  rules: string[];
}

export interface CheckOptions {
  /** The Falco release whose warnings to give. */
  model?: FalcoEventModel;
  /** Falco's default rules load before these files: names they may define are assumed, not errors. */
  assumeFalcoDefaults?: boolean;
}

export interface RuleCheck {
  /** Errors and warnings in reading order, each with its code. */
  problems: RuleProblem[];
  /** Names the files use without defining them, assumed to be in Falco's default rules. */
  assumed: AssumedNames;
  /** Files that use an assumed name. */
  assumedIn: string[];
  rules: number;
  macros: number;
  lists: number;
}

type Kind = 'macro' | 'list' | 'rule';

interface Placeholder {
  kind: Kind;
  name: string;
  /** Where our files first needed it (append, override, enable/disable, or a reference). */
  neededAt: Location;
}

/** Codes of a name no loaded file defines (the problem's subject names it). */
const MISSING_NAME_CODES: ReadonlySet<RuleProblem['code']> = new Set(['LOAD_ERR_NO_EARLIER_DEFINITION', 'LOAD_ERR_UNDEFINED_MACRO', 'LOAD_ERR_UNDEFINED_LIST']);
/** Rounds of placeholders: each adds only names our files use; an append accepted in one round can reveal
 * names in the next. A few settle any real file; the cap bounds a hostile one. */
const MAX_PLACEHOLDER_ROUNDS = 6;

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
      lines.push(`- rule: ${yamlString(placeholder.name)}`, '  desc: placeholder', '  condition: evt.type exists', '  output: placeholder', '  priority: DEBUG', '  tags: []');
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

/** Macros and lists that conditions refer to but no loaded file defines (also where no error says so,
 * e.g. in a macro no rule uses). */
function undefinedReferences(set: RuleSet): Placeholder[] {
  const found: Placeholder[] = [];
  // Every macro is a root here, so each condition is walked once, without following macros.
  const visit = (expr: Expr | undefined, at: Location): void => {
    if (expr === undefined) return;
    walkExpr(expr, (node) => {
      if (node.kind === 'macro-ref' && !set.macros.has(node.name)) found.push({ kind: 'macro', name: node.name, neededAt: at });
      if (node.kind === 'binary' && node.value.kind === 'list-ref' && !set.lists.has(node.value.name)) found.push({ kind: 'list', name: node.value.name, neededAt: at });
    });
  };
  for (const rule of set.rules) visit(rule.expr, rule.location);
  for (const macro of set.macros.values()) visit(parsed(macro.condition), macro.location);
  return found;
}

/** Checks rule files given as text, in load order. Pure. */
export function checkRuleSources(sources: readonly RuleSource[], options: CheckOptions = {}): RuleCheck {
  const load = (files: readonly RuleSource[]): RuleSet => loadRules(files, options.model === undefined ? {} : { model: options.model });
  const counts = (set: RuleSet, ours: (location: Location) => boolean) => ({
    rules: set.rules.filter((rule) => ours(rule.location)).length,
    macros: [...set.macros.values()].filter((macro) => ours(macro.location)).length,
    lists: [...set.lists.values()].filter((list) => ours(list.location)).length,
  });
  if (options.assumeFalcoDefaults !== true) {
    const set = load(sources);
    return { problems: set.problems, assumed: { macros: [], lists: [], rules: [] }, assumedIn: [], ...counts(set, () => true) };
  }

  const placeholders = new Map<string, Placeholder>();
  let set: RuleSet;
  let lineOf = new Map<number, Placeholder>();
  for (let round = 0; ; round++) {
    const prelude = placeholderText([...placeholders.values()]);
    lineOf = prelude.lineOf;
    set = load(placeholders.size > 0 ? [{ file: DEFAULTS_PLACEHOLDER_FILE, text: prelude.text }, ...sources] : sources);
    const needed: Placeholder[] = [];
    for (const problem of set.problems) {
      if (problem.file === DEFAULTS_PLACEHOLDER_FILE || !MISSING_NAME_CODES.has(problem.code) || problem.subject === undefined) continue;
      needed.push({ kind: problem.subject.kind, name: problem.subject.name, neededAt: problem });
    }
    needed.push(...undefinedReferences(set));
    let added = false;
    for (const placeholder of needed) {
      if (placeholders.has(key(placeholder.kind, placeholder.name))) continue;
      placeholders.set(key(placeholder.kind, placeholder.name), placeholder);
      added = true;
    }
    if (!added || round === MAX_PLACEHOLDER_ROUNDS - 1) break;
  }

  const assumedRules = new Set([...placeholders.values()].filter((p) => p.kind === 'rule').map((p) => p.name));
  const sink = new ProblemSink();
  const keep = (problem: RuleProblem): void => {
    sink.problems.push(problem);
  };
  for (const problem of set.problems) {
    if (problem.file === DEFAULTS_PLACEHOLDER_FILE) {
      // A placeholder is valid on its own: an error in it comes from what our files added to it
      // (an appended condition that does not parse), so it is shown where our file asked for it.
      const placeholder = lineOf.get(problem.line);
      if (problem.severity === 'error' && placeholder !== undefined) {
        const { file, line, col } = placeholder.neededAt;
        keep({ ...problem, file, line, col, message: `${problem.message} (after appending to ${placeholder.kind} '${placeholder.name}', which Falco's default rules would define)` });
      }
      continue;
    }
    const subject = problem.subject;
    if (MISSING_NAME_CODES.has(problem.code) && subject !== undefined && placeholders.has(key(subject.kind, subject.name))) continue; // assumed, listed once
    if (problem.code === 'LOAD_ERR_NEW_EXCEPTION_WITHOUT_FIELDS' && subject !== undefined && assumedRules.has(subject.name)) {
      sink.add('LOAD_UNCHECKED_DEFAULT_EXCEPTION', problem, `${problem.message}: assumed to be an exception of Falco's default rule, which falco-actions cannot see`, subject);
      continue;
    }
    if (problem.code === 'LOAD_ERR_DUPLICATE_RULE' && subject?.firstAt?.file === DEFAULTS_PLACEHOLDER_FILE) {
      sink.add('LOAD_REDEFINES_DEFAULT_RULE', problem, problem.message.replace(DEFAULTS_PLACEHOLDER_FILE, "Falco's default rules"), subject);
      continue;
    }
    // Unused macros and lists of ours may be used by Falco's default rules.
    if (problem.severity === 'warning' && problemScope(problem) === 'alone') continue;
    keep(problem);
  }
  const byKind = (kind: Kind): string[] => [...placeholders.values()].filter((p) => p.kind === kind).map((p) => p.name).sort();
  const assumedIn = [...new Set([...placeholders.values()].map((p) => p.neededAt.file))].filter((file) => file !== DEFAULTS_PLACEHOLDER_FILE);
  return {
    problems: sink.problems,
    assumed: { macros: byKind('macro'), lists: byKind('list'), rules: byKind('rule') },
    assumedIn,
    ...counts(set, (location) => location.file !== DEFAULTS_PLACEHOLDER_FILE),
  };
}

/** Reads and checks rule files (load order as given); an unreadable file is an error. */
export async function checkRuleFiles(paths: readonly string[], options: CheckOptions = {}): Promise<RuleCheck> {
  const { sources, unreadable } = await readRuleSources(paths);
  const check = checkRuleSources(sources, options);
  check.problems.unshift(...unreadable);
  return check;
}

/** The one warning about names assumed to be in Falco's default rules, or undefined when there are none. */
export function assumedNamesWarning(check: Pick<RuleCheck, 'assumed' | 'assumedIn'>): string | undefined {
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
