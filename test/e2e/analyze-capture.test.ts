// Analyze mode, both jobs, end to end through the runner harness against the real Docker engine: the
// monitored job runs start (mode: analyze, the test recorder image with sysdig's command line), a
// compromised third-party action that reads Runner.Worker's environment, a step that writes a planted
// secret, and stop, which uploads the redacted capture artifact to the local artifact service; then the
// analyze job downloads it, replays it and attributes the alert to the action that caused it. The
// planted secret never appears in the uploaded artifact, the report or the logs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { analyzeReportSchema } from '../../src/analyze/report.ts';
import { CAPTURE_ARTIFACT_PREFIX, CAPTURE_FILE_NAME, captureMetadataSchema, defaultArtifactName, METADATA_FILE_NAME } from '../../src/capture/metadata.ts';
import { STATE_FILE_VARIABLE } from '../../src/live/hand-off.ts';
import { readCapture } from '../../src/scap/index.ts';
import { startArtifactService, type ArtifactService } from '../support/artifact-service.ts';
import { inspectContainer } from '../support/docker.ts';
import { requireDocker, requireRegistryImage, repoPath, testRegistry } from '../support/env.ts';
import { startGitHubApi, type GitHubApi } from '../support/github-api.ts';
import { RunnerJob } from '../support/harness.ts';
import { actionUnderTest, jobsOfThisRun, uniqueRunId, type ActionUnderTest } from './live-support.ts';

const SYSDIG_IMAGE = `${testRegistry()}/sysdig/sysdig:0.40.1`;
const COMPROMISED_ACTION = repoPath('test', 'fixtures', 'actions', 'compromised');
const REPOSITORY = 'octo-org/octo-repo';

async function nextSecond(): Promise<void> {
  await new Promise((resolveWait) => setTimeout(resolveWait, 1000 - (Date.now() % 1000) + 50));
}

describe('analyze mode: the monitored job, then the analyze job', { concurrency: false }, () => {
  let service: ArtifactService;
  let api: GitHubApi;
  let action: ActionUnderTest;
  let work: string;
  const savedEnv = { ...process.env };

  before(async () => {
    action = await actionUnderTest();
    service = await startArtifactService();
    api = await startGitHubApi({ jobs: [], artifacts: service });
    work = await mkdtemp(join(tmpdir(), 'fa-e2e-capture-'));
  });
  after(async () => {
    process.env = savedEnv;
    await api?.close();
    await service?.close();
    action?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('start -> a compromised action and a secret write -> stop uploads a redacted capture -> analyze names the action', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, SYSDIG_IMAGE))) return;
    const runId = uniqueRunId();
    const secret = `fa-planted-${randomBytes(12).toString('hex')}`;
    const job = await RunnerJob.create({
      apiUrl: api.url,
      runId,
      repository: REPOSITORY,
      jobName: 'build',
      runnerName: 'GitHub Actions 21',
      env: { ...service.jobEnv({ runId, job: 'build' }), NO_PROXY: '127.0.0.1' },
      secrets: [secret],
    });
    let analyzeJob: RunnerJob | undefined;
    let disposed = false;
    try {
      const start = await job.uses(action.start, { mode: 'analyze', 'sysdig-image': SYSDIG_IMAGE }, { root: action.root, name: 'Start capture' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      const state = JSON.parse(readFileSync(job.exportedEnv[STATE_FILE_VARIABLE]!, 'utf8')) as { containerId: string; mode: string };
      assert.equal(state.mode, 'analyze');
      await nextSecond();
      const evil = await job.uses(COMPROMISED_ACTION, {}, { actionRepository: 'evil-org/compromised', ref: 'v1', name: 'Run evil-org/compromised@v1' });
      assert.equal(evil.outcome, 'success', evil.log.join('\n'));
      await nextSecond();
      const write = await job.run('printf "%s" "$PLANTED" > "$RUNNER_TEMP/fa-planted.txt"\nsleep 1\n', { name: 'Write a secret', env: { PLANTED: secret } });
      assert.equal(write.outcome, 'success');
      const stop = await job.uses(action.stop, {}, { root: action.root, name: 'Stop capture', onStart: () => api.setJobs(jobsOfThisRun(job)) });
      assert.equal(stop.outcome, 'success', stop.log.join('\n'));
      const name = defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, 'build');
      assert.equal(stop.outputs['artifact-name'], name);
      assert.match(stop.summary, /redacted/);
      assert.equal(await inspectContainer(state.containerId), undefined, 'sysdig is stopped and removed');
      await job.complete();
      const post = job.results.at(-1)!;
      assert.equal(post.outcome, 'success', post.log.join('\n'));
      // One job at a time on a runner (the harness's lock): the monitored job ends before analyze starts.
      await job.dispose();
      disposed = true;

      // The uploaded artifact, as analyze downloads it: the secret is in none of its bytes.
      const artifact = service.artifactsOfRun(runId).find((candidate) => candidate.name === name);
      assert.ok(artifact, 'the capture artifact is uploaded');
      process.env.NO_PROXY = [savedEnv.NO_PROXY, '127.0.0.1'].filter(Boolean).join(',');
      delete process.env.GITHUB_SERVER_URL;
      Object.assign(process.env, { GITHUB_API_URL: api.url }, service.jobEnv({ runId, job: 'inspect' }));
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const into = join(work, 'download');
      await mkdir(into);
      await new DefaultArtifactClient().downloadArtifact(artifact.id, { path: into });
      const files = await readdir(into);
      assert.ok(files.includes(CAPTURE_FILE_NAME) && files.includes(METADATA_FILE_NAME), files.join(','));
      for (const file of files) {
        const bytes = await readFile(join(into, file));
        const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
        assert.ok(!plain.includes(Buffer.from(secret)), `${file} holds the planted secret`);
      }
      const metadata = captureMetadataSchema.parse(JSON.parse(await readFile(join(into, METADATA_FILE_NAME), 'utf8')));
      assert.equal(metadata.capture.redacted, true);
      const summary = await readCapture(join(into, CAPTURE_FILE_NAME), () => undefined, { eventNames: new Set() });
      assert.ok(summary.events > 0 && summary.damage === undefined);

      // The analyze job of the same run.
      analyzeJob = await RunnerJob.create({ apiUrl: api.url, runId, repository: REPOSITORY, jobName: 'analyze', env: { ...service.jobEnv({ runId, job: 'analyze' }), NO_PROXY: '127.0.0.1' }, secrets: [secret] });
      const analyze = await analyzeJob.uses(join(action.root, 'analyze'), { 'falco-engine': 'native' }, { root: action.root, name: 'Analyze' });
      assert.equal(analyze.outcome, 'success', analyze.log.join('\n'));
      const reportFile = analyze.outputs['report-file']!.split('\n')[0]!;
      assert.ok(existsSync(reportFile));
      const reportText = readFileSync(reportFile, 'utf8');
      assert.ok(!reportText.includes(secret), 'the report holds no secret');
      assert.ok(![...start.log, ...stop.log, ...analyze.log].some((line) => line.includes(secret)), 'no log holds the secret');
      const report = analyzeReportSchema.parse(JSON.parse(reportText));
      const environ = report.alerts.filter((alert) => alert.rule === 'Process Reading Environment Variables of Others');
      assert.ok(environ.length > 0, JSON.stringify(report.alerts.map((alert) => alert.rule)));
      assert.ok(environ.every((alert) => alert.attribution.action === 'evil-org/compromised@v1'), JSON.stringify(environ));
      assert.ok(environ.some((alert) => alert.attribution.step?.name === 'Run evil-org/compromised@v1'), JSON.stringify(environ.map((alert) => alert.attribution)));
      assert.match(analyze.summary, /evil-org\/compromised@v1/);
    } finally {
      if (!disposed) await job.dispose();
      await analyzeJob?.dispose();
    }
  });
});
