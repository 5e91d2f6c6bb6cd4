// The analyze action end to end: a monitored job's capture artifact (a writer-made job capture and the
// metadata stop writes) is uploaded with the real @actions/artifact client to the local artifact service;
// then the committed analyze bundle runs as a job of the same run through the runner harness, on a pull
// request: it downloads the artifact, replays the capture, and publishes the summary, the JSON report
// artifact, the outputs and one pull-request comment, updated in place on a rerun.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeReportSchema } from '../../src/analyze/report.ts';
import { CAPTURE_ARTIFACT_PREFIX, CAPTURE_FILE_NAME, defaultArtifactName, METADATA_FILE_NAME, REPORT_ARTIFACT_PREFIX } from '../../src/capture/metadata.ts';
import { commentMarker } from '../../src/report/pr-comment.ts';
import { startArtifactService, type ArtifactService } from '../support/artifact-service.ts';
import { startGitHubApi, type GitHubApi } from '../support/github-api.ts';
import { RunnerJob } from '../support/harness.ts';
import { EVIL_REMOTE, jobMetadata, OWN_REMOTE, writeJobCapture } from '../unit/analyze/job-capture.ts';
import { actionUnderTest, type ActionUnderTest } from './live-support.ts';
import { falcoImage, requireDocker, requireRegistryImage } from '../support/env.ts';

const RUN_ID = 1400000123;
const REPOSITORY = 'octo-org/octo-repo';
const PR = 42;
const RULES = `- rule: Exfil Connect
  desc: curl connects to the exfiltration host
  condition: evt.type = connect and proc.name = curl and fd.sip = "${EVIL_REMOTE}"
  output: curl reached the exfil host (proc.pid=%proc.pid fd.name=%fd.name)
  priority: WARNING
  tags: [test]
`;

describe('the analyze action through the runner harness', { concurrency: false }, () => {
  let service: ArtifactService;
  let api: GitHubApi;
  let action: ActionUnderTest;
  let work: string;
  let rules: string;
  const savedEnv = { ...process.env };

  before(async () => {
    action = await actionUnderTest();
    service = await startArtifactService();
    api = await startGitHubApi({ jobs: [], artifacts: service });
    process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1'].filter(Boolean).join(',');
    delete process.env.GITHUB_SERVER_URL;
    Object.assign(process.env, { GITHUB_API_URL: api.url }, service.jobEnv({ runId: RUN_ID, job: 'build' }));
    const { DefaultArtifactClient } = await import('@actions/artifact');
    work = await mkdtemp(join(tmpdir(), 'fa-e2e-analyze-'));
    const folder = join(work, 'upload');
    await mkdir(folder);
    await rename(await writeJobCapture(folder), join(folder, CAPTURE_FILE_NAME));
    await writeFile(join(folder, METADATA_FILE_NAME), JSON.stringify(jobMetadata({ job: { ...jobMetadata().job, key: 'build', repository: REPOSITORY, runId: String(RUN_ID) } })));
    // The monitored job's upload, as its stop step makes it.
    await new DefaultArtifactClient().uploadArtifact(defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, 'build'), [join(folder, CAPTURE_FILE_NAME), join(folder, METADATA_FILE_NAME)], folder, { retentionDays: 1 });
    rules = join(work, 'exfil.yaml');
    await writeFile(rules, RULES);
  });
  after(async () => {
    process.env = savedEnv;
    await api?.close();
    await service?.close();
    action?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function analyzeJob(inputs: Record<string, string>) {
    const job = await RunnerJob.create({
      apiUrl: api.url,
      runId: RUN_ID,
      repository: REPOSITORY,
      jobName: 'analyze',
      eventName: 'pull_request',
      event: { action: 'synchronize', number: PR, pull_request: { number: PR } },
      env: { ...service.jobEnv({ runId: RUN_ID, job: 'analyze' }), NO_PROXY: '127.0.0.1' },
    });
    try {
      const step = await job.uses(join(action.root, 'analyze'), { 'custom-rule-file': rules, ...inputs }, { root: action.root, name: 'Analyze' });
      const report = step.outputs['report-file'] && existsSync(step.outputs['report-file'].split('\n')[0]!) ? analyzeReportSchema.parse(JSON.parse(readFileSync(step.outputs['report-file'].split('\n')[0]!, 'utf8'))) : undefined;
      return { step, report };
    } finally {
      await job.dispose();
    }
  }

  it('downloads the capture artifact and reports each finding with its step and action, in the summary, the JSON report and one PR comment', async () => {
    const { step, report } = await analyzeJob({ 'falco-engine': 'native', 'fail-on': 'error' });
    assert.equal(step.outcome, 'success', step.log.join('\n'));
    assert.ok(report, `report-file: ${step.outputs['report-file']}`);
    const alert = report.alerts.find((candidate) => candidate.rule === 'Exfil Connect');
    assert.equal(alert?.attribution.action, 'evil/action@v1', JSON.stringify(report.alerts));
    assert.equal(alert?.attribution.step?.number, 3);
    assert.ok(!(report.connections ?? []).some((connection) => connection.remote.address === OWN_REMOTE), "stop's own connection is left out");
    assert.match(step.summary, /Exfil Connect/);
    assert.match(step.summary, /evil\/action@v1/);
    assert.equal(step.outputs.alerts, String(report.alerts.length));
    assert.equal(step.outputs['highest-priority'], 'warning');
    assert.ok(service.artifactsOfRun(RUN_ID).some((artifact) => artifact.name === `${REPORT_ARTIFACT_PREFIX}build`), 'the JSON report is uploaded');
    const comments = api.issueComments(REPOSITORY, PR);
    assert.equal(comments.length, 1);
    assert.ok(comments[0]!.body.startsWith(commentMarker(defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, 'build'))), comments[0]!.body.slice(0, 200));
    assert.ok(!step.log.some((line) => line.startsWith('::')), 'no workflow command leaks from the report');

    // A rerun updates the same comment in place; fail-on warning now fails the step after publishing.
    const rerun = await analyzeJob({ 'falco-engine': 'native', 'fail-on': 'warning' });
    assert.equal(rerun.step.outcome, 'failure');
    assert.match(rerun.step.summary, /Exfil Connect/);
    assert.equal(api.issueComments(REPOSITORY, PR).length, 1, 'one comment per monitored job');
  });

  it('the container engine (the real Falco image replaying) gives the same attributed alert', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const { step, report } = await analyzeJob({ 'falco-image': falcoImage() });
    assert.equal(step.outcome, 'success', step.log.join('\n'));
    assert.equal(report?.engine.kind, 'container');
    const alert = report?.alerts.find((candidate) => candidate.rule === 'Exfil Connect');
    assert.equal(alert?.attribution.action, 'evil/action@v1', JSON.stringify(report?.alerts));
    assert.equal(alert?.attribution.step?.number, 3);
  });

  it('a named artifact that does not exist fails with the job that should have made it', async () => {
    const { step } = await analyzeJob({ 'falco-engine': 'native', 'artifact-name': 'falco-capture-deploy' });
    assert.equal(step.outcome, 'failure');
    assert.ok(step.log.some((line) => line.includes('deploy')), step.log.join('\n'));
  });
});
