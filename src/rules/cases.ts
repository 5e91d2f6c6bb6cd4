// Rule cases: rules tested like code (`falco-actions rules test --expect CASES.yaml`). A case file lists
// cases, each a capture (or events given as field values, src/rules/events-from-fields.ts) and the rules
// that must fire on it, how often, and those that must not:
//
//   rules: [falco_cicd_rules.yaml]          # default rule files of every case, relative to this file
//   cases:
//     - name: nc started by Jenkins
//       rules: [devops_toolchain_rules.yaml]  # optional: this case's own rule files
//       include_disabled: false               # optional: evaluate rules the files disable
//       events:                               # or capture: path/to/job.scap
//         - {evt.type: execve, proc.name: nc, proc.pcmdline: "java -jar jenkins.war"}
//       expect:
//         fire: {Jenkins Unexpected Process: 1}
//         not_fire: [SonarQube Spawning a Shell]
//
// The file is validated (zod) with errors naming file:line:col; a rule named in `expect` that the rule
// files do not have, that they disable, or that falco-actions cannot evaluate is an error of the case, so
// a renamed rule never passes a case silently.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseCaptureDescription, writeCapture } from '../scap/writer/index.ts';
import { falcoEventModel } from './falco-version.ts';
import { formatProblem, hasErrors, loadRuleFiles, type RuleSet } from './loader.ts';
import { runRulesOnCapture, type RuleTestReport } from './run.ts';
import { eventsFromFields, FieldEventError, FieldEventSchema, MAX_FIELD_EVENTS } from './events-from-fields.ts';

/** A case file larger than this is refused before it is parsed. */
export const MAX_CASE_FILE_BYTES = 1024 * 1024;
export const MAX_CASES = 500;

const ruleName = z.string().min(1).max(400);
const ruleFiles = z.array(z.string().min(1).max(1024)).min(1).max(32);

export const RuleCaseSchema = z
  .object({
    name: z.string().min(1).max(400),
    description: z.string().max(4000).optional(),
    rules: ruleFiles.optional(),
    include_disabled: z.boolean().default(false),
    events: z.array(FieldEventSchema).min(1).max(MAX_FIELD_EVENTS).optional(),
    capture: z.string().min(1).max(1024).optional(),
    expect: z
      .object({
        fire: z.record(ruleName, z.number().int().min(1).max(1_000_000)).default({}),
        not_fire: z.array(ruleName).max(1000).default([]),
      })
      .strict()
      .refine((expect) => Object.keys(expect.fire).length + expect.not_fire.length > 0, { message: 'name at least one rule under fire or not_fire' })
      .refine((expect) => !expect.not_fire.some((name) => name in expect.fire), { message: 'a rule is both under fire and under not_fire' }),
  })
  .strict()
  .refine((value) => (value.events === undefined) !== (value.capture === undefined), { message: 'give exactly one of events and capture', path: ['events'] });
export type RuleCase = z.infer<typeof RuleCaseSchema>;

export const CaseFileSchema = z
  .object({
    rules: ruleFiles.optional(),
    cases: z.array(RuleCaseSchema).min(1).max(MAX_CASES),
  })
  .strict();

/** A case file that cannot be read or validated; every line names file:line:col and the problem. */
export class CaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid case file:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'CaseFileError';
  }
}

export interface LoadedCase extends RuleCase {
  /** Where the case starts in its file. */
  line: number;
  /** The rule files, resolved against the case file's folder (or as given on the command line). */
  ruleFiles: string[];
  /** The capture, resolved against the case file's folder. */
  capturePath?: string;
}

export interface CaseFile {
  file: string;
  cases: LoadedCase[];
}

function issuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  return text === '' ? '(top level)' : text;
}

/** Reads and validates a case file. `defaultRules` (the command line's --rules) serve cases that name none. */
export async function readCaseFile(file: string, defaultRules: readonly string[] = []): Promise<CaseFile> {
  const size = (await stat(file)).size;
  if (size > MAX_CASE_FILE_BYTES) throw new CaseFileError(file, [`${file}: ${size} bytes; a case file may have at most ${MAX_CASE_FILE_BYTES}`]);
  return parseCaseFile(file, await readFile(file, 'utf8'), defaultRules);
}

export function parseCaseFile(file: string, text: string, defaultRules: readonly string[] = []): CaseFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    const position = lineCounter.linePos(offset ?? 0);
    return `${file}:${position.line}:${position.col}`;
  };
  if (document.errors.length > 0) throw new CaseFileError(file, document.errors.map((error) => `${at(error.pos[0])}: YAML: ${error.message.split('\n')[0]}`));
  // Where a path of the document starts: the deepest node that exists on it.
  const offsetOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range !== undefined) return range[0];
    }
    return undefined;
  };
  const parsed = CaseFileSchema.safeParse(document.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    throw new CaseFileError(
      file,
      parsed.error.issues.map((issue) => `${at(offsetOf(issue.path))}: ${issuePath(issue.path)}: ${issue.message}`),
    );
  }
  const folder = dirname(file);
  const fromFile = (path: string): string => (isAbsolute(path) ? path : join(folder, path));
  const fileRules = parsed.data.rules?.map(fromFile);
  const problems: string[] = [];
  const cases = parsed.data.cases.map((item, index): LoadedCase => {
    const line = lineCounter.linePos(offsetOf(['cases', index]) ?? 0).line;
    const files = item.rules?.map(fromFile) ?? fileRules ?? [...defaultRules];
    if (files.length === 0) problems.push(`${file}:${line}: case ${JSON.stringify(item.name)}: no rule files: give rules: in the case or the file, or --rules`);
    return { ...item, line, ruleFiles: files, ...(item.capture !== undefined ? { capturePath: fromFile(item.capture) } : {}) };
  });
  const names = new Map<string, number>();
  for (const item of cases) {
    const first = names.get(item.name);
    if (first !== undefined) problems.push(`${file}:${item.line}: case ${JSON.stringify(item.name)}: the name is already used at line ${first}`);
    else names.set(item.name, item.line);
  }
  if (problems.length > 0) throw new CaseFileError(file, problems);
  return { file, cases };
}

/** One rule's verdict in a case. `expected` null: the rule must not fire. */
export interface CaseRuleResult {
  rule: string;
  expected: number | null;
  got: number;
  ok: boolean;
  /** Set when the rule could not be judged (not in the files, disabled, not evaluated). */
  problem?: string;
}

export interface CaseResult {
  name: string;
  file: string;
  line: number;
  ok: boolean;
  rules: CaseRuleResult[];
  /** Rules that fired although the case names them nowhere (shown, not a failure). */
  alsoFired: { rule: string; matches: number }[];
  /** Set when the case could not run at all (rule files with errors, events that cannot be built). */
  error?: string;
}

export interface CaseRunOptions {
  falcoVersion?: string;
}

/** Loads each distinct list of rule files once per run. */
class RuleSetCache {
  private readonly sets = new Map<string, Promise<RuleSet>>();
  constructor(private readonly falcoVersion: string | undefined) {}
  get(files: readonly string[]): Promise<RuleSet> {
    const key = files.map((file) => resolve(file)).join('\u0000');
    let set = this.sets.get(key);
    if (set === undefined) {
      set = loadRuleFiles([...files], { model: falcoEventModel(this.falcoVersion) });
      this.sets.set(key, set);
    }
    return set;
  }
}

function judge(item: LoadedCase, file: string, report: RuleTestReport): CaseResult {
  const byName = new Map(report.rules.map((rule) => [rule.rule, rule]));
  const expectations: [string, number | null][] = [...Object.entries(item.expect.fire), ...item.expect.not_fire.map((name): [string, null] => [name, null])];
  const rules = expectations.map(([name, expected]): CaseRuleResult => {
    const rule = byName.get(name);
    if (rule === undefined) return { rule: name, expected, got: 0, ok: false, problem: 'no rule of this name in the rule files' };
    if (!rule.enabled && !item.include_disabled) return { rule: name, expected, got: 0, ok: false, problem: 'the rule files disable it: set include_disabled: true on the case, or enable it in a rule file' };
    if (rule.skipped !== undefined) return { rule: name, expected, got: 0, ok: false, problem: `not evaluated: it ${rule.skipped}` };
    return { rule: name, expected, got: rule.matches, ok: expected === null ? rule.matches === 0 : rule.matches === expected };
  });
  const named = new Set(expectations.map(([name]) => name));
  const alsoFired = report.summary.fired.filter((rule) => !named.has(rule.rule)).map((rule) => ({ rule: rule.rule, matches: rule.matches }));
  return { name: item.name, file, line: item.line, ok: rules.every((rule) => rule.ok), rules, alsoFired };
}

/** Runs every case of the files; a failing case never stops the others. */
export async function runCaseFiles(files: readonly CaseFile[], options: CaseRunOptions = {}): Promise<CaseResult[]> {
  const cache = new RuleSetCache(options.falcoVersion);
  const dir = await mkdtemp(join(tmpdir(), 'falco-actions-cases-'));
  const results: CaseResult[] = [];
  try {
    let written = 0;
    for (const caseFile of files) {
      for (const item of caseFile.cases) {
        const failed = (error: string): CaseResult => ({ name: item.name, file: caseFile.file, line: item.line, ok: false, rules: [], alsoFired: [], error });
        const set = await cache.get(item.ruleFiles);
        if (hasErrors(set)) {
          const errors = set.problems.filter((problem) => problem.severity === 'error').map(formatProblem);
          results.push(failed(`the rule files have errors: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`));
          continue;
        }
        let capture = item.capturePath;
        if (item.events !== undefined) {
          let description;
          try {
            description = parseCaptureDescription(eventsFromFields(item.events, (index) => `events[${index}]`), `case ${JSON.stringify(item.name)}`);
          } catch (error) {
            if (!(error instanceof FieldEventError) && !(error instanceof Error && error.name === 'CaptureDescriptionError')) throw error;
            results.push(failed(error.message));
            continue;
          }
          capture = join(dir, `case-${written++}.scap`);
          await writeCapture(description, capture);
        }
        const report = await runRulesOnCapture(set, capture as string, {
          includeDisabled: item.include_disabled,
          maxEventsPerRule: 0,
          ...(options.falcoVersion !== undefined ? { falcoVersion: options.falcoVersion } : {}),
        });
        results.push(judge(item, caseFile.file, report));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

/** The readable verdict: one line per case that failed, each rule's expected vs got under it, then a
 * summary. Every line starts with our own text (names are JSON-quoted), never with hostile text. */
export function renderCaseResults(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.ok) continue;
    lines.push(`FAIL ${result.file}:${result.line} ${JSON.stringify(result.name)}`);
    if (result.error !== undefined) {
      lines.push(`  error: ${result.error.replace(/\n/g, ' ')}`);
      continue;
    }
    lines.push(`  ${'rule'.padEnd(44)} ${'expected'.padEnd(12)} got`);
    for (const rule of result.rules) {
      const expected = rule.expected === null ? 'not to fire' : `${rule.expected}x`;
      const got = rule.problem !== undefined ? `? (${rule.problem})` : `${rule.got}x`;
      lines.push(`  ${rule.ok ? ' ' : '✗'} ${JSON.stringify(rule.rule).padEnd(42)} ${expected.padEnd(12)} ${got}`);
    }
    if (result.alsoFired.length > 0) lines.push(`  also fired (not named in the case): ${result.alsoFired.map((rule) => `${JSON.stringify(rule.rule)} ${rule.matches}x`).join(', ')}`);
  }
  const failed = results.filter((result) => !result.ok).length;
  lines.push(`cases: ${results.length}, passed: ${results.length - failed}, failed: ${failed}`);
  return `${lines.join('\n')}\n`;
}
