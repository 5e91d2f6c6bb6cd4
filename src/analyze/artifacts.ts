// The analyze job's artifacts: find the capture artifacts the monitored jobs uploaded (this run's, or
// another run's through the REST API: findBy), download each into a folder of its own, and upload the
// JSON report. The client is @actions/artifact's, handed in (the main loads it lazily); its errors
// become UserErrors that say which artifact, which run and what to check. Nothing here trusts an
// artifact's content: the report pipeline validates the files it reads.
import type { Artifact, ArtifactClient, FindOptions } from '@actions/artifact';
import { lstat, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../action/errors.ts';
import {
  CAPTURE_ARTIFACT_PREFIX,
  CAPTURE_FILE_NAME,
  defaultArtifactName,
  HASHES_FILE_NAME,
  METADATA_FILE_NAME,
  REPORT_ARTIFACT_PREFIX,
} from '../capture/metadata.ts';
import { apiErrorMessage } from '../github/errors.ts';

/** Where the artifacts are: this run (runId undefined), or another run of a repository through the REST API. */
export interface ArtifactRun {
  runId: number | undefined;
  /** owner/repo (GITHUB_REPOSITORY): the repository of the other run. */
  repository: string;
  /** Reads the other run's artifacts (needs actions: read); unused for this run. */
  token: string;
}

export interface CaptureArtifact {
  id: number;
  name: string;
  digest: string | undefined;
  /** The monitored job as the artifact's name tells it (the default name's slug), or null for a custom name. */
  jobSlug: string | null;
}

/** One downloaded capture artifact: its folder and the files in it (null: the file is not there). */
export interface DownloadedCapture {
  artifact: CaptureArtifact;
  directory: string;
  captureFile: string;
  metadataFile: string | null;
  hashesFile: string | null;
}

export interface CaptureArtifacts {
  /** The capture artifacts to analyze: those named, or every falco-capture-* one. Throws UserError when one is missing. */
  find(names: readonly string[]): Promise<CaptureArtifact[]>;
  download(artifact: CaptureArtifact, into: string): Promise<DownloadedCapture>;
  /** Uploads one file as the report artifact of that capture; returns the artifact's id. */
  uploadReport(capture: CaptureArtifact, file: string, retentionDays?: number): Promise<{ name: string; id: number | undefined }>;
}

/** falco-capture-build -> build; a name without the prefix -> null. */
export function jobSlugOf(artifactName: string): string | null {
  return artifactName.startsWith(CAPTURE_ARTIFACT_PREFIX) && artifactName.length > CAPTURE_ARTIFACT_PREFIX.length
    ? artifactName.slice(CAPTURE_ARTIFACT_PREFIX.length)
    : null;
}

/** The report artifact of a capture artifact: falco-capture-build -> falco-report-build; any other name keeps its slug. */
export function reportArtifactName(captureArtifactName: string): string {
  return defaultArtifactName(REPORT_ARTIFACT_PREFIX, jobSlugOf(captureArtifactName) ?? captureArtifactName);
}

const READ_HINT = 'The analyze job needs `permissions: { actions: read }`';

function describeRun(run: ArtifactRun): string {
  return run.runId === undefined ? 'this workflow run' : `workflow run ${run.runId} of ${run.repository}`;
}

/** The client's message with the token taken out (a proxy may echo it), on one line. */
const clientMessage = (error: unknown, token: string): string => apiErrorMessage(error, token, 300);

function findOptions(run: ArtifactRun): FindOptions {
  if (run.runId === undefined) return {};
  const [owner, name, ...rest] = run.repository.split('/');
  if (!owner || !name || rest.length > 0) {
    throw new UserError(`Cannot read the artifacts of run ${run.runId}: the repository "${run.repository}" is not in the form owner/repo (GITHUB_REPOSITORY).`);
  }
  if (run.token === '') {
    throw new UserError(`Cannot read the artifacts of run ${run.runId} without a token.`, "Set the input 'github-token' (default: the job's GITHUB_TOKEN, with `permissions: { actions: read }`).");
  }
  return { findBy: { token: run.token, workflowRunId: run.runId, repositoryOwner: owner, repositoryName: name } };
}

function missingArtifactError(name: string, run: ArtifactRun, present: readonly string[]): UserError {
  const slug = jobSlugOf(name);
  const producer = slug === null ? `the monitored job whose stop step used artifact-name: ${name}` : `the monitored job "${slug}" (its key under jobs:)`;
  const seen = present.length === 0 ? 'It has no artifacts.' : `Its artifacts: ${present.slice(0, 20).map((item) => JSON.stringify(item)).join(', ')}${present.length > 20 ? ', ...' : ''}.`;
  return new UserError(
    `No artifact named "${name}" in ${describeRun(run)}: ${producer} should have uploaded it. ${seen}`,
    `Check that this job runs after it (needs:), that it ran start with mode: analyze and its stop or post step finished, and that artifact-name matches on both sides.`,
  );
}

export function captureArtifacts(client: ArtifactClient, run: ArtifactRun): CaptureArtifacts {
  const options = (): FindOptions => findOptions(run);

  async function listAll(): Promise<Artifact[]> {
    try {
      // latest: a re-run job uploads again under the same name; only its newest upload counts.
      return (await client.listArtifacts({ latest: true, ...options() })).artifacts;
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(
        `Could not list the artifacts of ${describeRun(run)}: ${clientMessage(error, run.token)}.`,
        run.runId === undefined ? undefined : `${READ_HINT}, and run-id must be a run of ${run.repository}.`,
      );
    }
  }

  const toCapture = (artifact: Artifact): CaptureArtifact => ({
    id: artifact.id,
    name: artifact.name,
    digest: artifact.digest,
    jobSlug: jobSlugOf(artifact.name),
  });

  return {
    async find(names) {
      const all = await listAll();
      const byName = new Map(all.map((artifact) => [artifact.name, artifact]));
      if (names.length === 0) {
        const captures = all.filter((artifact) => artifact.name.startsWith(CAPTURE_ARTIFACT_PREFIX)).sort((a, b) => a.name.localeCompare(b.name));
        if (captures.length === 0) {
          throw new UserError(
            `No capture artifact (${CAPTURE_ARTIFACT_PREFIX}*) in ${describeRun(run)}: no monitored job uploaded one. ${
              all.length === 0 ? 'It has no artifacts.' : `Its artifacts: ${all.slice(0, 20).map((artifact) => JSON.stringify(artifact.name)).join(', ')}.`
            }`,
            'Run start with mode: analyze in the monitored job, make this job depend on it (needs:), or name the artifacts with artifact-name.',
          );
        }
        return captures.map(toCapture);
      }
      return names.map((name) => {
        const artifact = byName.get(name);
        if (artifact === undefined) throw missingArtifactError(name, run, all.map((item) => item.name));
        return toCapture(artifact);
      });
    },

    async download(artifact, into) {
      // A folder per artifact, named by its id: names come from the run and are not paths.
      const directory = join(into, `artifact-${artifact.id}`);
      await mkdir(directory, { recursive: true });
      let mismatch: boolean | undefined;
      try {
        ({ digestMismatch: mismatch } = await client.downloadArtifact(artifact.id, { path: directory, expectedHash: artifact.digest, ...options() }));
      } catch (error) {
        throw new UserError(
          `Could not download the artifact "${artifact.name}" (id ${artifact.id}) of ${describeRun(run)}: ${clientMessage(error, run.token)}.`,
          run.runId === undefined ? undefined : `${READ_HINT}.`,
        );
      }
      if (mismatch === true) {
        throw new UserError(`The artifact "${artifact.name}" (id ${artifact.id}) downloaded with another digest than the one it was uploaded with: it changed on the way or in storage. Re-run the monitored job.`);
      }
      const regularFile = async (name: string): Promise<string | null> => {
        const path = join(directory, name);
        const stat = await lstat(path).catch(() => undefined);
        // A link in an artifact could point anywhere on this runner: only plain files are read.
        return stat?.isFile() === true ? path : null;
      };
      const captureFile = await regularFile(CAPTURE_FILE_NAME);
      if (captureFile === null) {
        throw new UserError(
          `The artifact "${artifact.name}" holds no ${CAPTURE_FILE_NAME}: it is not a capture artifact of falco-actions, or its upload was cut short.`,
          'Name the capture artifacts with artifact-name, or re-run the monitored job.',
        );
      }
      return { artifact, directory, captureFile, metadataFile: await regularFile(METADATA_FILE_NAME), hashesFile: await regularFile(HASHES_FILE_NAME) };
    },

    async uploadReport(capture, file, retentionDays) {
      const name = reportArtifactName(capture.name);
      try {
        const uploaded = await client.uploadArtifact(name, [file], dirname(file), retentionDays === undefined ? {} : { retentionDays });
        return { name, id: uploaded.id };
      } catch (error) {
        throw new UserError(`Could not upload the report artifact "${name}": ${clientMessage(error, run.token)}.`);
      }
    },
  };
}
