// `falco-actions rules check [--falco-version V] [--assume-falco-defaults] FILE...` and `falco-actions rules test [--falco-version V] [--format json|markdown] --rules FILE
// [--rules FILE ...] CAPTURE`: validate rule files, and run them on a capture without Falco.
import { parseArgs } from 'node:util';
import { formatProblem, hasErrors, loadRuleFiles, parsePriority, PRIORITIES } from '../rules/index.ts';
import { assumedNamesWarning, checkRuleFiles } from '../rules/check.ts';
import { firedAtOrAbove, renderRuleTestMarkdown, runRulesOnCapture } from '../rules/run.ts';
import { describeDamage } from '../scap/damage.ts';
import { EXIT_DAMAGED, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { DEFAULT_FALCO_VERSION, falcoEventModel, FalcoVersionError, type FalcoEventModel } from '../rules/falco-version.ts';
import type { CliCommand } from './commands.ts';
import { fileProgress } from './progress.ts';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFileError, MAX_CASE_FILE_BYTES, readCaseFile, renderCaseResults, runCaseFiles } from '../rules/cases.ts';
import { eventsFromFields, FieldEventError, FieldEventSchema, type FieldEvent } from '../rules/events-from-fields.ts';
import { CaptureDescriptionError, parseCaptureDescription, writeCapture, type CaptureDescription } from '../scap/writer/index.ts';
import { fileProblem, isSystemError } from './errors.ts';
import { showArgument } from './output.ts';

const USAGE = `rules check [--falco-version V] [--assume-falco-defaults] FILE... | rules test [--falco-version V] [--format json|markdown] [--include-disabled] [--max-events N] [--fail-on PRIORITY] --rules FILE [--rules FILE ...] (CAPTURE | --event JSON [--event JSON ...] | --events FILE.jsonl) | rules test [--falco-version V] [--format text|json] [--rules FILE ...] --expect CASES.yaml [--expect CASES.yaml ...] (V: the Falco release you run, default ${DEFAULT_FALCO_VERSION}; --fail-on: exit 1 when a rule of that priority or a more severe one fired; --event: one event as Falco field values, e.g. '{"evt.type":"execve","proc.name":"nc"}'; --expect: cases of events or captures and the rules that must (not) fire, exit 1 on a mismatch)`;

/** --falco-version, as the actions' falco-version input: which Falco's counting and warnings to follow. */
function eventModel(command: string, value: string | undefined): FalcoEventModel | undefined {
  try {
    return falcoEventModel(value);
  } catch (error) {
    if (!(error instanceof FalcoVersionError)) throw error;
    process.stderr.write(`falco-actions rules ${command}: ${error.message}\n`);
    return undefined;
  }
}

async function check(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { 'falco-version': { type: 'string' }, 'assume-falco-defaults': { type: 'boolean', default: false } } });
  } catch (error) {
    process.stderr.write(`falco-actions rules check: ${(error as Error).message}\nusage: falco-actions ${USAGE}\n`);
    return 2;
  }
  const files = parsed.positionals;
  if (files.length === 0) {
    process.stderr.write('falco-actions rules check: name at least one rules file\n');
    return 2;
  }
  const model = eventModel('check', parsed.values['falco-version']);
  if (model === undefined) return 2;
  // The same check as live start's pre-flight (src/rules/check.ts); with --assume-falco-defaults it takes
  // start's view too: Falco's default rules load first, so names they may define are not errors.
  const result = await checkRuleFiles(files, { model, assumeFalcoDefaults: parsed.values['assume-falco-defaults'] === true });
  for (const problem of result.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const assumed = assumedNamesWarning(result);
  if (assumed !== undefined) process.stderr.write(`warning: ${assumed}\n`);
  if (result.problems.some((problem) => problem.severity === 'error')) return 1;
  process.stdout.write(`${files.join(', ')}: ${result.rules} rules, ${result.macros} macros, ${result.lists} lists: OK\n`);
  return 0;
}

async function test(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        rules: { type: 'string', multiple: true },
        'include-disabled': { type: 'boolean', default: false },
        'max-events': { type: 'string' },
        'falco-version': { type: 'string' },
        'fail-on': { type: 'string' },
        event: { type: 'string', multiple: true },
        events: { type: 'string' },
        expect: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    process.stderr.write(`falco-actions rules test: ${(error as Error).message}\nusage: falco-actions ${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.expect !== undefined) {
    if (positionals.length > 0 || values.event !== undefined || values.events !== undefined) {
      process.stderr.write(`falco-actions rules test: --expect runs the cases' own events and captures: give no CAPTURE, --event or --events with it\nusage: falco-actions ${USAGE}\n`);
      return EXIT_USAGE;
    }
    // A case says what it expects itself: these would be silently ignored.
    const ignored = (['fail-on', 'max-events', 'include-disabled'] as const).find((option) => values[option] !== undefined && values[option] !== false);
    if (ignored !== undefined) {
      process.stderr.write(`falco-actions rules test: --${ignored} does not apply to --expect (a case names the rules and counts it expects${ignored === 'include-disabled' ? '; set include_disabled: true on the case' : ''})\n`);
      return EXIT_USAGE;
    }
    return expectCases(values.expect, values.rules ?? [], values.format, values['falco-version']);
  }
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'markdown') {
    process.stderr.write(`falco-actions rules test: --format must be json or markdown, not '${format}'\n`);
    return 2;
  }
  const ruleFiles = values.rules ?? [];
  const fromFields = values.event !== undefined || values.events !== undefined;
  if (ruleFiles.length === 0 || positionals.length !== (fromFields ? 0 : 1)) {
    process.stderr.write(`falco-actions rules test: give --rules FILE (one or more) and exactly one CAPTURE, or --event/--events instead of the CAPTURE\nusage: falco-actions ${USAGE}\n`);
    return 2;
  }
  let maxEventsPerRule: number | undefined;
  if (values['max-events'] !== undefined) {
    maxEventsPerRule = Number(values['max-events']);
    if (!Number.isInteger(maxEventsPerRule) || maxEventsPerRule < 0) {
      process.stderr.write(`falco-actions rules test: --max-events must be a whole number, not '${values['max-events']}'\n`);
      return 2;
    }
  }
  const failOn = values['fail-on'] === undefined ? undefined : parsePriority(values['fail-on']);
  if (values['fail-on'] !== undefined && failOn === undefined) {
    process.stderr.write(`falco-actions rules test: --fail-on must be a Falco priority (${PRIORITIES.join(', ')}), not ${JSON.stringify(values['fail-on'])}\n`);
    return EXIT_USAGE;
  }
  const model = eventModel('test', values['falco-version']);
  if (model === undefined) return 2;
  const set = await loadRuleFiles(ruleFiles, { model });
  for (const problem of set.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(set)) {
    process.stderr.write('falco-actions rules test: fix the rule files first (see the errors above)\n');
    return 1;
  }
  let capture = positionals[0] as string;
  let built: { dir: string; label: string } | undefined;
  if (fromFields) {
    const made = await captureFromFields(values.event ?? [], values.events);
    if (typeof made === 'number') return made;
    built = made;
    capture = join(made.dir, 'events.scap');
    await writeCapture(made.description, capture);
  }
  // A file that is not a capture throws ScapFormatError: the command line's main names it, exit 1.
  const progress = built === undefined ? fileProgress(capture) : { update: () => undefined, done: () => undefined };
  let report;
  try {
    report = await runRulesOnCapture(set, capture, {
      includeDisabled: values['include-disabled'] === true,
      falcoVersion: model.falcoVersion,
      onProgress: (bytes, events) => progress.update(bytes, events),
      ...(maxEventsPerRule !== undefined ? { maxEventsPerRule } : {}),
    });
  } finally {
    progress.done();
    if (built !== undefined) await rm(built.dir, { recursive: true, force: true });
  }
  if (built !== undefined) report = { ...report, capture: built.label };
  const output = format === 'json' ? `${JSON.stringify(report)}\n` : renderRuleTestMarkdown(report);
  await new Promise<void>((resolve, reject) => process.stdout.write(output, (error) => (error ? reject(error) : resolve())));
  if (report.damage !== null) {
    process.stderr.write(`falco-actions rules test: ${describeDamage(capture, report.damage)} (the report lists each damaged region)\n`);
  }
  // A rule that fired at --fail-on is what a CI gate asks about: it decides the exit code, damage or not.
  if (failOn !== undefined && firedAtOrAbove(report, failOn)) {
    const fired = report.summary.fired.filter((rule) => PRIORITIES.indexOf(rule.priority) <= PRIORITIES.indexOf(failOn));
    process.stderr.write(`falco-actions rules test: ${fired.length} ${fired.length === 1 ? 'rule' : 'rules'} at ${failOn} or above fired (--fail-on ${failOn}): ${fired.map((rule) => `${JSON.stringify(rule.rule)} ${rule.matches}x`).join(', ')}\n`);
    return EXIT_FAILURE;
  }
  return report.damage === null ? EXIT_OK : EXIT_DAMAGED;
}

/** The capture description of --event values and --events lines, or the exit code of a problem (said). */
async function captureFromFields(events: string[], eventsFile: string | undefined): Promise<{ dir: string; label: string; description: CaptureDescription } | number> {
  const say = (problem: string): number => {
    process.stderr.write(`falco-actions rules test: ${problem}\n`);
    return EXIT_FAILURE;
  };
  const given: { where: string; text: string }[] = events.map((text, index) => ({ where: `--event ${index + 1}`, text }));
  if (eventsFile !== undefined) {
    let text: string;
    try {
      const size = (await stat(eventsFile)).size;
      if (size > MAX_CASE_FILE_BYTES) return say(`--events ${showArgument(eventsFile)}: ${size} bytes; at most ${MAX_CASE_FILE_BYTES}`);
      text = await readFile(eventsFile, 'utf8');
    } catch (error) {
      if (!isSystemError(error)) throw error;
      return say(fileProblem('read', eventsFile, error));
    }
    text.split('\n').forEach((line, index) => {
      if (line.trim() !== '') given.push({ where: `${showArgument(eventsFile)}:${index + 1}`, text: line });
    });
  }
  const fieldEvents: FieldEvent[] = [];
  for (const { where, text } of given) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return say(`${where}: not valid JSON: ${(error as Error).message}`);
    }
    const parsed = FieldEventSchema.safeParse(json);
    if (!parsed.success) return say(`${where}: give one JSON object of Falco field values (strings, numbers, booleans; proc.args may be a list of strings), e.g. {"evt.type":"execve","proc.name":"nc"}`);
    fieldEvents.push(parsed.data);
  }
  let description: CaptureDescription;
  try {
    description = parseCaptureDescription(eventsFromFields(fieldEvents, (index) => given[index]?.where ?? `event ${index + 1}`), 'the events');
  } catch (error) {
    if (error instanceof FieldEventError || error instanceof CaptureDescriptionError) return say(error.message);
    throw error;
  }
  const dir = await mkdtemp(join(tmpdir(), 'falco-actions-events-'));
  return { dir, label: `(${given.length} ${given.length === 1 ? 'event' : 'events'} from field values)`, description };
}

async function expectCases(files: string[], rules: string[], format: string | undefined, falcoVersion: string | undefined): Promise<number> {
  const chosen = format === 'json' ? 'json' : 'text';
  if (format !== undefined && format !== 'json' && format !== 'text') {
    process.stderr.write(`falco-actions rules test: with --expect, --format must be text or json, not ${showArgument(format)}\n`);
    return EXIT_USAGE;
  }
  const model = eventModel('test', falcoVersion);
  if (model === undefined) return EXIT_USAGE;
  const caseFiles = [];
  for (const file of files) {
    try {
      caseFiles.push(await readCaseFile(file, rules));
    } catch (error) {
      if (error instanceof CaseFileError) {
        process.stderr.write(`falco-actions rules test: ${error.message}\n`);
        return EXIT_FAILURE;
      }
      if (!isSystemError(error)) throw error;
      process.stderr.write(`falco-actions rules test: ${fileProblem('read', file, error)}\n`);
      return EXIT_FAILURE;
    }
  }
  const results = await runCaseFiles(caseFiles, { falcoVersion: model.falcoVersion });
  const output = chosen === 'json' ? `${JSON.stringify({ cases: results })}\n` : renderCaseResults(results);
  await new Promise<void>((resolve, reject) => process.stdout.write(output, (error) => (error ? reject(error) : resolve())));
  return results.every((result) => result.ok) ? EXIT_OK : EXIT_FAILURE;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'check') return check(rest);
    if (sub === 'test') return test(rest);
    process.stderr.write(`usage: falco-actions ${USAGE}\n`);
    return sub === undefined || sub === '--help' ? 0 : 2;
  },
};
