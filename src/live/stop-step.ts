// What the stop action and start's post step share: find the monitoring start left, and when there
// is some, load the engine and the report (dynamic import: neither is needed to say there is nothing
// to stop), stop it and publish what was found.
import { logQuoted } from '../action/log-quote.ts';
import type { StepLog } from '../action/step.ts';
import { thisJobFromEnv } from '../github/run.ts';
import type { FailOn } from '../settings/stop.ts';
import { monitoringToStop, stopLive } from './stop.ts';

export interface StopStepOptions {
  stateFile: string;
  caller: 'stop' | 'post';
  failOn: FailOn;
  githubToken: string;
  verbose: boolean;
  log: StepLog;
  env: NodeJS.ProcessEnv;
}

export async function runStopStep(options: StopStepOptions): Promise<void> {
  const found = await monitoringToStop(options.stateFile);
  if (found.kind !== 'running') {
    // Names the state file, whose path the job can set (FALCO_ACTIONS_STATE_FILE): quoted.
    logQuoted(options.log, found.message);
    return;
  }
  const [{ actionSink }, { publishStopOutcome }, { connectDockerEngine }, { buildLiveReport }] = await Promise.all([
    import('../action/core-sink.ts'),
    import('../action/publish.ts'),
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
  await publishStopOutcome(outcome, actionSink(options.log));
}
