// The metadata file stop writes next to the capture, from what stop knows when it runs: the runner's
// environment (GITHUB_*, RUNNER_*), the hand-off state of start, the capture's facts and the job's steps
// from the API. Pure: the caller reads the environment, the state and the API. Every value is cut to the
// schema's maximum instead of failing stop: a long ref or workflow name must not cost the job its
// analysis; analyze treats all of it as hostile anyway.
import type { JobStep } from '../github/schema.ts';
import type { CaptureState } from './state.ts';
import { CAPTURE_FILE_NAME, captureMetadataSchema, type CaptureMetadata } from './metadata.ts';

/** The capture's facts, as stop learned them reading and writing it. */
export interface CaptureFacts {
  redacted: boolean;
  events: number;
  bytes: number;
  sha256: string;
  truncated: boolean;
  stoppedAt: string;
}

export interface MetadataInput {
  env: NodeJS.ProcessEnv;
  state: CaptureState;
  /** The job's steps from the jobs API, or null when it did not answer. */
  steps: JobStep[] | null;
  capture: CaptureFacts;
  /** falco-actions' own version (the caller's build knows it). */
  falcoActionsVersion: string;
  jobName?: string | null;
  jobId?: number | null;
  htmlUrl?: string | null;
  sysdigVersion?: string | null;
}

/** GitHub's defaults where the runner always sets a value but a local run may not. */
const DEFAULT_SERVER_URL = 'https://github.com';
const DEFAULT_RUN_ATTEMPT = '1';
const MAX_STEPS = 1000;
const MAX_OWN_PROCESSES = 1000;

/** Cut to max UTF-16 units without leaving half a surrogate pair at the end. */
export function bounded(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function optional(value: string | null | undefined, max: number): string | null {
  return value === undefined || value === null || value === '' ? null : bounded(value, max);
}

function required(value: string | undefined, max: number, fallback: string): string {
  return bounded(value === undefined || value === '' ? fallback : value, max);
}

export function buildCaptureMetadata(input: MetadataInput): CaptureMetadata {
  const { env, state, capture } = input;
  return captureMetadataSchema.parse({
    schema: 1,
    job: {
      // An empty key, repository or run id says "not known": analyze names its artifact from the key.
      key: required(env['GITHUB_JOB'], 200, ''),
      name: optional(input.jobName, 500),
      id: input.jobId ?? null,
      htmlUrl: optional(input.htmlUrl, 2000),
      repository: required(env['GITHUB_REPOSITORY'], 300, ''),
      workflow: required(env['GITHUB_WORKFLOW'], 500, ''),
      workflowRef: optional(env['GITHUB_WORKFLOW_REF'], 1000),
      runId: required(env['GITHUB_RUN_ID'], 30, ''),
      runNumber: optional(env['GITHUB_RUN_NUMBER'], 30),
      runAttempt: required(env['GITHUB_RUN_ATTEMPT'], 10, DEFAULT_RUN_ATTEMPT),
      serverUrl: required(env['GITHUB_SERVER_URL'], 300, DEFAULT_SERVER_URL),
      eventName: optional(env['GITHUB_EVENT_NAME'], 100),
      ref: optional(env['GITHUB_REF'], 500),
      sha: optional(env['GITHUB_SHA'], 64),
    },
    runner: {
      name: optional(env['RUNNER_NAME'], 300),
      os: optional(env['RUNNER_OS'], 50),
      arch: optional(env['RUNNER_ARCH'], 50),
      workerPid: state.runnerWorkerPid ?? null,
      workspace: optional(env['GITHUB_WORKSPACE'], 4096),
    },
    capture: {
      fileName: CAPTURE_FILE_NAME,
      redacted: capture.redacted,
      sysdigImage: bounded(state.image, 500),
      snaplen: state.snaplen,
      ignoredSyscalls: state.ignoredSyscalls,
      startedAt: state.startedAt,
      readyAt: state.readyAt ?? null,
      stoppedAt: capture.stoppedAt,
      truncated: capture.truncated,
      events: capture.events,
      bytes: capture.bytes,
      sha256: capture.sha256,
    },
    steps: input.steps === null ? null : input.steps.slice(0, MAX_STEPS),
    ownProcesses: (state.ownProcesses ?? []).slice(0, MAX_OWN_PROCESSES),
    sysdigPid: state.sysdigPid ?? null,
    versions: { falcoActions: bounded(input.falcoActionsVersion, 50), sysdig: optional(input.sysdigVersion, 100) },
  });
}
