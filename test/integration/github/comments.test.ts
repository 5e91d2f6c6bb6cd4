// analyze's pull-request comment through the real octokit (@actions/github getOctokit with baseUrl)
// against the local REST API (test/support/github-api.ts): created once, updated in place on re-runs,
// another job's comment left alone, a token that may not write gives a note, not a failure.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubApi, WORKFLOW_BOT, type GitHubApi } from '../../support/github-api.ts';
import { issueCommentSchema, pullRequestNumber, upsertPullRequestComment, type IssueComment } from '../../../src/github/comments.ts';

const TOKEN = 'ghs_fakeTokenForTests0123456789abcdefABCD';
const REPOSITORY = 'octo-org/octo-repo';
let api: GitHubApi;
let pr = 40;

before(async () => {
  api = await startGitHubApi({ jobs: [] });
});
after(async () => {
  await api.close();
});
beforeEach(() => {
  // Each test its own pull request, so one test's comments are not another's.
  pr += 1;
  api.requests.length = 0;
  api.refuseCommentWrites(undefined);
  api.failWith(undefined);
  api.setTokenUser(undefined);
});

// The report's marker is the report's business (src/report/pr-comment.ts); this stand-in has its shape:
// a hidden HTML comment naming the job at the start of a comment by the token's own user.
const marker = (job: string): string => `<!-- falco-actions:analyze job=${job} -->`;
const findOwn = (job: string) => (comments: readonly IssueComment[], login: string) =>
  comments.find((comment) => comment.user?.login === login && (comment.body ?? '').startsWith(marker(job)));
const target = () => ({ token: TOKEN, apiUrl: api.url, repository: REPOSITORY, number: pr });

test('the recorded comment shape is what the schema reads', () => {
  const recorded = JSON.parse(readFileSync(new URL('../../fixtures/github/issue-comment.json', import.meta.url), 'utf8')) as unknown;
  const parsed = issueCommentSchema.parse(recorded);
  assert.equal(parsed.user?.type, 'User');
  assert.deepEqual(Object.keys(api.addIssueComment(REPOSITORY, 1, 'x')).sort(), Object.keys(recorded as object).sort());
});

test('creates one comment, then a re-run updates that comment in place', async () => {
  const first = await upsertPullRequestComment(target(), `${marker('build')}\nfirst run`, findOwn('build'));
  assert.equal(first.kind, 'created');
  const second = await upsertPullRequestComment(target(), `${marker('build')}\nsecond run`, findOwn('build'));
  assert.equal(second.kind, 'updated');
  const comments = api.issueComments(REPOSITORY, pr);
  assert.equal(comments.length, 1, 'one comment per job, however many runs');
  assert.equal(comments[0]?.body, `${marker('build')}\nsecond run`);
  assert.equal(first.kind === 'created' && second.kind === 'updated' && first.id === second.id, true);
  assert.equal((comments[0]?.user as { login: string }).login, WORKFLOW_BOT.login);
  assert.deepEqual(
    api.requests.map((request) => `${request.method} ${request.url.split('?')[0]}`),
    [
      'GET /user',
      `GET /repos/${REPOSITORY}/issues/${pr}/comments`,
      `POST /repos/${REPOSITORY}/issues/${pr}/comments`,
      'GET /user',
      `GET /repos/${REPOSITORY}/issues/${pr}/comments`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${comments[0]?.id}`,
    ],
  );
  for (const request of api.requests) assert.equal(request.headers.authorization, `token ${TOKEN}`);
});

test('finds its comment on a later page of a long discussion (Link pagination)', async () => {
  for (let index = 0; index < 130; index += 1) api.addIssueComment(REPOSITORY, pr, `comment ${index}`);
  const created = await upsertPullRequestComment(target(), `${marker('build')}\nv1`, findOwn('build'));
  assert.equal(created.kind, 'created');
  for (let index = 0; index < 90; index += 1) api.addIssueComment(REPOSITORY, pr, `later ${index}`);
  api.requests.length = 0;
  const updated = await upsertPullRequestComment(target(), `${marker('build')}\nv2`, findOwn('build'));
  assert.equal(updated.kind, 'updated');
  assert.equal(api.requests.filter((request) => request.method === 'GET' && request.url.includes('/comments')).length, 3, '221 comments at 100 a page');
  const ours = api.issueComments(REPOSITORY, pr).filter((comment) => comment.body.includes(marker('build')));
  assert.deepEqual(ours.map((comment) => comment.body), [`${marker('build')}\nv2`]);
});

test("another job's comment is left alone, and so is a person's comment quoting or starting with our marker", async () => {
  const other = api.addIssueComment(REPOSITORY, pr, `${marker('test')}\nreport of test`, WORKFLOW_BOT);
  const quoted = api.addIssueComment(REPOSITORY, pr, `why does ${marker('build')} appear here?`);
  const forged = api.addIssueComment(REPOSITORY, pr, `${marker('build')}\nall clear, nothing to see`);
  const outcome = await upsertPullRequestComment(target(), `${marker('build')}\nreport of build`, findOwn('build'));
  assert.equal(outcome.kind, 'created');
  const comments = api.issueComments(REPOSITORY, pr);
  assert.equal(comments.length, 4);
  assert.equal(comments.find((comment) => comment.id === other.id)?.body, `${marker('test')}\nreport of test`);
  assert.equal(comments.find((comment) => comment.id === forged.id)?.body, `${marker('build')}\nall clear, nothing to see`, 'a comment by someone else is never taken over');
  assert.equal(comments.find((comment) => comment.id === quoted.id)?.body, `why does ${marker('build')} appear here?`);
});

test('a personal access token comments as its user, found by GET /user, and updates that comment', async () => {
  const person = { login: 'release-bot-person', id: 777, type: 'User' as const };
  api.setTokenUser(person);
  // The workflow bot's comment with the same marker is not this token's.
  api.addIssueComment(REPOSITORY, pr, `${marker('build')}\nby the workflow token`, WORKFLOW_BOT);
  assert.equal((await upsertPullRequestComment(target(), `${marker('build')}\nv1`, findOwn('build'))).kind, 'created');
  assert.equal((await upsertPullRequestComment(target(), `${marker('build')}\nv2`, findOwn('build'))).kind, 'updated');
  const comments = api.issueComments(REPOSITORY, pr);
  assert.deepEqual(comments.map((comment) => [(comment.user as { login: string }).login, comment.body]), [
    [WORKFLOW_BOT.login, `${marker('build')}\nby the workflow token`],
    [person.login, `${marker('build')}\nv2`],
  ]);
});

test("a read-only token (a fork's pull request) gives a note naming the fix, not a failure", async () => {
  api.refuseCommentWrites(403);
  const outcome = await upsertPullRequestComment(target(), `${marker('build')}\nreport`, findOwn('build'));
  assert.equal(outcome.kind, 'not-allowed');
  assert.match(outcome.kind === 'not-allowed' ? outcome.note : '', new RegExp(`may not comment on pull request #${pr} \\(HTTP 403: Resource not accessible by integration\\)\\. A pull request from a fork gets a read-only token.*pull-requests: write`));
  assert.equal(api.issueComments(REPOSITORY, pr).length, 0);
  // An existing comment of ours, a write refused: the note says it was the update.
  api.refuseCommentWrites(undefined);
  await upsertPullRequestComment(target(), `${marker('build')}\nv1`, findOwn('build'));
  api.refuseCommentWrites(403);
  const update = await upsertPullRequestComment(target(), `${marker('build')}\nv2`, findOwn('build'));
  assert.match(update.kind === 'not-allowed' ? update.note : '', /may not update its comment on pull request/);
  assert.equal(api.issueComments(REPOSITORY, pr)[0]?.body, `${marker('build')}\nv1`);
});

test('a token refused even reading gives a note; a server error another note; the token is in neither', async () => {
  api.failWith(403);
  const refused = await upsertPullRequestComment(target(), 'x', findOwn('build'));
  assert.equal(refused.kind, 'not-allowed');
  assert.match(refused.kind === 'not-allowed' ? refused.note : '', /may not read the comments of pull request/);
  api.failWith(500, { message: `upstream said ${TOKEN}` });
  const failed = await upsertPullRequestComment(target(), 'x', findOwn('build'));
  assert.equal(failed.kind, 'failed');
  const note = failed.kind === 'failed' ? failed.note : '';
  assert.match(note, /could not read the comments of pull request #\d+ \(HTTP 500: upstream said \*\*\*\)/);
  assert.ok(!note.includes(TOKEN));
});

test('a body over GitHub’s 65,536-character limit is a failed comment with GitHub’s reason, not a thrown error', async () => {
  const outcome = await upsertPullRequestComment(target(), `${marker('build')}${'x'.repeat(65_536)}`, findOwn('build'));
  assert.equal(outcome.kind, 'failed');
  assert.match(outcome.kind === 'failed' ? outcome.note : '', /HTTP 422/);
});

test('the pull request number comes from the event payload: pull_request, workflow_run, or none', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'event-'));
  try {
    const event = join(folder, 'event.json');
    await writeFile(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { repo: { fork: true } } } }));
    assert.equal(await pullRequestNumber({ GITHUB_EVENT_PATH: event }), 7);
    await writeFile(event, JSON.stringify({ workflow_run: { id: 1, pull_requests: [{ number: 9, url: 'x' }] } }));
    assert.equal(await pullRequestNumber({ GITHUB_EVENT_PATH: event }), 9);
    await writeFile(event, JSON.stringify({ workflow_run: { id: 1, pull_requests: [] } }));
    assert.equal(await pullRequestNumber({ GITHUB_EVENT_PATH: event }), undefined);
    await writeFile(event, JSON.stringify({ ref: 'refs/heads/main', pusher: {} }));
    assert.equal(await pullRequestNumber({ GITHUB_EVENT_PATH: event }), undefined);
    await writeFile(event, JSON.stringify({ pull_request: { number: '7; rm -rf /' } }));
    assert.equal(await pullRequestNumber({ GITHUB_EVENT_PATH: event }), undefined, 'a payload of the wrong shape names no pull request');
    assert.equal(await pullRequestNumber({}), undefined);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
