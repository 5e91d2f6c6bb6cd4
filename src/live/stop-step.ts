// What the stop action and start's post step share: find the monitoring start left, and when there
// is some, load the engine and the report (dynamic import: neither is needed to say there is nothing
// to stop), stop it and publish what was found, then forward the alerts when the step's inputs name an
// output (stop's, or start's for the post step).
import { logQuoted } from '../action/log-quote.ts';
import type { ActionSink } from '../action/publish.ts';
import type { StepLog } from '../action/step.ts';
import { thisJobFromEnv } from '../github/run.ts';
import { forwardingEnabled, type ForwardSettings } from '../settings/forward.ts';
import type { FailOn } from '../settings/stop.ts';
import type { LiveForwardDeps } from './forward-alerts.ts';
import { monitoringToStop, stopLive, type StopOutcome } from './stop.ts';

export interface StopStepOptions {
  stateFile: string;
  caller: 'stop' | 'post';
  failOn: FailOn;
  githubToken: string;
  verbose: boolean;
  log: StepLog;
  env: NodeJS.ProcessEnv;
  /** Where the alerts also go (stop's forwarding inputs, start's for the post step); undefined or none configured: nowhere. */
  forward?: ForwardSettings;
}

export interface PublishDeps {
  sink: ActionSink;
  log: StepLog;
  env: NodeJS.ProcessEnv;
  forward?: ForwardSettings;
  /** The forwarding's fetch, clock and budget: tests only. */
  forwardDeps?: LiveForwardDeps['forward'];
}

/**
 * Publishes what stop found (summary, annotations, outputs, fail-on), then forwards the alerts: a slow
 * or unreachable receiver never holds back or loses the summary.
 */
export async function publishAndForward(outcome: StopOutcome, deps: PublishDeps): Promise<void> {
  const forward = deps.forward;
  const forwarding = outcome.kind === 'stopped' && forward !== undefined && (forwardingEnabled(forward) || forward.notes.length > 0);
  const { publishStopOutcome } = await import('../action/publish.ts');
  if (!forwarding || outcome.kind !== 'stopped') {
    await publishStopOutcome(outcome, deps.sink);
    return;
  }
  const { forwardLiveAlerts, FORWARD_SUMMARY_RESERVE_BYTES } = await import('./forward-alerts.ts');
  await publishStopOutcome(outcome, deps.sink, { summaryReserveBytes: FORWARD_SUMMARY_RESERVE_BYTES });
  await forwardLiveAlerts(outcome.report, forward, { sink: deps.sink, log: deps.log, env: deps.env, ...(deps.forwardDeps ? { forward: deps.forwardDeps } : {}) });
}

export async function runStopStep(options: StopStepOptions): Promise<void> {
  const found = await monitoringToStop(options.stateFile);
  if (found.kind !== 'running') {
    // Names the state file, whose path the job can set (FALCO_ACTIONS_STATE_FILE): quoted.
    logQuoted(options.log, found.message);
    return;
  }
  const [{ actionSink }, { connectDockerEngine }, { buildLiveReport }] = await Promise.all([
    import('../action/core-sink.ts'),
    import('../docker/connect.ts'),
    import('../report/live-report.ts'),
  ]);
  const outcome = await stopLive(found.state, {
    engine: connectDockerEngine(options.env),
    log: options.log,
    clock: { now: () => Date.now() },
    buildReport: buildLiveReport,
    github: thisJobFromEnv(options.env, options.githubToken),
    stateFile: options.stateFile,
    caller: options.caller,
    failOn: options.failOn,
    verbose: options.verbose,
  });
  await publishAndForward(outcome, { sink: actionSink(options.log), log: options.log, env: options.env, ...(options.forward ? { forward: options.forward } : {}) });
}
