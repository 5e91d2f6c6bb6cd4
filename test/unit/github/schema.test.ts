import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JobSchema, JobsPageSchema, GitHubApiError, selectThisJob, type Job } from '../../../src/github/index.ts';
import { toStepIntervals } from '../../../src/attribution/index.ts';

const page = JSON.parse(readFileSync(new URL('../../fixtures/github/run-attempt-jobs.json', import.meta.url), 'utf8')) as unknown;

test('the recorded jobs page matches the schema, in-progress and pending steps included', () => {
  const parsed = JobsPageSchema.parse(page);
  assert.equal(parsed.total_count, 3);
  const build = parsed.jobs[0] as Job;
  assert.equal(build.status, 'in_progress');
  const intervals = toStepIntervals(build.steps ?? []);
  const running = intervals.find((step) => step.status === 'in_progress');
  assert.equal(running?.endSecond, undefined, 'completed_at null: open interval');
  assert.ok(running?.startSecond !== undefined);
  const pending = intervals.filter((step) => step.startSecond === undefined).map((step) => step.name);
  assert.deepEqual(pending, ['Post Run actions/checkout@v4', 'Complete job']);
  // Step times with an offset (as in GitHub's own example) are the same instants.
  const test = toStepIntervals((parsed.jobs[1] as Job).steps ?? []);
  assert.equal(test[0]?.startSecond, Date.parse('2026-11-23T04:00:06Z') / 1000);
});

test('the schema rejects a job without the fields attribution relies on, and lets every other field go', () => {
  const build = (page as { jobs: Record<string, unknown>[] }).jobs[0] as Record<string, unknown>;
  assert.ok(!JobSchema.safeParse({ ...build, runner_name: 7 }).success);
  assert.ok(!JobSchema.safeParse({ ...build, steps: [{ name: 's', status: 'completed', conclusion: null }] }).success);
  assert.ok(JobSchema.safeParse({ ...build, runner_name: null, brand_new_field: { x: 1 } }).success, 'unknown fields are tolerated');
  // Fields we never read may be missing or changed: the steps still come through.
  const unused = ['run_url', 'id', 'run_id', 'node_id', 'head_sha', 'url', 'check_run_url', 'labels', 'runner_id', 'runner_group_id', 'runner_group_name', 'started_at', 'completed_at', 'conclusion'];
  const trimmed = Object.fromEntries(Object.entries(build).filter(([key]) => !unused.includes(key)));
  const parsed = JobsPageSchema.parse({ total_count: 1, jobs: [{ ...trimmed, labels: 'not a list', run_url: 42 }] });
  assert.deepEqual(
    toStepIntervals(parsed.jobs[0]?.steps ?? []).map((step) => step.name),
    ((build.steps as Array<{ name: string }>) ?? []).map((step) => step.name),
  );
  assert.ok(!('run_url' in trimmed));
});

test('selectThisJob: by runner name only; errors say which runners were seen', () => {
  const jobs = JobsPageSchema.parse(page).jobs;
  const picked = selectThisJob(jobs, 'GitHub Actions 1000000003', 'lint');
  assert.ok(!(picked instanceof GitHubApiError));
  assert.equal(picked.job.name, 'lint');
  assert.equal(picked.note, undefined);
  const missing = selectThisJob(jobs, 'GitHub Actions 9', 'lint');
  assert.ok(missing instanceof GitHubApiError);
  assert.match(missing.message, /runners seen: GitHub Actions 1000000001, GitHub Actions 1000000002, GitHub Actions 1000000003/);
});
