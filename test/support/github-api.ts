// A real HTTP server on 127.0.0.1 that answers GitHub's "List jobs for a workflow run attempt" the way
// api.github.com does (pagination with per_page/page and a Link header, GitHub's error bodies), so the
// production client (@actions/github getOctokit with baseUrl) can be tested without mocks. With an
// artifact service (artifact-service.ts) it also answers "List workflow run artifacts" and "Download an
// artifact" (302 to the signed blob URL), which @actions/artifact uses for another run (`findBy`).
import { createServer, type IncomingHttpHeaders } from 'node:http';
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
  close(): Promise<void>;
}

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
const JOBS_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/;
const RUN_ARTIFACTS_PATH = /^(?:\/[^/]+)*?\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/;
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

export async function startGitHubApi(options: { jobs?: JobRecord[]; artifacts?: ArtifactSource } = {}): Promise<GitHubApi> {
  let jobs = options.jobs ?? fixtureJobs();
  let failure: number | undefined;
  let failureBody: unknown;
  const requests: RecordedRequest[] = [];

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
    const match = JOBS_PATH.exec(url.pathname);
    if (request.method !== 'GET' || !match) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    const runId = Number(match[3]);
    const attempt = Number(match[4]);
    const { perPage, page } = pageOf(url);
    const matching = jobs.filter((job) => job.run_id === runId && (job.run_attempt ?? 1) === attempt);
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    const lastPage = Math.max(Math.ceil(matching.length / perPage), 1);
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
    send(200, { total_count: matching.length, jobs: slice }, links.length > 0 ? { link: links.join(', ') } : {});
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
