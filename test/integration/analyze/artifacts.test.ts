// analyze's artifact side (src/analyze/artifacts.ts) with the real @actions/artifact client against the
// local artifact service (test/support/artifact-service.ts) and, for another run (findBy), the local
// REST API: the monitored job uploads a capture artifact with the client, analyze finds and downloads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../../../src/action/errors.ts';
import { captureArtifacts, reportArtifactName, type ArtifactRun } from '../../../src/analyze/artifacts.ts';
import { CAPTURE_ARTIFACT_PREFIX, CAPTURE_FILE_NAME, defaultArtifactName, HASHES_FILE_NAME, METADATA_FILE_NAME } from '../../../src/capture/metadata.ts';
import { startArtifactService, type ArtifactService, type JobIdentity } from '../../support/artifact-service.ts';
import { startGitHubApi, type GitHubApi } from '../../support/github-api.ts';

// @actions/github (which the client uses for findBy) reads GITHUB_API_URL when first imported: the
// client is imported once the local REST API is up and the variable points at it.
let DefaultArtifactClient: typeof import('@actions/artifact').DefaultArtifactClient;
let service: ArtifactService;
let api: GitHubApi;
let work: string;
const savedEnv = { ...process.env };

const RUN_ID = 1300000101;
const REPOSITORY = 'octo-org/octo-repo';
const REST_TOKEN = 'ghs_fakeTokenForTests0123456789abcdefABCD';
const THIS_RUN: ArtifactRun = { runId: undefined, repository: REPOSITORY, token: REST_TOKEN };
const capture = randomBytes(64 * 1024);
const metadata = '{"schema":1}\n';
const hashes = '{"schema":1,"algorithm":"sha256","executables":[],"skipped":0}\n';

function becomeJob(identity: JobIdentity): void {
  for (const key of ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_RUN_ID', 'GITHUB_SERVER_URL']) delete process.env[key];
  Object.assign(process.env, service.jobEnv(identity), { GITHUB_WORKSPACE: work });
}

/** What a monitored job's stop step uploads: the three files at the artifact's top level. */
async function uploadCapture(identity: JobIdentity, name: string, files: Record<string, string | Buffer>): Promise<void> {
  const folder = join(work, `upload-${name}`);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(folder, file), content);
  becomeJob(identity);
  await new DefaultArtifactClient().uploadArtifact(name, Object.keys(files).map((file) => join(folder, file)), folder, { retentionDays: 1 });
}

async function rejectsWithUserError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isUserError(error), `a UserError, not ${String(error)}`);
    assert.match((error as Error).message, message);
    assert.ok(!(error as Error).message.includes(REST_TOKEN), 'the token stays out of the message');
    return true;
  });
}

before(async () => {
  service = await startArtifactService();
  api = await startGitHubApi({ jobs: [], artifacts: service });
  process.env.GITHUB_API_URL = api.url;
  process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1'].filter(Boolean).join(',');
  ({ DefaultArtifactClient } = await import('@actions/artifact'));
  work = await mkdtemp(join(tmpdir(), 'analyze-artifacts-'));
  const all = { [CAPTURE_FILE_NAME]: capture, [METADATA_FILE_NAME]: metadata, [HASHES_FILE_NAME]: hashes };
  await uploadCapture({ runId: RUN_ID, job: 'build' }, defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, 'build'), all);
  // A second monitored job whose stop could not hash: no hashes file.
  await uploadCapture({ runId: RUN_ID, job: 'test' }, defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, 'test'), { [CAPTURE_FILE_NAME]: capture, [METADATA_FILE_NAME]: metadata });
  await uploadCapture({ runId: RUN_ID, job: 'build' }, 'coverage', { 'lcov.info': 'TN:\n' });
  await uploadCapture({ runId: RUN_ID, job: 'lint' }, 'falco-capture-lint', { 'notes.txt': 'no capture here' });
});

after(async () => {
  await api.close();
  await service.close();
  await rm(work, { recursive: true, force: true });
  process.env = savedEnv;
});

test('a later job of the run finds every falco-capture-* artifact and downloads each into its own folder', async () => {
  becomeJob({ runId: RUN_ID, job: 'analyze' });
  const artifacts = captureArtifacts(new DefaultArtifactClient(), THIS_RUN);
  const found = await artifacts.find([]);
  assert.deepEqual(found.map((artifact) => [artifact.name, artifact.jobSlug]), [
    ['falco-capture-build', 'build'],
    ['falco-capture-lint', 'lint'],
    ['falco-capture-test', 'test'],
  ]);
  const into = join(work, 'downloads-this-run');
  const build = await artifacts.download(found[0]!, into);
  assert.deepEqual(await readFile(build.captureFile), capture);
  assert.equal(await readFile(build.metadataFile ?? '', 'utf8'), metadata);
  assert.equal(await readFile(build.hashesFile ?? '', 'utf8'), hashes);
  const test = await artifacts.download(found[2]!, into);
  assert.notEqual(test.directory, build.directory);
  assert.equal(test.hashesFile, null, 'a file the artifact lacks is null, not an error');
  await rejectsWithUserError(artifacts.download(found[1]!, into), /"falco-capture-lint" holds no capture\.scap/);
});

test('named artifacts are found by name; a missing one names the job that should have made it and what the run has', async () => {
  becomeJob({ runId: RUN_ID, job: 'analyze' });
  const artifacts = captureArtifacts(new DefaultArtifactClient(), THIS_RUN);
  assert.deepEqual((await artifacts.find(['falco-capture-test'])).map((artifact) => artifact.name), ['falco-capture-test']);
  await rejectsWithUserError(
    artifacts.find(['falco-capture-test', 'falco-capture-deploy']),
    /^No artifact named "falco-capture-deploy" in this workflow run: the monitored job "deploy" \(its key under jobs:\) should have uploaded it\. Its artifacts: .*"coverage".* Check that this job runs after it \(needs:\)/,
  );
  await rejectsWithUserError(artifacts.find(['my-capture']), /the monitored job whose stop step used artifact-name: my-capture should have uploaded it/);
});

test('a run without capture artifacts is an error saying what to set up', async () => {
  await uploadCapture({ runId: RUN_ID + 1, job: 'build' }, 'coverage', { 'lcov.info': 'TN:\n' });
  becomeJob({ runId: RUN_ID + 1, job: 'analyze' });
  await rejectsWithUserError(
    captureArtifacts(new DefaultArtifactClient(), THIS_RUN).find([]),
    /^No capture artifact \(falco-capture-\*\) in this workflow run: no monitored job uploaded one\. Its artifacts: "coverage"\. Run start with mode: analyze/,
  );
});

test('another run’s artifacts are found and downloaded through the REST API with the token (findBy)', async () => {
  becomeJob({ runId: RUN_ID + 2, job: 'analyze' });
  api.requests.length = 0;
  const artifacts = captureArtifacts(new DefaultArtifactClient(), { runId: RUN_ID, repository: REPOSITORY, token: REST_TOKEN });
  const [build] = await artifacts.find(['falco-capture-build']);
  const downloaded = await artifacts.download(build!, join(work, 'downloads-other-run'));
  assert.deepEqual(await readFile(downloaded.captureFile), capture);
  assert.deepEqual(
    api.requests.map((request) => request.url.split('?')[0]),
    [`/repos/${REPOSITORY}/actions/runs/${RUN_ID}/artifacts`, `/repos/${REPOSITORY}/actions/artifacts/${build!.id}/zip`],
  );
  for (const request of api.requests) assert.equal(request.headers.authorization, `token ${REST_TOKEN}`);
  await rejectsWithUserError(
    captureArtifacts(new DefaultArtifactClient(), { runId: RUN_ID, repository: REPOSITORY, token: '' }).find([]),
    /without a token\. Set the input 'github-token'/,
  );
});

test('another run the token may not read: the error names the run and the permission', async () => {
  becomeJob({ runId: RUN_ID + 2, job: 'analyze' });
  api.failWith(403);
  try {
    await rejectsWithUserError(
      captureArtifacts(new DefaultArtifactClient(), { runId: RUN_ID, repository: REPOSITORY, token: REST_TOKEN }).find([]),
      new RegExp(`^Could not list the artifacts of workflow run ${RUN_ID} of ${REPOSITORY}: .*permissions: \\{ actions: read \\}`),
    );
  } finally {
    api.failWith(undefined);
  }
});

test('only a plain file counts as the capture: a link in the folder is not followed', async () => {
  becomeJob({ runId: RUN_ID, job: 'analyze' });
  const artifacts = captureArtifacts(new DefaultArtifactClient(), THIS_RUN);
  const [lint] = await artifacts.find(['falco-capture-lint']);
  // The artifact's folder already holds a link named like the capture (as a zip entry could make one):
  // the download adds notes.txt only, and the link must not be taken for the capture.
  const into = join(work, 'downloads-linked');
  await mkdir(join(into, `artifact-${lint!.id}`), { recursive: true });
  await symlink('/etc/hostname', join(into, `artifact-${lint!.id}`, CAPTURE_FILE_NAME));
  await rejectsWithUserError(artifacts.download(lint!, into), /holds no capture\.scap/);
});

test('the report is uploaded as falco-report-<job> to this run and downloads as the same JSON', async () => {
  becomeJob({ runId: RUN_ID, job: 'analyze' });
  const artifacts = captureArtifacts(new DefaultArtifactClient(), THIS_RUN);
  const [build] = await artifacts.find(['falco-capture-build']);
  const file = join(work, 'report-build.json');
  await writeFile(file, '{"schema":1,"alerts":[]}\n');
  const uploaded = await artifacts.uploadReport(build!, file, 1);
  assert.equal(uploaded.name, 'falco-report-build');
  assert.ok(typeof uploaded.id === 'number' && uploaded.id > 0);
  const client = new DefaultArtifactClient();
  const { artifact } = await client.getArtifact('falco-report-build');
  await client.downloadArtifact(artifact.id, { path: join(work, 'report-download') });
  assert.equal(await readFile(join(work, 'report-download', 'report-build.json'), 'utf8'), '{"schema":1,"alerts":[]}\n');
  assert.equal(reportArtifactName('my capture (ü)'), 'falco-report-my-capture');
});
