// Composition for stop and start's post step in analyze mode: the real collaborators (the step's file
// commands, the Docker engine, the artifact client) handed to runCaptureStopStep, loaded only here.
import type { StepLog } from '../action/step.ts';
import type { CaptureStopStepOptions } from './stop-step.ts';

export type CaptureStopOnRunner = Pick<CaptureStopStepOptions, 'stateFile' | 'caller' | 'redact' | 'artifactName' | 'retentionDays' | 'githubToken'> & { log: StepLog };

export async function stopCaptureOnRunner(options: CaptureStopOnRunner): Promise<void> {
  const [{ runCaptureStopStep }, { actionSink }, { connectDockerEngine }, { artifactUploader }] = await Promise.all([
    import('./stop-step.ts'),
    import('../action/core-sink.ts'),
    import('../docker/connect.ts'),
    import('./upload.ts'),
  ]);
  await runCaptureStopStep({
    ...options,
    sink: actionSink(options.log),
    env: process.env,
    engine: connectDockerEngine(process.env),
    uploader: artifactUploader(),
  });
}
