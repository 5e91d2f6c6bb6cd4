// stop: read inputs, then stop what start began: live mode (the summary of Falco's alerts, fail-on) or
// analyze mode (stop sysdig, redact, hash, upload the capture artifact).
import { getInput, runStep } from '../src/action/step.ts';
import { resolveStateFile } from '../src/live/state.ts';
import { readStateMode } from '../src/capture/state-file.ts';
import { parseStopSettings } from '../src/settings/stop.ts';

void runStep(async (log) => {
  const settings = parseStopSettings((name) => getInput(name));
  const stateFile = resolveStateFile(process.env);
  const mode = settings.mode ?? (await readStateMode(stateFile)) ?? 'live';
  if (mode === 'analyze') {
    const [{ runCaptureStopStep }, { actionSink }, { connectDockerEngine }, { artifactUploader }] = await Promise.all([
      import('../src/capture/stop-step.ts'),
      import('../src/action/core-sink.ts'),
      import('../src/docker/connect.ts'),
      import('../src/capture/upload.ts'),
    ]);
    await runCaptureStopStep({
      stateFile,
      caller: 'stop',
      redact: settings.redactCapture,
      artifactName: settings.artifactName,
      retentionDays: settings.retentionDays,
      githubToken: settings.githubToken,
      log,
      sink: actionSink(log),
      env: process.env,
      engine: connectDockerEngine(process.env),
      uploader: artifactUploader(),
    });
    return;
  }
  const { runStopStep } = await import('../src/live/stop-step.ts');
  await runStopStep({ stateFile, caller: 'stop', failOn: settings.failOn, githubToken: settings.githubToken, verbose: settings.verbose, log, env: process.env });
});
