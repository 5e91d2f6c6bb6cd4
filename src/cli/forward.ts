// `falco-actions forward FILE`: sends the alerts of a Falco JSON events file (one alert per line, as
// live mode writes it) or of an analyze JSON report to Slack, Loki and/or a Falcosidekick-style
// webhook, exactly as the actions do (src/forward). The flags are the actions' inputs, same names and
// checks (src/settings/forward.ts). Every input can also come from the environment as
// FALCO_ACTIONS_<INPUT> (FALCO_ACTIONS_LOKI_PASSWORD…): a URL or a password on a command line is
// visible to every user of the machine (ps) and kept in shell history. The CI context comes from
// --repository, --workflow, --job, --run-number, --run-url; else from the report's job; else GITHUB_*.
import { open, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isUserError, UserError } from '../action/errors.ts';
import { MARKER_RULE } from '../attribution/process.ts';
import { describeProblem, readEventsFile } from '../falco/events-file.ts';
import { fromFalcoAlert, fromReportAlert, jobContextFromEnv, jobContextFromReport, type ForwardAlert, type JobContext } from '../forward/alert.ts';
import { describeOutcome, forwardAlerts, forwardFailure, type ForwardDeps } from '../forward/forward.ts';
import { parseReport } from '../report/json-report.ts';
import { forwardingEnabled, forwardInputsSchema, parseForwardSettings } from '../settings/forward.ts';
import type { CliCommand } from './commands.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { showArgument } from './output.ts';

const INPUT_NAMES = Object.keys(forwardInputsSchema.shape);
const CONTEXT_FLAGS = ['repository', 'workflow', 'job', 'run-number', 'run-url'] as const;

const USAGE = `forward [--${INPUT_NAMES.join(' V] [--')} V] [--${CONTEXT_FLAGS.join(' V] [--')} V] EVENTS_FILE|REPORT.json`;

/** The environment variable that may carry a forwarding input instead of a flag (secrets stay off the command line). */
export function envName(input: string): string {
  return `FALCO_ACTIONS_${input.toUpperCase().replace(/-/g, '_')}`;
}

function fail(message: string, code: number): number {
  process.stderr.write(`falco-actions forward: ${message.replace(/[\r\n]+/g, ' ')}\n`);
  return code;
}

/**
 * An analyze report is JSON written with two-space indentation (serializeReport): its first line is a
 * lone "{". An events file's first line is a whole alert. Only the head is read: events files can be big.
 */
async function looksLikeReport(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return /^\uFEFF?\s*\{\s*(?:\n|$)/.test(head.subarray(0, bytesRead).toString('utf8')) && bytesRead > 0;
  } finally {
    await handle.close();
  }
}

/** GITHUB_* as the default context; a run there belongs to GITHUB_REPOSITORY, not to another --repository. */
function envContext(env: NodeJS.ProcessEnv, flags: Partial<JobContext>): JobContext {
  const job = jobContextFromEnv(env);
  return flags.repository !== undefined && flags.repository !== job.repository ? { ...job, runNumber: null, runUrl: null } : job;
}

async function readAlerts(path: string, flags: Partial<JobContext>, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<ForwardAlert[]> {
  let isReport: boolean;
  try {
    isReport = await looksLikeReport(path);
  } catch (error) {
    throw new UserError(`cannot read ${showArgument(path)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (isReport) {
    const report = parseReport(await readFile(path, 'utf8'), `the JSON report ${showArgument(path)}`);
    const job = { ...envContext(env, flags), ...withoutNulls(jobContextFromReport(report)), ...flags };
    return report.alerts.map((alert) => fromReportAlert(alert, job));
  }
  const contents = await readEventsFile(path);
  for (const problem of contents.problems.slice(0, 20)) warn(describeProblem(problem));
  const more = contents.problems.length - 20 + contents.omittedProblems;
  if (more > 0) warn(`${more} more line(s) are not Falco alerts`);
  if (contents.alerts.length === 0 && contents.problems.length > 0) {
    throw new UserError(`${showArgument(path)} holds no Falco alert: pass a Falco JSON events file (one alert per line) or an analyze JSON report`);
  }
  const job = { ...envContext(env, flags), ...flags };
  // The step marker rule's alerts are live mode's bookkeeping, not findings (the report leaves them out too).
  return contents.alerts.filter((alert) => alert.rule !== MARKER_RULE).map((alert) => fromFalcoAlert(alert, job));
}

function withoutNulls(job: JobContext): Partial<JobContext> {
  return Object.fromEntries(Object.entries(job).filter(([, value]) => value !== null)) as Partial<JobContext>;
}

/** The command with its collaborators handed in (tests give a clock; production uses the real ones). */
export async function runForward(args: string[], env: NodeJS.ProcessEnv, deps: Omit<ForwardDeps, 'log'> = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: Object.fromEntries([...INPUT_NAMES, ...CONTEXT_FLAGS].map((name) => [name, { type: 'string' as const }])),
    });
  } catch (error) {
    return fail(`${(error as Error).message}\nusage: falco-actions ${USAGE}`, EXIT_USAGE);
  }
  const { values, positionals } = parsed as { values: Record<string, string | undefined>; positionals: string[] };
  if (positionals.length !== 1) return fail(`give exactly one EVENTS_FILE or REPORT.json\nusage: falco-actions ${USAGE}`, EXIT_USAGE);
  const warn = (line: string) => process.stderr.write(`falco-actions forward: warning: ${line.replace(/[\r\n]+/g, ' ')}\n`);
  try {
    const settings = parseForwardSettings((name) => values[name] ?? env[envName(name)] ?? '');
    if (!forwardingEnabled(settings)) {
      return fail('no output: give --slack-webhook-url, --loki-url or --webhook-url (or FALCO_ACTIONS_SLACK_WEBHOOK_URL, …)', EXIT_USAGE);
    }
    const flags: Partial<JobContext> = {};
    const contextKey = { repository: 'repository', workflow: 'workflow', job: 'job', 'run-number': 'runNumber', 'run-url': 'runUrl' } as const;
    for (const flag of CONTEXT_FLAGS) {
      const value = values[flag]?.trim();
      if (value !== undefined && value !== '') flags[contextKey[flag]] = value;
    }
    const alerts = await readAlerts(positionals[0]!, flags, env, warn);
    const result = await forwardAlerts(alerts, settings, {
      ...deps,
      log: {
        info: (line) => process.stderr.write(`falco-actions forward: ${line}\n`),
        debug: () => undefined,
        warning: warn,
      },
    });
    for (const outcome of result.outputs) {
      process.stdout.write(`${describeOutcome(outcome)}\n`);
    }
    const failure = forwardFailure(result, settings);
    return failure === undefined ? EXIT_OK : fail(failure, EXIT_FAILURE);
  } catch (error) {
    if (isUserError(error)) return fail((error as Error).message, EXIT_FAILURE);
    throw error;
  }
}

export const forwardCommand: CliCommand = { name: 'forward', usage: USAGE, run: (args) => runForward(args, process.env) };
