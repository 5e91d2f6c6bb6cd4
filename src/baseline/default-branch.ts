// "New since main": this run's report against the report of the last successful run of the same
// workflow on the repository's default branch (its falco-report-<job> artifact), or against a committed
// baseline file. The REST API (runs) and the artifact client (@actions/artifact with findBy) are handed
// in; what can be missing in ordinary use (no successful run yet, no report artifact there, a token
// without actions: read) is a note in plain words, not a failure. Nothing read here is trusted: the
// report artifact is schema-checked and size-bounded like any report file.
import type { ArtifactClient } from '@actions/artifact';
import { getOctokit } from '@actions/github';
import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isUserError, UserError } from '../action/errors.ts';
import type { AnalyzeReport } from '../analyze/report.ts';
import { defaultArtifactName, REPORT_ARTIFACT_PREFIX } from '../capture/metadata.ts';
import type { Drift, DriftIndicators } from '../enrich/model.ts';
import type { Enrichers } from '../enrich/enrich.ts';
import { parseReport } from '../report/json-report.ts';
import type { AnalyzeSettings } from '../settings/analyze.ts';
import { MAX_BASELINE_BYTES, readBaselineFile, readBoundedText } from './file.ts';
import { compareWithBaseline, driftIndicators } from './indicators.ts';
import { apiErrorMessage, statusOf } from '../github/errors.ts';

/** The drift stage of src/enrich/enrich.ts. */
export type DriftEnricher = NonNullable<Enrichers['drift']>;

/** A workflow run as the comparison needs it (GitHub's REST "workflow run", the fields read). */
export interface WorkflowRun {
  id: number;
  htmlUrl: string | null;
  event: string;
  /** owner/repo the run's commit came from: another one for a fork's pull request. */
  headRepository: string | null;
}

/** The REST calls the comparison makes; restRunsApi is GitHub's, tests hand in the same over a local API. */
export interface RunsApi {
  /** The repository's default branch (GET /repos/{owner}/{repo}). */
  defaultBranch(owner: string, repo: string): Promise<string>;
  /** Successful runs of one workflow (by its file name) on one branch, newest first. */
  successfulRuns(owner: string, repo: string, workflowFile: string, branch: string, perPage: number): Promise<WorkflowRun[]>;
}

const repositorySchema = z.object({ default_branch: z.string().min(1) });
const runsSchema = z.object({
  workflow_runs: z.array(
    z.object({
      id: z.number().int(),
      html_url: z.string().nullable().optional(),
      event: z.string(),
      head_repository: z.object({ full_name: z.string() }).nullable().optional(),
    }),
  ),
});

// The lookup must not hold the analyze job on a stalled API.
const REQUEST_TIMEOUT_MS = 30_000;

/** The RunsApi over @actions/github's client (apiUrl: GITHUB_API_URL). Errors keep Octokit's `status`. */
export function restRunsApi(token: string, apiUrl: string): RunsApi {
  const octokit = getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, ''), request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } });
  return {
    async defaultBranch(owner, repo) {
      const response = await octokit.rest.repos.get({ owner, repo });
      return repositorySchema.parse(response.data).default_branch;
    },
    async successfulRuns(owner, repo, workflowFile, branch, perPage) {
      const response = await octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id: workflowFile,
        branch,
        status: 'success',
        per_page: perPage,
        exclude_pull_requests: true,
      });
      return runsSchema.parse(response.data).workflow_runs.map((run) => ({
        id: run.id,
        htmlUrl: run.html_url ?? null,
        event: run.event,
        headRepository: run.head_repository?.full_name ?? null,
      }));
    },
  };
}

export interface DefaultBranchContext {
  /** owner/repo (GITHUB_REPOSITORY). */
  repository: string;
  /** GITHUB_WORKFLOW_REF: owner/repo/.github/workflows/FILE@REF. */
  workflowRef: string;
  /** This run (GITHUB_RUN_ID): never its own baseline. */
  currentRunId: number;
}

export function defaultBranchContextFromEnv(env: NodeJS.ProcessEnv): DefaultBranchContext {
  return { repository: env.GITHUB_REPOSITORY ?? '', workflowRef: env.GITHUB_WORKFLOW_REF ?? '', currentRunId: Number(env.GITHUB_RUN_ID ?? 0) };
}

export interface DefaultBranchOptions extends DefaultBranchContext {
  runs: RunsApi;
  artifacts: Pick<ArtifactClient, 'getArtifact' | 'downloadArtifact'>;
  /** Reads the other run's artifacts (findBy); needs actions: read. */
  token: string;
  /** A folder for the downloads (each removed after reading). */
  workDir: string;
  /** The report artifact to look for: by default falco-report-<job key of the report>; null: none can be told. */
  reportArtifactName?: (report: AnalyzeReport) => string | null;
  /** How many of the newest successful runs are searched for the report artifact. */
  maxRuns?: number;
}

/** The workflow's file name from GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/ci.yml@refs/heads/main -> ci.yml). */
export function workflowFileOf(workflowRef: string): string | null {
  const match = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef);
  return match?.[1] ?? null;
}

const PERMISSION_HINT = 'Give the analyze job `permissions: { actions: read }` (with `contents: read`) to compare with the default branch.';
const NO_COMPARISON = 'No comparison with the default branch';

/** An API or client message on one line, without the token (a proxy may echo it). */
const messageOf = (error: unknown, token: string): string => apiErrorMessage(error, token, 300);

type Candidates = { runs: WorkflowRun[]; branch: string; workflowFile: string } | { note: string };

/**
 * The drift stage comparing each report with the report artifact of the same job in the last
 * successful run of this workflow on the default branch. The runs are looked up once for all reports.
 */
export function defaultBranchDrift(options: DefaultBranchOptions): DriftEnricher {
  const maxRuns = options.maxRuns ?? 5;
  const artifactNameOf = options.reportArtifactName ?? ((report: AnalyzeReport) => (report.job === null ? null : defaultArtifactName(REPORT_ARTIFACT_PREFIX, report.job.key)));
  let candidates: Promise<Candidates> | undefined;
  const baselines = new Map<string, Promise<{ indicators: DriftIndicators; run: WorkflowRun } | { note: string }>>();

  async function findCandidates(): Promise<Candidates> {
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length > 0) return { note: `${NO_COMPARISON}: the repository "${options.repository}" is not in the form owner/repo (GITHUB_REPOSITORY).` };
    const workflowFile = workflowFileOf(options.workflowRef);
    if (workflowFile === null) return { note: `${NO_COMPARISON}: the workflow's file is not known (GITHUB_WORKFLOW_REF is "${options.workflowRef}").` };
    if (options.token === '') return { note: `${NO_COMPARISON}: no token. Set the input 'github-token' (default: the job's GITHUB_TOKEN). ${PERMISSION_HINT}` };
    let branch: string;
    let runs: WorkflowRun[];
    try {
      branch = await options.runs.defaultBranch(owner, repo);
      runs = await options.runs.successfulRuns(owner, repo, workflowFile, branch, Math.min(100, maxRuns * 4));
    } catch (error) {
      const status = statusOf(error);
      if (status === 403 || status === 401) return { note: `${NO_COMPARISON}: the token may not read this workflow's runs (${status}). ${PERMISSION_HINT}` };
      if (status === 404) {
        return { note: `${NO_COMPARISON}: GitHub does not know the workflow ${workflowFile} on the default branch (404): it is not there yet, or the token may not read it. ${PERMISSION_HINT}` };
      }
      throw new UserError(`Could not list the successful runs of the workflow ${workflowFile} on the default branch: ${messageOf(error, options.token)}.`);
    }
    // Only the repository's own runs: a fork's pull request from a branch named like the default one
    // is listed under that branch too, and must not become the baseline.
    const own = runs.filter(
      (run) => run.id !== options.currentRunId && !run.event.startsWith('pull_request') && (run.headRepository === null || run.headRepository === options.repository),
    );
    if (own.length === 0) {
      return { note: `${NO_COMPARISON} yet: the workflow ${workflowFile} has no successful run on ${branch} other than this one. Runs after one succeeds there will be compared with it.` };
    }
    return { runs: own.slice(0, maxRuns), branch, workflowFile };
  }

  async function downloadReport(run: WorkflowRun, artifactId: number, name: string): Promise<AnalyzeReport> {
    const [owner = '', repo = ''] = options.repository.split('/');
    // The folder is the caller's choice and may not exist yet (the action names one under its work folder).
    await mkdir(options.workDir, { recursive: true });
    const directory = await mkdtemp(join(options.workDir, 'baseline-'));
    try {
      await options.artifacts.downloadArtifact(artifactId, { path: directory, findBy: { token: options.token, workflowRunId: run.id, repositoryOwner: owner, repositoryName: repo } });
      const files: string[] = [];
      for (const entry of await readdir(directory)) {
        // Only plain files: a link in an artifact could point anywhere on this runner.
        if (entry.endsWith('.json') && (await lstat(join(directory, entry))).isFile()) files.push(entry);
      }
      // analyze uploads the report as <artifact name>.json (src/analyze/action.ts); one JSON file of another name is taken too.
      const file = files.includes(`${name}.json`) ? `${name}.json` : files.length === 1 ? files[0]! : undefined;
      if (file === undefined) throw new UserError(`The artifact ${name} of run ${run.id} holds ${files.length} JSON files and none named ${name}.json.`);
      const path = join(directory, file);
      const text = await readBoundedText(path, `the report of run ${run.id}`, 'Re-run the default branch workflow.', MAX_BASELINE_BYTES);
      return parseReport(text, `The report artifact ${name} of run ${run.id}`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  async function findBaseline(name: string): Promise<{ indicators: DriftIndicators; run: WorkflowRun } | { note: string }> {
    candidates ??= findCandidates();
    const found = await candidates;
    if ('note' in found) return found;
    const [owner = '', repo = ''] = options.repository.split('/');
    for (const run of found.runs) {
      let artifact;
      try {
        ({ artifact } = await options.artifacts.getArtifact(name, { findBy: { token: options.token, workflowRunId: run.id, repositoryOwner: owner, repositoryName: repo } }));
      } catch (error) {
        if ((error as Error | null)?.name === 'ArtifactNotFoundError') continue;
        const status = statusOf(error);
        if (status === 403 || status === 401) return { note: `${NO_COMPARISON}: the token may not read the artifacts of run ${run.id} (${status}). ${PERMISSION_HINT}` };
        throw new UserError(`Could not look for the artifact ${name} in run ${run.id}: ${messageOf(error, options.token)}.`);
      }
      // The zip's size: a report compresses well, so one this large is not a report worth reading.
      if (artifact.size > MAX_BASELINE_BYTES) {
        return { note: `${NO_COMPARISON}: the artifact ${name} of run ${run.id} is ${artifact.size} bytes, more than a report this reads (${MAX_BASELINE_BYTES}).` };
      }
      try {
        return { indicators: driftIndicators(await downloadReport(run, artifact.id, name)), run };
      } catch (error) {
        if (isUserError(error)) return { note: `${NO_COMPARISON}: ${error.message}` };
        const status = statusOf(error);
        if (status === 403 || status === 401) return { note: `${NO_COMPARISON}: the token may not download the artifacts of run ${run.id} (${status}). ${PERMISSION_HINT}` };
        throw new UserError(`Could not download the artifact ${name} of run ${run.id}: ${messageOf(error, options.token)}.`);
      }
    }
    const ids = found.runs.map((run) => run.id).join(', ');
    return {
      note:
        `${NO_COMPARISON}: no report artifact ${name} in the last ${found.runs.length === 1 ? 'successful run' : `${found.runs.length} successful runs`} of ${found.workflowFile} on ${found.branch} (${ids}). ` +
        'The job is new or was renamed, analyze did not run there, or the artifacts expired.',
    };
  }

  return async (report) => {
    const name = artifactNameOf(report);
    if (name === null) return { note: `${NO_COMPARISON}: the report names no job, so its report artifact on the default branch cannot be told.` };
    let baseline = baselines.get(name);
    if (baseline === undefined) {
      baseline = findBaseline(name);
      baselines.set(name, baseline);
    }
    const found = await baseline;
    if ('note' in found) return found;
    const branch = ((await candidates) as { branch: string }).branch;
    const against: Drift['against'] = { kind: 'run', runId: found.run.id, branch, url: found.run.htmlUrl };
    return { drift: compareWithBaseline(driftIndicators(report), found.indicators, against) };
  };
}

/**
 * The drift stage comparing each report with a committed baseline file (or a JSON report), read once.
 * A relative path is taken from `baseDir` (the workspace in the action); the drift names it as given.
 */
export function fileDrift(path: string, baseDir: string = process.cwd()): DriftEnricher {
  let baseline: Promise<DriftIndicators> | undefined;
  return async (report) => {
    baseline ??= readBaselineFile(resolve(baseDir, path)).then((read) => read.indicators);
    return { drift: compareWithBaseline(driftIndicators(report), await baseline, { kind: 'file', path }) };
  };
}

/** The drift stage the settings ask for (input baseline, or baseline-file), or none; the default-branch collaborators are built only when needed. */
export function driftEnricher(baseline: AnalyzeSettings['baseline'], collaborators: { defaultBranch: () => DefaultBranchOptions; baseDir: string }): DriftEnricher | undefined {
  if (baseline.kind === 'none') return undefined;
  if (baseline.kind === 'file') return fileDrift(baseline.path, collaborators.baseDir);
  return defaultBranchDrift(collaborators.defaultBranch());
}
