// start: read and validate inputs, then by mode start live monitoring (Falco) or an analyze-mode capture
// (sysdig), and leave state for stop and the post step.
// Composition root: the engine, the rule checker and @actions/core are loaded only once the inputs
// are valid (dynamic import), so that the step's first line comes without waiting for them.
import { findActionRoot } from '../src/action/action-root.ts';
import { getInput, runStep } from '../src/action/step.ts';
import { forwardingEnabled, forwardSecrets } from '../src/settings/forward.ts';
import { parseStartSettings } from '../src/settings/start.ts';
import { POST_STATE_KEY, STATE_FILE_VARIABLE } from '../src/live/hand-off.ts';
import { defaultStateFile } from '../src/live/state.ts';

void runStep(async (log) => {
  const settings = parseStartSettings((name) => getInput(name));
  // Before any other line: the forwarding's URLs, password and header values (for the post step).
  for (const secret of forwardSecrets(settings.forward)) log.setSecret(secret);
  if (settings.mode === 'analyze' && forwardingEnabled(settings.forward)) {
    log.warning('The forwarding inputs (slack-webhook-url, loki-url, webhook-url) are for live mode: in analyze mode the analyze action forwards the alerts it finds; the post step forwards nothing.');
  }
  const stateFile = defaultStateFile();
  const common = {
    log,
    clock: { now: () => Date.now() },
    actionRoot: findActionRoot(import.meta.url),
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: process.env.RUNNER_TEMP ?? '',
    stateFile,
    runId: process.env.GITHUB_RUN_ID ?? 'local',
    // start is a step process: its parent is the runner's Runner.Worker, the parent of every step.
    runnerWorkerPid: process.ppid,
  };

  if (settings.mode === 'analyze') {
    log.info(`falco-actions start: analyze mode, sysdig image ${settings.capture.sysdigImage}`);
    const [{ fileCommands }, { startCapture }, { connectDockerEngine }] = await Promise.all([
      import('../src/action/core-sink.ts'),
      import('../src/capture/start.ts'),
      import('../src/docker/connect.ts'),
    ]);
    // Saved before starting, so the post step can clean up whatever start got to.
    fileCommands.saveState(POST_STATE_KEY, stateFile);
    await startCapture({ ...settings.capture, mode: settings.mode, verbose: settings.verbose }, { ...common, engine: connectDockerEngine(process.env) });
    fileCommands.exportVariable(STATE_FILE_VARIABLE, stateFile);
    return;
  }

  log.info(`falco-actions start: live mode, Falco image ${settings.falcoImage}`);
  const [{ fileCommands }, { startLive }, { connectDockerEngine }] = await Promise.all([
    import('../src/action/core-sink.ts'),
    import('../src/live/start.ts'),
    import('../src/docker/connect.ts'),
  ]);
  // Saved before starting, so the post step can clean up whatever start got to.
  fileCommands.saveState(POST_STATE_KEY, stateFile);
  const { state } = await startLive(settings, { ...common, engine: connectDockerEngine(process.env) });
  fileCommands.exportVariable(STATE_FILE_VARIABLE, stateFile);
  fileCommands.setOutput('events-file', state.eventsFile);
});
