// start's post step (job end): stop monitoring if no stop step did, and forward the alerts with start's
// forwarding inputs; harmless otherwise (a stop step that ran left nothing to stop, so nothing is sent
// twice). Nothing but the step's own protocol is loaded until there is a state to read. In analyze mode it does what stop
// does with stop's defaults (the capture redacted, the default artifact name and retention).
import { getInput, getState, runStep } from '../src/action/step.ts';
import { POST_STATE_KEY } from '../src/live/hand-off.ts';

void runStep(async (log) => {
  const saved = getState(POST_STATE_KEY);
  if (saved === '') {
    log.info('Falco monitoring was not started in this job (start stopped before starting it); nothing to stop.');
    return;
  }
  const [{ resolveStateFile }, { readStateMode }] = await Promise.all([import('../src/live/state.ts'), import('../src/capture/state-file.ts')]);
  const stateFile = resolveStateFile(process.env, saved);
  if ((await readStateMode(stateFile)) === 'analyze') {
    const { stopCaptureOnRunner } = await import('../src/capture/stop-on-runner.ts');
    await stopCaptureOnRunner({
      stateFile,
      caller: 'post',
      redact: true,
      artifactName: '',
      retentionDays: undefined,
      githubToken: getInput('github-token'),
      log,
    });
    return;
  }
  // start's own forwarding inputs (validated by start): this step stops the monitoring when no stop step did.
  const [{ runStopStep }, { parseForwardSettings, forwardSecrets }] = await Promise.all([import('../src/live/stop-step.ts'), import('../src/settings/forward.ts')]);
  const forward = parseForwardSettings((name) => getInput(name));
  for (const secret of forwardSecrets(forward)) log.setSecret(secret);
  await runStopStep({
    stateFile,
    caller: 'post',
    failOn: 'none',
    githubToken: getInput('github-token'),
    // Start validated its inputs already; here only an explicit true matters.
    verbose: getInput('verbose').toLowerCase() === 'true',
    log,
    env: process.env,
    forward,
  });
});
