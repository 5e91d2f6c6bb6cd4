// What the monitored job hands to the analyze job, besides the capture: the artifact's layout, the
// metadata file and the hashes file. Both sides validate with these schemas; analyze treats every
// value as hostile (the monitored job could have rewritten the files before stop uploaded them).
import { z } from 'zod';
import { JobStepSchema } from '../github/schema.ts';
import { ownProcessSchema } from '../live/state.ts';

/** Files inside one capture artifact. */
export const CAPTURE_FILE_NAME = 'capture.scap';
export const METADATA_FILE_NAME = 'metadata.json';
export const HASHES_FILE_NAME = 'hashes.json';
/** Name prefix of capture artifacts; the default name is the prefix plus the job's slug. */
export const CAPTURE_ARTIFACT_PREFIX = 'falco-capture-';
/** Name prefix of the analyze job's JSON report artifact. */
export const REPORT_ARTIFACT_PREFIX = 'falco-report-';

/**
 * The default artifact name for a job: the prefix and the job's id (GITHUB_JOB, the key under `jobs:`),
 * kept to characters artifact names accept, so several monitored jobs of one run do not collide. A
 * matrix job shares its key: set `artifact-name` per matrix entry.
 */
export function defaultArtifactName(prefix: string, jobKey: string): string {
  const slug = jobKey
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${prefix}${slug === '' ? 'job' : slug}`;
}

const text = (max: number) => z.string().max(max);
const pid = z.number().int().positive();

export const captureMetadataSchema = z.object({
  schema: z.literal(1),
  /** The monitored job, from the runner's environment (GITHUB_*). */
  job: z.object({
    /** GITHUB_JOB: the job's key under `jobs:`. */
    key: text(200),
    /** The job's display name and id from the jobs API, when it answered. */
    name: text(500).nullable(),
    id: z.number().int().nullable(),
    htmlUrl: text(2000).nullable(),
    repository: text(300),
    workflow: text(500),
    /** GITHUB_WORKFLOW_REF: OWNER/REPO/.github/workflows/FILE@REF (SARIF locates findings with it). */
    workflowRef: text(1000).nullable(),
    runId: text(30),
    runNumber: text(30).nullable(),
    runAttempt: text(10),
    serverUrl: text(300),
    eventName: text(100).nullable(),
    ref: text(500).nullable(),
    sha: text(64).nullable(),
  }),
  runner: z.object({
    name: text(300).nullable(),
    os: text(50).nullable(),
    arch: text(50).nullable(),
    /** The runner's Runner.Worker: the parent of every step process of the job. */
    workerPid: pid.nullable(),
    /** GITHUB_WORKSPACE of the monitored job: files written under it are inside the workspace. */
    workspace: text(4096).nullable(),
  }),
  capture: z.object({
    fileName: z.literal(CAPTURE_FILE_NAME),
    /** Environment values and data buffers blanked (src/scap/redact.ts); false only with redact-capture: false. */
    redacted: z.boolean(),
    sysdigImage: text(500),
    snaplen: z.number().int().positive(),
    ignoredSyscalls: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).max(1000),
    startedAt: z.iso.datetime(),
    readyAt: z.iso.datetime().nullable(),
    stoppedAt: z.iso.datetime(),
    /** A tail sysdig did not finish writing (killed, disk full): its complete events are kept. */
    truncated: z.boolean(),
    events: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** This job's steps from the jobs API when stop ran (the step in progress is stop's own), or null. */
  steps: z.array(JobStepSchema).max(1000).nullable(),
  /** falco-actions' own processes (start, probes, stop or post): analyze leaves their activity out. */
  ownProcesses: z.array(ownProcessSchema).max(1000),
  /** sysdig's own process (the container's init): its activity and its children's are left out. */
  sysdigPid: pid.nullable(),
  versions: z.object({ falcoActions: text(50), sysdig: text(100).nullable() }),
});
export type CaptureMetadata = z.infer<typeof captureMetadataSchema>;

/** One executable the capture shows running, hashed on the monitored runner by stop. */
export const executableHashSchema = z.object({
  path: text(4096),
  /** null when the file could not be read (gone, unreadable): `error` says why. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  error: text(500).optional(),
  size: z.number().int().nonnegative().optional(),
  /** How many executions of this path the capture holds. */
  executions: z.number().int().nonnegative(),
});
export type ExecutableHash = z.infer<typeof executableHashSchema>;

export const hashesFileSchema = z.object({
  schema: z.literal(1),
  algorithm: z.literal('sha256'),
  executables: z.array(executableHashSchema).max(100_000),
  /** Executables left unhashed because the per-run cap was reached. */
  skipped: z.number().int().nonnegative(),
});
export type HashesFile = z.infer<typeof hashesFileSchema>;
