// `falco-actions rules check FILE...` and `falco-actions rules test [--format json|markdown] --rules FILE
// [--rules FILE ...] CAPTURE`: validate rule files, and run them on a capture without Falco.
import { parseArgs } from 'node:util';
import { formatProblem, hasErrors, loadRuleFiles } from '../rules/index.ts';
import { renderRuleTestMarkdown, runRulesOnCapture } from '../rules/run.ts';
import type { CliCommand } from './commands.ts';

const USAGE = 'rules check FILE... | rules test [--format json|markdown] [--include-disabled] [--max-events N] --rules FILE [--rules FILE ...] CAPTURE';

async function check(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('falco-actions rules check: name at least one rules file\n');
    return 2;
  }
  const set = await loadRuleFiles(files);
  for (const problem of set.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(set)) return 1;
  process.stdout.write(`${files.join(', ')}: ${set.rules.length} rules, ${set.macros.size} macros, ${set.lists.size} lists: OK\n`);
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
  const set = await loadRuleFiles(ruleFiles);
  for (const problem of set.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(set)) {
    process.stderr.write('falco-actions rules test: fix the rule files first (see the errors above)\n');
    return 1;
  }
  const report = await runRulesOnCapture(set, positionals[0] as string, {
    includeDisabled: values['include-disabled'] === true,
    ...(maxEventsPerRule !== undefined ? { maxEventsPerRule } : {}),
  });
  process.stdout.write(format === 'json' ? `${JSON.stringify(report)}\n` : renderRuleTestMarkdown(report));
  return 0;
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
