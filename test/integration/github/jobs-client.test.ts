import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startGitHubApi, fixtureJobs, type GitHubApi, type JobRecord } from '../../support/github-api.ts';
import { GitHubApiError, listRunAttemptJobs, selectThisJob } from '../../../src/github/jobs.ts';

const TOKEN = 'ghs_fakeTokenForTests0123456789abcdefABCD';
let api: GitHubApi;

before(async () => {
  api = await startGitHubApi();
});
after(async () => {
  await api.close();
});

const query = () => ({ token: TOKEN, apiUrl: api.url, repository: 'octo-org/octo-repo', runId: 1300000001, runAttempt: 1 });

function manyJobs(count: number): JobRecord[] {
  const template = fixtureJobs()[2] as JobRecord;
  return Array.from({ length: count }, (_, index) => ({
    ...template,
    id: 40000000000 + index,
    name: `matrix (${index})`,
    runner_name: `runner-${index}`,
  }));
}

test('lists every job of the attempt across pages (Link header), sending the token only in Authorization', async () => {
  api.setJobs([...manyJobs(230), ...fixtureJobs()]);
  api.requests.length = 0;
  const jobs = await listRunAttemptJobs(query());
  assert.equal(jobs.length, 233);
  assert.equal(new Set(jobs.map((job) => job.id)).size, 233);
  assert.equal(api.requests.length, 3, 'per_page=100: three pages');
  assert.match(api.requests[0]?.url ?? '', /^\/repos\/octo-org\/octo-repo\/actions\/runs\/1300000001\/attempts\/1\/jobs\?per_page=100/);
  assert.match(api.requests[2]?.url ?? '', /page=3/);
  for (const request of api.requests) {
    assert.equal(request.headers.authorization, `token ${TOKEN}`);
    const elsewhere = JSON.stringify({ ...request.headers, authorization: undefined }) + request.url;
    assert.ok(!elsewhere.includes(TOKEN), 'the token appears nowhere but in Authorization');
  }
  api.setJobs(fixtureJobs());
});

test('only jobs of the asked run attempt are returned', async () => {
  const other = { ...(fixtureJobs()[0] as JobRecord), id: 5, run_attempt: 2 };
  api.setJobs([...fixtureJobs(), other]);
  const jobs = await listRunAttemptJobs(query());
  assert.deepEqual(jobs.map((job) => job.id).sort(), [30000000001, 30000000002, 30000000003]);
  api.setJobs(fixtureJobs());
});

test('picks this job by runner name among concurrent jobs of the run', async () => {
  const jobs = await listRunAttemptJobs(query());
  const mine = selectThisJob(jobs, 'GitHub Actions 1000000002', 'test');
  assert.ok(!(mine instanceof GitHubApiError));
  assert.equal(mine.job.name, 'test (ubuntu, 20)');
  assert.equal(mine.job.steps?.find((step) => step.status === 'in_progress')?.name, 'Build');
  const none = selectThisJob(jobs, 'my-self-hosted', 'build');
  assert.ok(none instanceof GitHubApiError);
  assert.match(none.message, /none of the 3 job\(s\).*"my-self-hosted"/);
});

test('a reused runner name: the in-progress job, then the job id decide', () => {
  const [build, , lint] = fixtureJobs() as [JobRecord, JobRecord, JobRecord];
  const reused = { ...lint, runner_name: build.runner_name };
  const picked = selectThisJob([reused, build], build.runner_name as string, 'build');
  assert.ok(!(picked instanceof GitHubApiError));
  assert.equal(picked.job.id, build.id);
  assert.match(picked.note ?? '', /in progress/);
  const twoRunning = [{ ...build, id: 1, name: 'build (a)' }, { ...build, id: 2, name: 'deploy' }];
  const byName = selectThisJob(twoRunning, build.runner_name as string, 'build');
  assert.ok(!(byName instanceof GitHubApiError));
  assert.equal(byName.job.id, 1);
  const undecided = selectThisJob(twoRunning, build.runner_name as string, 'lint');
  assert.ok(undecided instanceof GitHubApiError);
});

test('403 names the missing permission and how to grant it', async () => {
  api.failWith(403);
  try {
    await assert.rejects(listRunAttemptJobs(query()), (error: unknown) => {
      assert.ok(error instanceof GitHubApiError);
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.status, 403);
      assert.match(error.message, /Resource not accessible by integration/);
      assert.match(error.message, /permissions: \{ actions: read \}/);
      assert.ok(!error.message.includes(TOKEN));
      return true;
    });
  } finally {
    api.failWith(undefined);
  }
});

test('a server that echoes the token in its error message: the token is replaced, the rest kept', async () => {
  api.failWith(401, { message: `Bad credentials: token ${TOKEN} is not valid here`, documentation_url: 'https://docs.github.com/rest' });
  try {
    await assert.rejects(listRunAttemptJobs(query()), (error: unknown) => {
      assert.ok(error instanceof GitHubApiError, String(error));
      assert.equal(error.kind, 'forbidden');
      assert.ok(!error.message.includes(TOKEN), error.message);
      assert.match(error.message, /HTTP 401: Bad credentials: token \*\*\* is not valid here/);
      return true;
    });
    // Where the server's message is cut (200 characters), no prefix of the token survives either.
    api.failWith(401, { message: `${'x'.repeat(180)}${TOKEN}` });
    await assert.rejects(listRunAttemptJobs(query()), (error: unknown) => {
      assert.ok(error instanceof GitHubApiError, String(error));
      assert.ok(!error.message.includes(TOKEN.slice(0, 12)), error.message);
      return true;
    });
  } finally {
    api.failWith(undefined);
  }
});

test('500 is a clear server error', async () => {
  api.failWith(500);
  try {
    await assert.rejects(listRunAttemptJobs(query()), (error: unknown) => {
      assert.ok(error instanceof GitHubApiError);
      assert.equal(error.kind, 'server');
      assert.match(error.message, /HTTP 500: Server Error/);
      return true;
    });
  } finally {
    api.failWith(undefined);
  }
});

test('a response of the wrong shape is rejected by the schema', async () => {
  api.setJobs([{ ...(fixtureJobs()[0] as JobRecord), steps: [{ name: 'x' }] } as unknown as JobRecord]);
  try {
    await assert.rejects(listRunAttemptJobs(query()), (error: unknown) => {
      assert.ok(error instanceof GitHubApiError);
      assert.equal(error.kind, 'invalid-response');
      assert.match(error.message, /unexpected shape.*steps/);
      return true;
    });
  } finally {
    api.setJobs(fixtureJobs());
  }
});

test('an unreachable API is a network error naming the run, not a stack trace', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  await assert.rejects(listRunAttemptJobs({ ...query(), apiUrl: `http://127.0.0.1:${port}` }), (error: unknown) => {
    assert.ok(error instanceof GitHubApiError);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /could not reach the GitHub API.*run 1300000001 attempt 1 of octo-org\/octo-repo/);
    assert.ok(!error.message.includes(TOKEN));
    return true;
  });
});

test('bad repository or missing token are input errors', async () => {
  await assert.rejects(listRunAttemptJobs({ ...query(), repository: 'nope' }), /not in the form owner\/repo/);
  await assert.rejects(listRunAttemptJobs({ ...query(), token: '' }), /github-token/);
});

test('a GitHub Enterprise Server API URL (path prefix, trailing slash) is honoured', async () => {
  api.requests.length = 0;
  const jobs = await listRunAttemptJobs({ ...query(), apiUrl: `${api.url}/api/v3/` });
  assert.equal(jobs.length, 3);
  assert.match(api.requests[0]?.url ?? '', /^\/api\/v3\/repos\/octo-org\/octo-repo\/actions\/runs\/1300000001\/attempts\/1\/jobs/);
});
