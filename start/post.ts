// start's post step (job end): stop monitoring if no stop step did; harmless otherwise.
import * as core from '@actions/core';
import { coreLogger, coreSink, failureMessage } from '../src/live/core-sink.ts';
import { publishStopOutcome } from '../src/live/publish.ts';
import { stopLive } from '../src/live/stop.ts';
import { buildLiveReport } from '../src/report/live-report.ts';
import { parseStartSettings } from '../src/settings/inputs.ts';
import { POST_STATE_KEY, resolveStateFile } from '../src/state/live-state.ts';

async function main(): Promise<void> {
  const saved = core.getState(POST_STATE_KEY);
  if (saved === '') {
    core.info('falco-actions start did not get far enough to start monitoring; nothing to stop.');
    return;
  }
  const settings = parseStartSettings((name) => core.getInput(name));
  const outcome = await stopLive({
    stateFile: resolveStateFile(process.env, saved),
    caller: 'post',
    failOn: 'none',
    githubToken: core.getInput('github-token'),
    verbose: settings.verbose,
    log: coreLogger,
    buildReport: buildLiveReport,
  });
  await publishStopOutcome(outcome, coreSink);
}

main().catch((error: unknown) => core.setFailed(failureMessage(error)));
