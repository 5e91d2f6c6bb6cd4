// stop and start's post step in analyze mode: stop sysdig (the capture is closed properly), write the
// upload folder (the redacted capture and the hashes: src/capture/stop.ts; the metadata with this job's
// step timeline from the jobs API), upload it as one artifact, and say what was uploaded. The monitoring
// is marked stopped first, so a second stop (or the post step after stop) does nothing; the work folder
// is removed on every path.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionSink } from '../action/publish.ts';
import { thisProcess } from '../live/state.ts';
import { FALCO_ACTIONS_VERSION } from '../action/version.ts';
import { listRunAttemptJobs, selectThisJob, GitHubApiError } from '../github/jobs.ts';
import { thisJobFromEnv } from '../github/run.ts';
import type { JobStep } from '../github/schema.ts';
import { plainLine } from '../report/escape.ts';
import type { DockerEngine } from '../docker/engine.ts';
import type { StepLog } from '../action/step.ts';
import { buildCaptureMetadata } from './collect-metadata.ts';
import { CAPTURE_ARTIFACT_PREFIX, defaultArtifactName, METADATA_FILE_NAME } from './metadata.ts';
import { readCaptureState, writeCaptureState } from './state-file.ts';
import { stopCapture } from './stop.ts';

export interface CaptureUploader {
  /** Uploads files (all directly in rootDir) as one artifact; returns its id and size. */
  upload(name: string, files: string[], rootDir: string, retentionDays: number | undefined): Promise<{ id?: number | undefined; size?: number | undefined }>;
}

export interface CaptureStopStepOptions {
  stateFile: string;
  caller: 'stop' | 'post';
  redact: boolean;
  artifactName: string;
  retentionDays: number | undefined;
  githubToken: string;
  log: StepLog;
  sink: ActionSink;
  env: NodeJS.ProcessEnv;
  engine: Pick<DockerEngine, 'stopContainer' | 'removeContainer'>;
  uploader: CaptureUploader;
  now?: () => Date;
}

async function jobSteps(env: NodeJS.ProcessEnv, token: string): Promise<{ steps: JobStep[] | null; name: string | null; htmlUrl: string | null; problem?: string }> {
  if (token === '') return { steps: null, name: null, htmlUrl: null, problem: 'no github-token' };
  const github = thisJobFromEnv(env, token);
  try {
    const chosen = selectThisJob(await listRunAttemptJobs(github), github.runnerName, github.job);
    if (chosen instanceof GitHubApiError) return { steps: null, name: null, htmlUrl: null, problem: chosen.message };
    return { steps: chosen.job.steps ?? null, name: chosen.job.name, htmlUrl: chosen.job.html_url ?? null };
  } catch (error) {
    return { steps: null, name: null, htmlUrl: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

export async function runCaptureStopStep(options: CaptureStopStepOptions): Promise<void> {
  const { log, sink } = options;
  const state = await readCaptureState(options.stateFile);
  if (state === undefined) {
    log.info('No capture was started in this job (start stopped before starting it); nothing to stop.');
    return;
  }
  if (state.stoppedAt !== undefined) {
    log.info(`The capture was already stopped by ${state.stoppedBy ?? 'stop'} at ${state.stoppedAt}; nothing to do.`);
    return;
  }
  const now = options.now ?? (() => new Date());
  const stopper = thisProcess(options.caller);
  const stopped = { ...state, stoppedAt: now().toISOString(), stoppedBy: options.caller, ownProcesses: [...(state.ownProcesses ?? []), stopper] };
  await writeCaptureState(options.stateFile, stopped);
  const outDir = join(state.workDir, 'artifact');
  try {
    await mkdir(outDir, { recursive: true });
    const result = await stopCapture(stopped, { engine: options.engine, log, redact: options.redact, outDir });
    if (!options.redact) {
      sink.warning('redact-capture is false: the capture artifact holds every process environment and the data of reads and writes, secrets included. Keep it private.', { title: 'falco-actions: capture not redacted' });
    }
    const job = await jobSteps(options.env, options.githubToken);
    if (job.problem !== undefined) log.info(`The job's step timeline is not in the metadata (${plainLine(job.problem, 200)}): analyze will name actions, not steps.`);
    const metadata = buildCaptureMetadata({
      env: options.env,
      state: stopped,
      steps: job.steps,
      capture: { redacted: options.redact, events: result.events, bytes: result.bytes, sha256: result.sha256, truncated: result.truncated, stoppedAt: stopped.stoppedAt },
      falcoActionsVersion: FALCO_ACTIONS_VERSION,
      jobName: job.name,
      htmlUrl: job.htmlUrl,
    });
    const metadataFile = join(outDir, METADATA_FILE_NAME);
    await writeFile(metadataFile, `${JSON.stringify(metadata, null, 2)}\n`);
    const name = options.artifactName !== '' ? options.artifactName : defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, options.env.GITHUB_JOB ?? 'job');
    const uploaded = await options.uploader.upload(name, [...result.files, metadataFile], outDir, options.retentionDays);
    sink.setOutput('artifact-name', name);
    await sink.appendSummary(
      [
        '### falco-actions: capture uploaded',
        '',
        `- artifact \`${name}\`${uploaded.id === undefined ? '' : ` (id ${uploaded.id})`}: ${result.events} events, ${result.bytes} bytes${result.truncated ? ', the last block was cut short (its complete events are kept)' : ''}`,
        `- ${options.redact ? 'redacted: environment values and read/write data blanked (DNS kept)' : '**not redacted**: the artifact holds environment values and read/write data'}`,
        `- the analyze job (\`uses: …/analyze\`) reports what the job did`,
        '',
      ].join('\n'),
    );
    log.info(`Capture artifact ${name} uploaded: ${result.events} events, ${result.bytes} bytes.`);
  } finally {
    await rm(state.workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
