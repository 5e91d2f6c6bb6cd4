// buildCaptureMetadata: the runner's environment, start's state and the capture's facts become a
// schema-valid metadata file; missing values become null or GitHub's default; long values are cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCaptureMetadata, type MetadataInput } from '../../../src/capture/collect-metadata.ts';
import { captureMetadataSchema } from '../../../src/capture/metadata.ts';
import type { CaptureState } from '../../../src/capture/state.ts';

const env = {
  GITHUB_JOB: 'build',
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/heads/main',
  GITHUB_RUN_ID: '123',
  GITHUB_RUN_NUMBER: '7',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://ghe.example',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REF: 'refs/pull/1/merge',
  GITHUB_SHA: 'c'.repeat(40),
  RUNNER_NAME: 'GitHub Actions 3',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  GITHUB_WORKSPACE: '/home/runner/work/r/r',
};

const state: CaptureState = {
  version: 1,
  mode: 'analyze',
  containerId: 'abc',
  containerName: 'falco-actions-sysdig',
  image: '127.0.0.1:5000/sysdig/sysdig:0.40.1',
  captureFile: '/tmp/w/capture.scap',
  workDir: '/tmp/w',
  snaplen: 256,
  ignoredSyscalls: ['futex', 'nanosleep'],
  verbose: false,
  startedAt: '2025-06-02T09:29:57.000Z',
  readyAt: '2025-06-02T09:29:59.000Z',
  sysdigPid: 900,
  runnerWorkerPid: 500,
  ownProcesses: [{ role: 'start', pid: 400, fromMs: 1000, toMs: 2000 }],
};

const capture = { redacted: true, events: 42, bytes: 4096, sha256: 'd'.repeat(64), truncated: true, stoppedAt: '2025-06-02T09:30:09.000Z' };
const steps = [{ number: 1, name: 'Set up job', status: 'completed', conclusion: 'success', started_at: '2025-06-02T09:29:50Z', completed_at: '2025-06-02T09:29:54Z' }];

const input = (overrides: Partial<MetadataInput> = {}): MetadataInput => ({ env, state, steps, capture, falcoActionsVersion: '1.2.3', ...overrides });

test('a full environment becomes schema-valid metadata with every value in place', () => {
  const metadata = buildCaptureMetadata(input({ jobName: 'Build (linux)', jobId: 99, htmlUrl: 'https://ghe.example/o/r/actions/runs/123/job/99', sysdigVersion: '0.40.1' }));
  assert.deepEqual(captureMetadataSchema.parse(metadata), metadata);
  assert.deepEqual(metadata.job, {
    key: 'build',
    name: 'Build (linux)',
    id: 99,
    htmlUrl: 'https://ghe.example/o/r/actions/runs/123/job/99',
    repository: 'o/r',
    workflow: 'CI',
    workflowRef: 'o/r/.github/workflows/ci.yml@refs/heads/main',
    runId: '123',
    runNumber: '7',
    runAttempt: '2',
    serverUrl: 'https://ghe.example',
    eventName: 'pull_request',
    ref: 'refs/pull/1/merge',
    sha: 'c'.repeat(40),
  });
  assert.deepEqual(metadata.runner, { name: 'GitHub Actions 3', os: 'Linux', arch: 'X64', workerPid: 500, workspace: '/home/runner/work/r/r' });
  assert.deepEqual(metadata.capture, {
    fileName: 'capture.scap',
    sysdigImage: state.image,
    snaplen: 256,
    ignoredSyscalls: ['futex', 'nanosleep'],
    startedAt: state.startedAt,
    readyAt: state.readyAt,
    ...capture,
  });
  assert.deepEqual(metadata.steps, steps);
  assert.deepEqual(metadata.ownProcesses, state.ownProcesses);
  assert.equal(metadata.sysdigPid, 900);
  assert.deepEqual(metadata.versions, { falcoActions: '1.2.3', sysdig: '0.40.1' });
});

test('an empty environment and a sparse state give nulls and GitHub defaults, still schema-valid', () => {
  const { readyAt: _r, sysdigPid: _s, runnerWorkerPid: _w, ownProcesses: _o, ...sparse } = state;
  const metadata = buildCaptureMetadata(input({ env: { GITHUB_REF: '' }, state: sparse, steps: null }));
  assert.deepEqual(captureMetadataSchema.parse(metadata), metadata);
  assert.equal(metadata.job.key, '');
  assert.equal(metadata.job.name, null);
  assert.equal(metadata.job.id, null);
  assert.equal(metadata.job.workflowRef, null);
  assert.equal(metadata.job.ref, null, 'an empty value is a missing one');
  assert.equal(metadata.job.runAttempt, '1');
  assert.equal(metadata.job.serverUrl, 'https://github.com');
  assert.deepEqual(metadata.runner, { name: null, os: null, arch: null, workerPid: null, workspace: null });
  assert.equal(metadata.capture.readyAt, null);
  assert.equal(metadata.steps, null);
  assert.deepEqual(metadata.ownProcesses, []);
  assert.equal(metadata.sysdigPid, null);
  assert.equal(metadata.versions.sysdig, null);
});

test('values longer than the schema allows are cut to its maximum, not refused', () => {
  const long = { ...env, GITHUB_REF: 'refs/heads/' + 'b'.repeat(1000), GITHUB_WORKFLOW: 'a' + '😀'.repeat(400), GITHUB_SHA: 'e'.repeat(100) };
  const manySteps = Array.from({ length: 1200 }, (_, index) => ({ ...steps[0]!, number: index + 1 }));
  const metadata = buildCaptureMetadata(input({ env: long, steps: manySteps, jobName: 'n'.repeat(600) }));
  assert.equal(metadata.job.ref!.length, 500);
  assert.equal(metadata.job.sha, 'e'.repeat(64));
  assert.equal(metadata.job.name!.length, 500);
  // 500 units would end inside a surrogate pair: the half character is dropped.
  assert.equal(metadata.job.workflow, 'a' + '😀'.repeat(249));
  assert.equal(metadata.steps!.length, 1000);
});
