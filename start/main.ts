// start: read and validate inputs, start live monitoring, leave state for stop and the post step.
// Composition root: the engine, the rule checker and @actions/core are loaded only once the inputs
// are valid (dynamic import), so that the step's first line comes without waiting for them.
import { findActionRoot } from '../src/action/action-root.ts';
import { getInput, runStep } from '../src/action/step.ts';
import { requireLiveMode } from '../src/settings/inputs.ts';
import { parseStartSettings } from '../src/settings/start.ts';
import { POST_STATE_KEY, STATE_FILE_VARIABLE } from '../src/live/hand-off.ts';
import { defaultStateFile } from '../src/live/state.ts';

void runStep(async (log) => {
  const settings = parseStartSettings((name) => getInput(name));
  requireLiveMode(settings.mode);
  log.info(`falco-actions start: live mode, Falco image ${settings.falcoImage}`);
  const stateFile = defaultStateFile();
  const [{ fileCommands }, { startLive }, { connectDockerEngine }] = await Promise.all([
    import('../src/action/core-sink.ts'),
    import('../src/live/start.ts'),
    import('../src/docker/connect.ts'),
  ]);
  // Saved before starting, so the post step can clean up whatever start got to.
  fileCommands.saveState(POST_STATE_KEY, stateFile);
  const { state } = await startLive(settings, {
    engine: connectDockerEngine(process.env),
    log,
    clock: { now: () => Date.now() },
    actionRoot: findActionRoot(import.meta.url),
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: process.env.RUNNER_TEMP ?? '',
    stateFile,
    runId: process.env.GITHUB_RUN_ID ?? 'local',
    // start is a step process: its parent is the runner's Runner.Worker, the parent of every step.
    runnerWorkerPid: process.ppid,
  });
  fileCommands.exportVariable(STATE_FILE_VARIABLE, stateFile);
  fileCommands.setOutput('events-file', state.eventsFile);
});
