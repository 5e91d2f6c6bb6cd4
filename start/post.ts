// start's post step (job end): stop monitoring if no stop step did; harmless otherwise.
import { getInput, getState, runStep } from '../src/action/step.ts';
import { POST_STATE_KEY, resolveStateFile } from '../src/live/state.ts';
import { runStopStep } from '../src/live/stop-step.ts';

void runStep(async (log) => {
  const saved = getState(POST_STATE_KEY);
  if (saved === '') {
    log.info('Falco monitoring was not started in this job (start stopped before starting it); nothing to stop.');
    return;
  }
  await runStopStep({
    stateFile: resolveStateFile(process.env, saved),
    caller: 'post',
    failOn: 'none',
    githubToken: getInput('github-token'),
    // Start validated its inputs already; here only an explicit true matters.
    verbose: getInput('verbose').toLowerCase() === 'true',
    log,
    env: process.env,
  });
});
