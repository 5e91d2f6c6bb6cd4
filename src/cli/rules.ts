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

const USAGE = `rules check [--falco-version V] [--assume-falco-defaults] FILE... | rules test [--falco-version V] [--format json|markdown] [--include-disabled] [--max-events N] [--fail-on PRIORITY] --rules FILE [--rules FILE ...] CAPTURE (V: the Falco release you run, default ${DEFAULT_FALCO_VERSION}; --fail-on: exit 1 when a rule of that priority or a more severe one fired)`;

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
        format: { type: 'string', default: 'json' },
        rules: { type: 'string', multiple: true },
        'include-disabled': { type: 'boolean', default: false },
        'max-events': { type: 'string' },
        'falco-version': { type: 'string' },
        'fail-on': { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`falco-actions rules test: ${(error as Error).message}\nusage: falco-actions ${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = values.format;
  if (format !== 'json' && format !== 'markdown') {
    process.stderr.write(`falco-actions rules test: --format must be json or markdown, not '${format}'\n`);
    return 2;
  }
  const ruleFiles = values.rules ?? [];
  if (ruleFiles.length === 0 || positionals.length !== 1) {
    process.stderr.write(`falco-actions rules test: give --rules FILE (one or more) and exactly one CAPTURE\nusage: falco-actions ${USAGE}\n`);
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
  const capture = positionals[0] as string;
  // A file that is not a capture throws ScapFormatError: the command line's main names it, exit 1.
  const progress = fileProgress(capture);
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
  }
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
