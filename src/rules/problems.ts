// What checking rule files finds, each problem with a stable code in the spirit of Falco's rule loader
// result codes (falcosecurity/falco userspace/engine/falco_load_result.h: LOAD_ERR_*, LOAD_UNKNOWN_*,
// LOAD_UNUSED_*, LOAD_DEPRECATED_ITEM, LOAD_NO_EVTTYPE). The code decides the severity and to whom the
// problem matters, so that callers sort problems by code, never by the wording of a message.

export interface Location {
  file: string;
  line: number;
  col: number;
}

/**
 * Who a problem concerns:
 * - `always`: the files as Falco loads them;
 * - `capture`: only evaluating the rules on a capture (`rules test`), not Falco;
 * - `alone`: true of the files loaded alone, possibly untrue after Falco's default rules (a name they
 *   may define, a macro of ours their rules may use).
 */
export type ProblemScope = 'always' | 'capture' | 'alone';

export const PROBLEM_CODES = {
  LOAD_ERR_FILE_READ: { severity: 'error', scope: 'always' },
  LOAD_ERR_YAML_PARSE: { severity: 'error', scope: 'always' },
  LOAD_ERR_YAML_VALIDATE: { severity: 'error', scope: 'always' },
  LOAD_ERR_VALIDATE: { severity: 'error', scope: 'always' },
  /** Falco silently replaces a rule defined twice; we refuse it (use `override:`). */
  LOAD_ERR_DUPLICATE_RULE: { severity: 'error', scope: 'always' },
  LOAD_ERR_COMPILE_CONDITION: { severity: 'error', scope: 'always' },
  LOAD_ERR_COMPILE_OUTPUT: { severity: 'error', scope: 'always' },
  /** A condition names a macro or list no loaded file defines. */
  LOAD_ERR_UNDEFINED_MACRO: { severity: 'error', scope: 'alone' },
  LOAD_ERR_UNDEFINED_LIST: { severity: 'error', scope: 'alone' },
  /** append, override or enabled on a rule, macro or list no earlier file defines. */
  LOAD_ERR_NO_EARLIER_DEFINITION: { severity: 'error', scope: 'alone' },
  /** An exception appended to a rule is new there, so it needs fields. */
  LOAD_ERR_NEW_EXCEPTION_WITHOUT_FIELDS: { severity: 'error', scope: 'always' },
  /** Told that Falco's default rules load first (`rules check --assume-falco-defaults`, live start): an
   * exception appended to a rule that only they define, which falco-actions cannot see. */
  LOAD_UNCHECKED_DEFAULT_EXCEPTION: { severity: 'warning', scope: 'always' },
  /** Told that Falco's default rules load first: a rule our files define after using it as theirs. */
  LOAD_REDEFINES_DEFAULT_RULE: { severity: 'warning', scope: 'always' },
  LOAD_UNKNOWN_ITEM: { severity: 'warning', scope: 'always' },
  LOAD_UNKNOWN_KEY: { severity: 'warning', scope: 'always' },
  LOAD_UNUSED_MACRO: { severity: 'warning', scope: 'alone' },
  LOAD_UNUSED_LIST: { severity: 'warning', scope: 'alone' },
  LOAD_DEPRECATED_ITEM: { severity: 'warning', scope: 'always' },
  LOAD_NO_EVTTYPE: { severity: 'warning', scope: 'always' },
  /** A rule of another source than syscall: not evaluated on captures. */
  LOAD_UNEVALUATED_SOURCE: { severity: 'warning', scope: 'capture' },
  /** A Falco field falco-actions cannot evaluate on a capture: `rules test` skips the rule. */
  LOAD_UNEVALUABLE_FIELD: { severity: 'warning', scope: 'capture' },
  /** Falco fields in an output that `rules test` prints as <NA>. */
  LOAD_UNEVALUABLE_OUTPUT_FIELD: { severity: 'warning', scope: 'capture' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; scope: ProblemScope }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The rule, macro or list a problem is about, when the check needs to know (e.g. a name never defined). */
export interface ProblemSubject {
  kind: 'rule' | 'macro' | 'list';
  name: string;
  /** For a rule defined twice: where it was first defined. */
  firstAt?: Location;
}

export interface RuleProblem extends Location {
  code: ProblemCode;
  severity: 'error' | 'warning';
  message: string;
  subject?: ProblemSubject;
}

/** Collects problems; the severity comes from the code. */
export class ProblemSink {
  readonly problems: RuleProblem[] = [];

  add(code: ProblemCode, location: Location, message: string, subject?: ProblemSubject): void {
    const { file, line, col } = location;
    this.problems.push({ file, line, col, code, severity: PROBLEM_CODES[code].severity, message, ...(subject !== undefined ? { subject } : {}) });
  }
}

export function problemScope(problem: RuleProblem): ProblemScope {
  return PROBLEM_CODES[problem.code].scope;
}

export function formatProblem(problem: RuleProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.col}` : problem.file;
  return `${where}: ${problem.severity}: ${problem.message}`;
}
