// start's post step (job end): stop monitoring if no stop step did; harmless otherwise.
import * as core from '@actions/core';
import { coreLogger, coreSink } from '../src/action/core-sink.ts';
import { failureMessage } from '../src/action/errors.ts';
import { publishStopOutcome } from '../src/action/publish.ts';
import { stopLive } from '../src/live/stop.ts';
import { buildLiveReport } from '../src/report/live-report.ts';
import { POST_STATE_KEY, resolveStateFile } from '../src/live/state.ts';

async function main(): Promise<void> {
  const saved = core.getState(POST_STATE_KEY);
  if (saved === '') {
    core.info('Falco monitoring was not started in this job (start stopped before starting it); nothing to stop.');
    return;
  }
  const outcome = await stopLive({
    stateFile: resolveStateFile(process.env, saved),
    caller: 'post',
    failOn: 'none',
    githubToken: core.getInput('github-token'),
    // Start validated its inputs already; here only an explicit true matters.
    verbose: core.getInput('verbose').trim().toLowerCase() === 'true',
    log: coreLogger,
    buildReport: buildLiveReport,
  });
  await publishStopOutcome(outcome, coreSink);
}

main().catch((error: unknown) => core.setFailed(failureMessage(error)));
