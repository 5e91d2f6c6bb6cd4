// stop: read inputs, then stop what start began: live mode (the summary of Falco's alerts, fail-on) or
// analyze mode (stop sysdig, redact, hash, upload the capture artifact).
import { getInput, runStep } from '../src/action/step.ts';
import { resolveStateFile } from '../src/live/state.ts';
import { readStateMode } from '../src/capture/state-file.ts';
import { forwardingEnabled, forwardSecrets } from '../src/settings/forward.ts';
import { parseStopSettings } from '../src/settings/stop.ts';

void runStep(async (log) => {
  const settings = parseStopSettings((name) => getInput(name));
  // Before any other line: the forwarding's URLs, password and header values, which the runner masks
  // only when they come from `secrets.`.
  for (const secret of forwardSecrets(settings.forward)) log.setSecret(secret);
  const stateFile = resolveStateFile(process.env);
  const mode = settings.mode ?? (await readStateMode(stateFile)) ?? 'live';
  if (mode === 'analyze') {
    if (forwardingEnabled(settings.forward)) {
      log.warning('The forwarding inputs (slack-webhook-url, loki-url, webhook-url) are for live mode: in analyze mode the analyze action forwards the alerts it finds; nothing is forwarded here.');
    }
    const { stopCaptureOnRunner } = await import('../src/capture/stop-on-runner.ts');
    await stopCaptureOnRunner({
      stateFile,
      caller: 'stop',
      redact: settings.redactCapture,
      artifactName: settings.artifactName,
      retentionDays: settings.retentionDays,
      githubToken: settings.githubToken,
      log,
    });
    return;
  }
  const { runStopStep } = await import('../src/live/stop-step.ts');
  await runStopStep({ stateFile, caller: 'stop', failOn: settings.failOn, githubToken: settings.githubToken, verbose: settings.verbose, log, env: process.env, forward: settings.forward });
});
