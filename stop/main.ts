// stop: read inputs, stop live monitoring, write the summary and outputs, apply fail-on.
import * as core from '@actions/core';
import { coreLogger, coreSink } from '../src/action/core-sink.ts';
import { failureMessage } from '../src/action/errors.ts';
import { publishStopOutcome } from '../src/action/publish.ts';
import { stopLive } from '../src/live/stop.ts';
import { buildLiveReport } from '../src/report/live-report.ts';
import { requireLiveMode } from '../src/settings/inputs.ts';
import { parseStopSettings } from '../src/settings/stop.ts';
import { readState, resolveStateFile } from '../src/live/state.ts';

async function main(): Promise<void> {
  const settings = parseStopSettings((name) => core.getInput(name));
  const stateFile = resolveStateFile(process.env);
  const mode = settings.mode ?? (await readState(stateFile))?.mode ?? 'live';
  requireLiveMode(mode);
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
