// stop: read inputs, stop live monitoring, write the summary and outputs, apply fail-on.
import * as core from '@actions/core';
import { coreLogger, coreSink, failureMessage } from '../src/action/core-sink.ts';
import { publishStopOutcome } from '../src/action/publish.ts';
import { stopLive } from '../src/live/stop.ts';
import { buildLiveReport } from '../src/report/live-report.ts';
import { parseStopSettings, SettingsError } from '../src/settings/inputs.ts';
import { readState, resolveStateFile } from '../src/live/state.ts';

async function main(): Promise<void> {
  const settings = parseStopSettings((name) => core.getInput(name));
  const stateFile = resolveStateFile(process.env);
  const mode = settings.mode ?? (await readState(stateFile))?.mode ?? 'live';
  if (mode !== 'live') {
    throw new SettingsError('mode', `Input 'mode': ${mode} mode is not implemented in this version of falco-actions; use mode: live.`);
  }
  const outcome = await stopLive({
    stateFile,
    caller: 'stop',
    failOn: settings.failOn,
    githubToken: settings.githubToken,
    verbose: settings.verbose,
    log: coreLogger,
    buildReport: buildLiveReport,
  });
  await publishStopOutcome(outcome, coreSink);
}

main().catch((error: unknown) => core.setFailed(failureMessage(error)));
