// stop: read inputs, stop live monitoring, write the summary and outputs, apply fail-on.
import { getInput, runStep } from '../src/action/step.ts';
import { readState, resolveStateFile } from '../src/live/state.ts';
import { runStopStep } from '../src/live/stop-step.ts';
import { requireLiveMode } from '../src/settings/inputs.ts';
import { parseStopSettings } from '../src/settings/stop.ts';

void runStep(async (log) => {
  const settings = parseStopSettings((name) => getInput(name));
  const stateFile = resolveStateFile(process.env);
  requireLiveMode(settings.mode ?? (await readState(stateFile))?.mode ?? 'live');
  await runStopStep({ stateFile, caller: 'stop', failOn: settings.failOn, githubToken: settings.githubToken, verbose: settings.verbose, log, env: process.env });
});
