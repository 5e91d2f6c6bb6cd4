import { getOctokit } from '@actions/github';
import { z } from 'zod';
import { UserError } from '../action/errors.ts';
import type { ThisJob } from './run.ts';
import { JobSchema, type Job } from './schema.ts';

const JobListSchema = z.array(JobSchema);

/** Which run attempt's jobs to list, where, with which token. */
export type JobsQuery = Pick<ThisJob, 'token' | 'apiUrl' | 'repository' | 'runId' | 'runAttempt'>;

export type GitHubApiFailureKind = 'forbidden' | 'not-found' | 'server' | 'network' | 'invalid-response' | 'bad-input';

const GRANT_HINT =
  'grant the workflow token read access to Actions: add `permissions: { actions: read }` to the job (or workflow) that runs falco-actions';

/** A failed jobs lookup. The message says what failed and how to fix it; it never contains the token. */
export class GitHubApiError extends UserError {
  readonly kind: GitHubApiFailureKind;
  readonly status: number | undefined;
  constructor(kind: GitHubApiFailureKind, message: string, status?: number) {
    super(message);
    this.name = 'GitHubApiError';
    this.kind = kind;
    this.status = status;
  }
}

const PER_PAGE = 100;
// One budget for all pages: stop must not hang on a stalled API.
const LIST_TIMEOUT_MS = 30_000;

/**
 * Lists every job of one run attempt (all pages), each page validated. Throws GitHubApiError.
 */
export async function listRunAttemptJobs(query: JobsQuery): Promise<Job[]> {
  const [owner, repo, ...rest] = query.repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new GitHubApiError('bad-input', `repository "${query.repository}" is not in the form owner/repo (GITHUB_REPOSITORY)`);
  }
  if (!query.token) {
    throw new GitHubApiError('bad-input', 'no GitHub token: set the `github-token` input (default `${{ github.token }}`)');
  }
  const octokit = getOctokit(query.token, {
    baseUrl: query.apiUrl.replace(/\/+$/, ''),
    request: { signal: AbortSignal.timeout(LIST_TIMEOUT_MS) },
  });
  const where = `run ${query.runId} attempt ${query.runAttempt} of ${owner}/${repo}`;
  const jobs: Job[] = [];
  try {
    const pages = octokit.paginate.iterator(octokit.rest.actions.listJobsForWorkflowRunAttempt, {
      owner,
      repo,
      run_id: query.runId,
      attempt_number: query.runAttempt,
      per_page: PER_PAGE,
    });
    for await (const response of pages) {
      // paginate.iterator hands over each page's "jobs" array as response.data (total_count dropped).
      const page = JobListSchema.safeParse(response.data);
      if (!page.success) {
        const issue = page.error.issues[0];
        throw new GitHubApiError(
          'invalid-response',
          `the jobs list of ${where} has an unexpected shape (${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'})`,
        );
      }
      jobs.push(...page.data);
    }
  } catch (error) {
    throw withoutToken(toApiError(error, where, query.token), query.token);
  }
  return jobs;
}

// The message quotes what the server said; a proxy or a misconfigured server may echo credentials.
// The runner masks only secrets it knows, and this message reaches the job summary.
function withoutToken(error: GitHubApiError, token: string): GitHubApiError {
  if (!error.message.includes(token)) return error;
  return new GitHubApiError(error.kind, error.message.replaceAll(token, '***'), error.status);
}

function toApiError(error: unknown, where: string, token: string): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : undefined;
  const hasResponse = typeof (error as { response?: unknown }).response === 'object' && (error as { response?: unknown }).response !== null;
  const detail = apiMessage(error, token);
  if (!hasResponse) {
    return new GitHubApiError('network', `could not reach the GitHub API to list the jobs of ${where}: ${detail}`);
  }
  if (status === 403 || status === 401) {
    return new GitHubApiError(
      'forbidden',
      `the GitHub API refused to list the jobs of ${where} (HTTP ${status}: ${detail}); ${GRANT_HINT}`,
      status,
    );
  }
  if (status === 404) {
    return new GitHubApiError(
      'not-found',
      `the GitHub API found no jobs for ${where} (HTTP 404: ${detail}); on private repositories this also means the token lacks access: ${GRANT_HINT}`,
      status,
    );
  }
  return new GitHubApiError('server', `the GitHub API failed to list the jobs of ${where} (HTTP ${status ?? '?'}: ${detail})`, status);
}

// The message GitHub put in the JSON body, or the client's error text; never request headers. The
// token is taken out before the cut, so no part of it can remain.
function apiMessage(error: unknown, token: string): string {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message.replaceAll(token, '***').slice(0, 200);
  }
  const message = (error instanceof Error ? error.message : String(error)).replaceAll(token, '***');
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

export interface ThisJobSelection {
  job: Job;
  /** Set when the choice needed more than the runner name. */
  note?: string;
}

/**
 * Picks the job this process runs in: the one on our runner. A runner runs one job at a time, but a
 * reused self-hosted runner can appear on several jobs of the attempt: then the in-progress one, then
 * the one whose name is the job id (GITHUB_JOB) or a matrix variant of it ("build (ubuntu, 20)").
 */
export function selectThisJob(jobs: readonly Job[], runnerName: string, jobId: string): ThisJobSelection | GitHubApiError {
  const onRunner = jobs.filter((job) => job.runner_name === runnerName);
  if (onRunner.length === 0) {
    const runners = [...new Set(jobs.map((job) => job.runner_name ?? '(not assigned)'))].slice(0, 10);
    return new GitHubApiError(
      'invalid-response',
      `none of the ${jobs.length} job(s) of this run attempt ran on runner "${runnerName}" (RUNNER_NAME); runners seen: ${runners.join(', ') || 'none'}`,
    );
  }
  if (onRunner.length === 1) return { job: onRunner[0] as Job };
  const running = onRunner.filter((job) => job.status === 'in_progress');
  const pool = running.length > 0 ? running : onRunner;
  if (pool.length === 1) return { job: pool[0] as Job, note: `runner "${runnerName}" ran ${onRunner.length} jobs of this attempt; using the one in progress` };
  const named = pool.filter((job) => job.name === jobId || job.name.startsWith(`${jobId} (`));
  if (named.length === 1) {
    return { job: named[0] as Job, note: `runner "${runnerName}" ran ${onRunner.length} jobs of this attempt; chose "${(named[0] as Job).name}" by job id "${jobId}"` };
  }
  return new GitHubApiError(
    'invalid-response',
    `${pool.length} jobs of this run attempt ran on runner "${runnerName}" and none is singled out by job id "${jobId}": ${pool.map((job) => `"${job.name}"`).join(', ')}`,
  );
}
