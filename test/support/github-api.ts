// A real HTTP server on 127.0.0.1 that answers GitHub's "List jobs for a workflow run attempt" the way
// api.github.com does (pagination with per_page/page and a Link header, GitHub's error bodies), so the
// production client (@actions/github getOctokit with baseUrl) can be tested without mocks. With an
// artifact service (artifact-service.ts) it also answers "List workflow run artifacts" and "Download an
// artifact" (302 to the signed blob URL), which @actions/artifact uses for another run (`findBy`).
// It also keeps issue comments (list with pagination, create, update), in the shape of
// ../fixtures/github/issue-comment.json, for analyze's pull-request comment; writes can be refused as
// GitHub refuses a read-only token (a fork's pull request).
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Job } from '../../src/github/schema.ts';
import type { ArtifactService, StoredArtifact } from './artifact-service.ts';

/** What the REST artifact routes read from the artifact service. */
export type ArtifactSource = Pick<ArtifactService, 'artifactsOfRun' | 'signedDownloadUrl'>;

/** GitHub's REST "job" object; the runner harness (harness.ts) emits job records in this shape. */
export type JobRecord = Job;

export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. /repos/o/r/actions/runs/1/attempts/1/jobs?per_page=100&page=2 */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface GitHubApi {
  /** Base URL to pass as apiUrl / baseUrl, e.g. http://127.0.0.1:41234 */
  url: string;
  setJobs(jobs: JobRecord[]): void;
  /**
   * Answer every request with this status (403: GitHub's "Resource not accessible by integration"), or
   * undefined to serve normally. `body` replaces GitHub's error body (e.g. a proxy's hostile message).
   */
  failWith(status: number | undefined, body?: unknown): void;
  requests: RecordedRequest[];
  /** The comments of an issue or pull request of a repository ("owner/repo"), oldest first (a live list). */
  issueComments(repository: string, issue: number): IssueCommentRecord[];
  /** Adds a comment as another user would (the author defaults to a person, not the workflow's bot). */
  addIssueComment(repository: string, issue: number, body: string, author?: CommentAuthor): IssueCommentRecord;
  /**
   * Refuse comment writes (POST, PATCH) with this status while reads still work, as GitHub does for the
   * read-only token of a fork's pull request (403 "Resource not accessible by integration"); undefined
   * to accept them.
   */
  refuseCommentWrites(status: number | undefined): void;
  /**
   * Who GET /user says the token is: a person for a personal access token; undefined (the default) for
   * an installation token such as GITHUB_TOKEN, which GitHub answers with 403. Comments the API creates
   * are by this user, or by github-actions[bot] when undefined.
   */
  setTokenUser(author: CommentAuthor | undefined): void;
  /** GET /repos/{owner}/{repo} answers with this repository's default branch; unknown repositories are 404. */
  setRepository(repository: string, defaultBranch: string): void;
  /** The runs of one workflow (by its file name, as GITHUB_WORKFLOW_REF names it), newest first; an unknown workflow is 404. */
  setWorkflowRuns(repository: string, workflowFile: string, runs: WorkflowRunRecord[]): void;
  close(): Promise<void>;
}

/** GitHub's REST "workflow run" object, the fields the client reads and a few neighbours (docs.github.com/rest/actions/workflow-runs). */
export type WorkflowRunRecord = Record<string, unknown> & {
  id: number;
  head_branch: string | null;
  event: string;
  status: string;
  conclusion: string | null;
  html_url: string;
  head_repository: { full_name: string } | null;
};

/** A workflow run record: a completed, successful push run of REPOSITORY on BRANCH unless told otherwise. */
export function workflowRun(repository: string, id: number, fields: Partial<WorkflowRunRecord> = {}): WorkflowRunRecord {
  return {
    id,
    name: 'CI',
    node_id: `WFR_kwLO${id.toString(36)}`,
    head_branch: 'main',
    head_sha: id.toString(16).padStart(40, '0'),
    path: '.github/workflows/ci.yml',
    run_number: id % 1000,
    run_attempt: 1,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    workflow_id: 161335,
    url: `https://api.github.com/repos/${repository}/actions/runs/${id}`,
    html_url: `https://github.com/${repository}/actions/runs/${id}`,
    created_at: '2026-12-01T10:00:00Z',
    updated_at: '2026-12-01T10:05:00Z',
    repository: { full_name: repository },
    head_repository: { full_name: repository },
    ...fields,
  };
}

export interface CommentAuthor {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

/** The workflow token's identity on comments it writes. */
export const WORKFLOW_BOT: CommentAuthor = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const PERSON: CommentAuthor = { login: 'octocat', id: 583231, type: 'User' };

/** GitHub's REST "issue-comment" object (../fixtures/github/issue-comment.json has the recorded shape). */
export type IssueCommentRecord = Record<string, unknown> & { id: number; body: string; user: Record<string, unknown>; html_url: string };

const fixtures = fileURLToPath(new URL('../fixtures/github/', import.meta.url));

/** The recorded jobs page (three jobs of run 1300000001, attempt 1, two running concurrently). */
export function fixtureJobs(): JobRecord[] {
  return (JSON.parse(readFileSync(`${fixtures}run-attempt-jobs.json`, 'utf8')) as { jobs: JobRecord[] }).jobs;
}

const DOCS = 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt';

function errorBody(status: number): unknown {
  if (status === 403) return JSON.parse(readFileSync(`${fixtures}forbidden.json`, 'utf8'));
  if (status === 404) return { message: 'Not Found', documentation_url: DOCS, status: '404' };
  if (status === 401) return { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' };
  return { message: 'Server Error' };
}

// Any prefix is accepted, as under GitHub Enterprise Server's /api/v3.
const ISSUE_COMMENTS_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/;
const ISSUE_COMMENT_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/;
const JOBS_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/;
const RUN_ARTIFACTS_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/;
const REPOSITORY_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)$/;
const WORKFLOW_RUNS_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/;
const ARTIFACT_ZIP_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/zip$/;

/** GitHub's pagination parameters: per_page 1..100 (default 30), page from 1. */
function pageOf(url: URL): { perPage: number; page: number } {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  return { perPage, page: Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1) };
}

/** GitHub's REST "artifact" object (docs.github.com/rest/actions/artifacts), the fields @actions/artifact reads and their neighbours. */
function restArtifact(base: string, owner: string, repo: string, artifact: StoredArtifact): unknown {
  const url = `${base}/repos/${owner}/${repo}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: `MDg6QXJ0aWZhY3Q${artifact.id}`,
    name: artifact.name,
    size_in_bytes: artifact.size,
    url,
    archive_download_url: `${url}/zip`,
    expired: false,
    digest: artifact.digest ?? null,
    created_at: artifact.createdAt.toISOString(),
    updated_at: artifact.createdAt.toISOString(),
    expires_at: artifact.expiresAt?.toISOString() ?? null,
    workflow_run: { id: artifact.runId },
  };
}

function userObject(author: CommentAuthor): Record<string, unknown> {
  const api = `https://api.github.com/users/${encodeURIComponent(author.login)}`;
  return {
    login: author.login,
    id: author.id,
    node_id: `MDQ6VXNlcj${author.id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${author.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: author.type === 'Bot' ? `https://github.com/apps/${author.login.replace(/\[bot\]$/, '')}` : `https://github.com/${author.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: author.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

// GitHub's limit on a comment body (its 422 "body is too long (maximum is 65536 characters)").
const COMMENT_BODY_LIMIT = 65_536;

export async function startGitHubApi(options: { jobs?: JobRecord[]; artifacts?: ArtifactSource } = {}): Promise<GitHubApi> {
  let jobs = options.jobs ?? fixtureJobs();
  let failure: number | undefined;
  let failureBody: unknown;
  const requests: RecordedRequest[] = [];
  const comments = new Map<string, IssueCommentRecord[]>();
  let nextCommentId = 1_100_000_001;
  let refuseWrites: number | undefined;
  let tokenUser: CommentAuthor | undefined;
  const repositories = new Map<string, string>();
  const workflowRuns = new Map<string, WorkflowRunRecord[]>();
  const commentsOf = (repository: string, issue: number): IssueCommentRecord[] => {
    const key = `${repository}#${issue}`;
    let list = comments.get(key);
    if (list === undefined) {
      list = [];
      comments.set(key, list);
    }
    return list;
  };
  const newComment = (repository: string, issue: number, body: string, author: CommentAuthor): IssueCommentRecord => {
    const id = nextCommentId++;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const api = `https://api.github.com/repos/${repository}`;
    const record: IssueCommentRecord = {
      id,
      node_id: `IC_kwDO${id.toString(36)}`,
      url: `${api}/issues/comments/${id}`,
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}`,
      body,
      user: userObject(author),
      created_at: now,
      updated_at: now,
      issue_url: `${api}/issues/${issue}`,
      author_association: author.type === 'Bot' ? 'NONE' : 'MEMBER',
      reactions: { url: `${api}/issues/comments/${id}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 },
      performed_via_github_app: author.type === 'Bot' ? { id: 15368, slug: 'github-actions', name: 'GitHub Actions' } : null,
    };
    commentsOf(repository, issue).push(record);
    return record;
  };
  const findComment = (repository: string, id: number): IssueCommentRecord | undefined => {
    for (const [key, list] of comments) {
      if (!key.startsWith(`${repository}#`)) continue;
      const found = list.find((comment) => comment.id === id);
      if (found) return found;
    }
    return undefined;
  };

  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: { ...request.headers } });
    const base = `http://${request.headers.host ?? '127.0.0.1'}`;
    const url = new URL(request.url ?? '/', base);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': '999',
        'x-github-request-id': `0000:${requests.length}`,
        ...headers,
      });
      response.end(text);
    };
    if (failure !== undefined) return send(failure, failureBody ?? errorBody(failure));
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
    const runArtifacts = options.artifacts && request.method === 'GET' ? RUN_ARTIFACTS_PATH.exec(url.pathname) : null;
    if (options.artifacts && runArtifacts) {
      const name = url.searchParams.get('name');
      const all = options.artifacts.artifactsOfRun(Number(runArtifacts[3])).filter((artifact) => name === null || artifact.name === name);
      const { perPage, page } = pageOf(url);
      const slice = all.slice((page - 1) * perPage, page * perPage);
      return send(200, { total_count: all.length, artifacts: slice.map((artifact) => restArtifact(base, runArtifacts[1] ?? '', runArtifacts[2] ?? '', artifact)) });
    }
    const artifactZip = options.artifacts && request.method === 'GET' ? ARTIFACT_ZIP_PATH.exec(url.pathname) : null;
    if (options.artifacts && artifactZip) {
      const location = options.artifacts.signedDownloadUrl(Number(artifactZip[3]));
      if (location === undefined) return send(404, notFound);
      response.writeHead(302, { location, 'x-github-request-id': `0000:${requests.length}` });
      return response.end();
    }
    const linksFor = (page: number, perPage: number, total: number): Record<string, string> => {
      const lastPage = Math.max(Math.ceil(total / perPage), 1);
      const link = (target: number, rel: string): string => {
        const next = new URL(url.pathname, base);
        next.searchParams.set('per_page', String(perPage));
        next.searchParams.set('page', String(target));
        return `<${next.toString()}>; rel="${rel}"`;
      };
      const links: string[] = [];
      if (page > 1) links.push(link(page - 1, 'prev'));
      if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
      if (page > 1) links.push(link(1, 'first'));
      return links.length > 0 ? { link: links.join(', ') } : {};
    };
    if (request.method === 'GET' && /^(?:\/[^/]+)*?\/user$/.test(url.pathname)) {
      if (tokenUser === undefined) {
        return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' });
      }
      return send(200, userObject(tokenUser));
    }
    const repositoryMatch = request.method === 'GET' ? REPOSITORY_PATH.exec(url.pathname) : null;
    if (repositoryMatch) {
      const fullName = `${repositoryMatch[1]}/${repositoryMatch[2]}`;
      const defaultBranch = repositories.get(fullName);
      if (defaultBranch === undefined) return send(404, notFound);
      return send(200, { id: 1296269, node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5', name: repositoryMatch[2], full_name: fullName, private: false, default_branch: defaultBranch, html_url: `https://github.com/${fullName}` });
    }
    const runsMatch = request.method === 'GET' ? WORKFLOW_RUNS_PATH.exec(url.pathname) : null;
    if (runsMatch) {
      const runs = workflowRuns.get(`${runsMatch[1]}/${runsMatch[2]}:${decodeURIComponent(runsMatch[3] ?? '')}`);
      if (runs === undefined) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow', status: '404' });
      const branch = url.searchParams.get('branch');
      const status = url.searchParams.get('status');
      const event = url.searchParams.get('event');
      // `status` takes a status or a conclusion, as GitHub's filter does.
      const matching = runs.filter(
        (run) => (branch === null || run.head_branch === branch) && (event === null || run.event === event) && (status === null || run.status === status || run.conclusion === status),
      );
      const { perPage, page } = pageOf(url);
      return send(200, { total_count: matching.length, workflow_runs: matching.slice((page - 1) * perPage, page * perPage) }, linksFor(page, perPage, matching.length));
    }
    const issueComments = ISSUE_COMMENTS_PATH.exec(url.pathname);
    const issueComment = ISSUE_COMMENT_PATH.exec(url.pathname);
    if (issueComments || issueComment) {
      const docs = 'https://docs.github.com/rest/issues/comments';
      const [, owner = '', repo = '', number = '0'] = (issueComments ?? issueComment) as RegExpExecArray;
      const repository = `${owner}/${repo}`;
      if (request.method === 'GET' && issueComments) {
        const list = commentsOf(repository, Number(number));
        const { perPage, page } = pageOf(url);
        return send(200, list.slice((page - 1) * perPage, page * perPage), linksFor(page, perPage, list.length));
      }
      const writing = (request.method === 'POST' && issueComments) || (request.method === 'PATCH' && issueComment);
      if (!writing) return send(404, notFound);
      if (refuseWrites !== undefined) {
        const action = issueComments ? 'create-an-issue-comment' : 'update-an-issue-comment';
        return send(refuseWrites, refuseWrites === 403 ? { message: 'Resource not accessible by integration', documentation_url: `${docs}#${action}`, status: '403' } : errorBody(refuseWrites));
      }
      return void jsonBody(request).then((body) => {
        const text = (body as { body?: unknown } | undefined)?.body;
        if (typeof text !== 'string' || text.length > COMMENT_BODY_LIMIT) {
          return send(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: typeof text === 'string' ? `body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)` : 'body wasn\'t supplied.' }],
            documentation_url: docs,
            status: '422',
          });
        }
        if (issueComments) return send(201, newComment(repository, Number(number), text, tokenUser ?? WORKFLOW_BOT));
        const existing = findComment(repository, Number(number));
        if (existing === undefined) return send(404, notFound);
        existing.body = text;
        existing.updated_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        return send(200, existing);
      });
    }
    const match = JOBS_PATH.exec(url.pathname);
    if (request.method !== 'GET' || !match) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    const runId = Number(match[3]);
    const attempt = Number(match[4]);
    const { perPage, page } = pageOf(url);
    const matching = jobs.filter((job) => job.run_id === runId && (job.run_attempt ?? 1) === attempt);
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    send(200, { total_count: matching.length, jobs: slice }, linksFor(page, perPage, matching.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setJobs(next) {
      jobs = next;
    },
    failWith(status, body) {
      failure = status;
      failureBody = body;
    },
    requests,
    issueComments: (repository, issue) => commentsOf(repository, issue),
    addIssueComment: (repository, issue, body, author = PERSON) => newComment(repository, issue, body, author),
    refuseCommentWrites(status) {
      refuseWrites = status;
    },
    setTokenUser(author) {
      tokenUser = author;
    },
    setRepository(repository, defaultBranch) {
      repositories.set(repository, defaultBranch);
    },
    setWorkflowRuns(repository, workflowFile, runs) {
      workflowRuns.set(`${repository}:${workflowFile}`, runs);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
