// start: read and validate inputs, start live monitoring, leave state for stop and the post step.
import * as core from '@actions/core';
import { findActionRoot } from '../src/action/action-root.ts';
import { coreLogger } from '../src/action/core-sink.ts';
import { failureMessage } from '../src/action/errors.ts';
import { startLive } from '../src/live/start.ts';
import { parseStartSettings } from '../src/settings/start.ts';
import { defaultStateFile, POST_STATE_KEY, STATE_FILE_VARIABLE } from '../src/live/state.ts';

async function main(): Promise<void> {
  const settings = parseStartSettings((name) => core.getInput(name));
  const stateFile = defaultStateFile();
  // Saved before starting, so the post step can clean up whatever start got to.
  core.saveState(POST_STATE_KEY, stateFile);
  const { state } = await startLive(settings, {
    actionRoot: findActionRoot(import.meta.url),
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: process.env.RUNNER_TEMP ?? '',
    stateFile,
    log: coreLogger,
  });
  core.exportVariable(STATE_FILE_VARIABLE, stateFile);
  core.setOutput('events-file', state.eventsFile);
}

main().catch((error: unknown) => core.setFailed(failureMessage(error)));
