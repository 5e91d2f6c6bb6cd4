// The real @actions/artifact client (DefaultArtifactClient) against the local artifact service
// (test/support/artifact-service.ts), reached only through the environment a runner gives a job.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArtifactService, type ArtifactService, type JobIdentity } from '../../support/artifact-service.ts';
import { startGitHubApi, type GitHubApi } from '../../support/github-api.ts';

// @actions/github reads GITHUB_API_URL once, when it is first imported (lib/utils.js `defaults`), as it
// does on a runner where the variable is set before the action starts; so the client is imported after
// the fake REST API is up and the variable points at it.
let DefaultArtifactClient: typeof import('@actions/artifact').DefaultArtifactClient;
let api: GitHubApi;
const REPOSITORY = { repositoryOwner: 'octo-org', repositoryName: 'octo-repo' };
const REST_TOKEN = 'ghs_fakeTokenForTests0123456789abcdefABCD';

const RUN_ID = 1300000001;
const BUILD: JobIdentity = { runId: RUN_ID, job: 'build' };
const ANALYZE: JobIdentity = { runId: RUN_ID, job: 'analyze' };

let service: ArtifactService;
let work: string;
let sources: string;
let binary: Buffer;
let text: string;

const savedEnv = { ...process.env };

/** Makes this process look like the given job to the client, as the runner does. */
function becomeJob(identity: JobIdentity, overrides: Record<string, string> = {}): void {
  for (const key of ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_RUN_ID', 'GITHUB_SERVER_URL']) delete process.env[key];
  Object.assign(process.env, service.jobEnv(identity), { GITHUB_WORKSPACE: work }, overrides);
}

before(async () => {
  service = await startArtifactService();
  api = await startGitHubApi({ jobs: [], artifacts: service });
  process.env.GITHUB_API_URL = api.url;
  // The blob uploader (@azure/core-rest-pipeline) does not exempt loopback from a developer's HTTPS_PROXY.
  process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1'].filter(Boolean).join(',');
  ({ DefaultArtifactClient } = await import('@actions/artifact'));
  work = await mkdtemp(join(tmpdir(), 'artifact-service-'));
  sources = join(work, 'sources');
  await mkdir(join(sources, 'nested'), { recursive: true });
  binary = randomBytes(5 * 1024 * 1024 + 123);
  text = 'capture metadata\nline two with ünïcode\n';
  await writeFile(join(sources, 'capture.scap'), binary);
  await writeFile(join(sources, 'nested', 'metadata.txt'), text);
});

after(async () => {
  await api.close();
  await service.close();
  await rm(work, { recursive: true, force: true });
  process.env = savedEnv;
});

beforeEach(() => {
  service.requests.length = 0;
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(directory, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`])),
  );
  return names.flat().sort();
}

test('uploads a zip of a 5 MB binary and a text file, lists it, gets it by name and downloads the same bytes', async () => {
  becomeJob(BUILD);
  const client = new DefaultArtifactClient();
  const uploaded = await client.uploadArtifact(
    'capture-build',
    [join(sources, 'capture.scap'), join(sources, 'nested', 'metadata.txt')],
    sources,
    { retentionDays: 1 },
  );
  assert.ok(uploaded.id !== undefined && uploaded.id > 0);
  assert.ok(uploaded.size !== undefined && uploaded.size > binary.length, 'random bytes do not compress: the zip is larger');
  const stored = service.artifactsOfRun(RUN_ID).find((artifact) => artifact.id === uploaded.id);
  assert.equal(stored?.blob?.length, uploaded.size, 'the committed blob holds every byte the client sent');
  assert.equal(stored?.digest, `sha256:${uploaded.digest}`);
  assert.equal(sha256(stored?.blob ?? Buffer.alloc(0)), uploaded.digest, "the client's digest is the digest of what arrived");
  assert.ok(service.requests.some((request) => request.method === 'PUT' && request.status === 201), 'the bytes went through block uploads');

  const { artifacts } = await client.listArtifacts();
  assert.deepEqual(
    artifacts.map(({ name, id, size }) => ({ name, id, size })),
    [{ name: 'capture-build', id: uploaded.id, size: uploaded.size }],
  );
  assert.ok(artifacts[0]?.createdAt instanceof Date);
  const { artifact } = await client.getArtifact('capture-build');
  assert.equal(artifact.id, uploaded.id);
  assert.equal(artifact.digest, `sha256:${uploaded.digest}`);

  const destination = join(work, 'download-same-job');
  const downloaded = await client.downloadArtifact(artifact.id, { path: destination, expectedHash: artifact.digest });
  assert.equal(downloaded.digestMismatch, false);
  assert.deepEqual(await listFiles(destination), ['capture.scap', 'nested/metadata.txt']);
  assert.equal(sha256(await readFile(join(destination, 'capture.scap'))), sha256(binary));
  assert.equal(await readFile(join(destination, 'nested', 'metadata.txt'), 'utf8'), text);
});

test('a raw (skipArchive) upload over one 8 MiB block downloads as the same file, not unzipped', async () => {
  // The client cuts uploads into 8 MiB blocks (config.js getUploadChunkSize): this one needs two, committed in order.
  const large = randomBytes(9 * 1024 * 1024 + 7);
  await writeFile(join(work, 'trace.bin'), large);
  becomeJob(BUILD);
  const client = new DefaultArtifactClient();
  const uploaded = await client.uploadArtifact('trace.bin', [join(work, 'trace.bin')], work, { skipArchive: true });
  assert.equal(uploaded.size, large.length);
  assert.equal(service.requests.filter((request) => request.method === 'PUT').length, 3, 'two blocks and one block list');
  const destination = join(work, 'download-raw');
  await client.downloadArtifact(uploaded.id as number, { path: destination });
  assert.deepEqual(await listFiles(destination), ['trace.bin']);
  assert.equal(sha256(await readFile(join(destination, 'trace.bin'))), sha256(large));
});

test('names with spaces, quotes, percent signs and non-ASCII letters round-trip through the signed blob URLs', async () => {
  becomeJob({ runId: RUN_ID + 4, job: 'build' });
  const client = new DefaultArtifactClient();
  const name = "odd'name %20&x=1#frag (ü)";
  const uploaded = await client.uploadArtifact(name, [join(sources, 'nested', 'metadata.txt')], sources);
  assert.equal((await client.getArtifact(name)).artifact.id, uploaded.id);
  const destination = join(work, 'download-odd-name');
  await client.downloadArtifact(uploaded.id as number, { path: destination });
  assert.equal(await readFile(join(destination, 'nested', 'metadata.txt'), 'utf8'), text);
});

test('a later job of the same run lists and downloads what the first job uploaded', async () => {
  becomeJob(ANALYZE);
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts();
  assert.deepEqual(artifacts.map((artifact) => artifact.name).sort(), ['capture-build', 'trace.bin']);
  const { artifact } = await client.getArtifact('capture-build');
  const destination = join(work, 'download-other-job');
  const downloaded = await client.downloadArtifact(artifact.id, { path: destination, expectedHash: artifact.digest });
  assert.equal(downloaded.digestMismatch, false);
  assert.equal(sha256(await readFile(join(destination, 'capture.scap'))), sha256(binary));
  assert.equal(await readFile(join(destination, 'nested', 'metadata.txt'), 'utf8'), text);
});

test('another run sees none of this run’s artifacts, and a missing name is ArtifactNotFoundError', async () => {
  becomeJob({ runId: RUN_ID + 1, job: 'build' });
  const client = new DefaultArtifactClient();
  assert.deepEqual((await client.listArtifacts()).artifacts, []);
  await assert.rejects(client.getArtifact('capture-build'), { name: 'ArtifactNotFoundError' });
});

test('uploading a name that already exists in the run is refused with 409 Conflict, from any job', async () => {
  becomeJob(ANALYZE);
  await assert.rejects(
    new DefaultArtifactClient().uploadArtifact('capture-build', [join(sources, 'nested', 'metadata.txt')], sources),
    {
      message:
        'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
    },
  );
  // One CreateArtifact: the client takes 409 as final (no retry) and never reaches the blob store.
  assert.deepEqual(service.requests.map(({ path, status }) => ({ path, status })), [
    { path: '/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact', status: 409 },
  ]);
});

test('a token the service did not sign is refused with 401 and a Twirp error body; nothing is stored', async () => {
  const genuine = service.tokenFor(BUILD);
  const [header, payload] = genuine.split('.') as [string, string, string];
  const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
  becomeJob(BUILD, { ACTIONS_RUNTIME_TOKEN: forged });
  const before = service.artifactsOfRun(RUN_ID).length;
  await assert.rejects(new DefaultArtifactClient().uploadArtifact('forged', [join(sources, 'nested', 'metadata.txt')], sources), {
    message: /^Failed to CreateArtifact: Received non-retryable error: Failed request: \(401\) Unauthorized: the runtime token/,
  });
  await assert.rejects(new DefaultArtifactClient().listArtifacts(), { message: /^Failed to ListArtifacts: .*\(401\) Unauthorized/ });
  assert.equal(service.artifactsOfRun(RUN_ID).length, before);

  // The wire shape itself, as a Twirp client sees it.
  const response = await fetch(`${service.url}twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
    body: JSON.stringify(service.backendIdsOf(BUILD)),
  });
  assert.equal(response.status, 401);
  const body = (await response.json()) as { code: string; msg: string };
  assert.equal(body.code, 'unauthenticated');
  assert.equal(typeof body.msg, 'string');
});

test('a genuine token of one run cannot read another run by naming its backend id', async () => {
  const other = service.backendIdsOf({ runId: RUN_ID + 2, job: 'x' });
  const response = await fetch(`${service.url}twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${service.tokenFor({ runId: RUN_ID + 2, job: 'x' })}` },
    body: JSON.stringify({ workflow_run_backend_id: service.backendIdsOf(BUILD).workflowRunBackendId, workflow_job_run_backend_id: other.workflowJobRunBackendId }),
  });
  assert.equal(response.status, 403);
  assert.equal(((await response.json()) as { code: string }).code, 'permission_denied');
});

test('a signed download URL with its signature altered is refused by the blob store', async () => {
  const artifact = service.artifactsOfRun(RUN_ID)[0];
  const url = new URL(service.signedDownloadUrl(artifact?.id ?? -1) ?? 'http://127.0.0.1:1/');
  assert.equal((await fetch(url)).status, 200);
  url.searchParams.set('sig', `x${url.searchParams.get('sig') ?? ''}`);
  const refused = await fetch(url);
  assert.equal(refused.status, 403);
  assert.equal(refused.headers.get('x-ms-error-code'), 'AuthenticationFailed');
});

test('another run finds and downloads this run’s artifacts through the REST API (findBy)', async () => {
  becomeJob({ runId: RUN_ID + 3, job: 'analyze' });
  const client = new DefaultArtifactClient();
  const findBy = { ...REPOSITORY, workflowRunId: RUN_ID, token: REST_TOKEN };
  api.requests.length = 0;
  const { artifacts } = await client.listArtifacts({ findBy });
  assert.deepEqual(artifacts.map((artifact) => artifact.name).sort(), ['capture-build', 'trace.bin']);
  const { artifact } = await client.getArtifact('capture-build', { findBy });
  assert.equal(artifact.digest, service.artifactsOfRun(RUN_ID).find((stored) => stored.name === 'capture-build')?.digest);
  const destination = join(work, 'download-find-by');
  const downloaded = await client.downloadArtifact(artifact.id, { path: destination, findBy, expectedHash: artifact.digest });
  assert.equal(downloaded.digestMismatch, false);
  assert.equal(sha256(await readFile(join(destination, 'capture.scap'))), sha256(binary));
  assert.deepEqual(
    api.requests.map((request) => request.url.split('?')[0]),
    [
      `/repos/octo-org/octo-repo/actions/runs/${RUN_ID}/artifacts`,
      `/repos/octo-org/octo-repo/actions/runs/${RUN_ID}/artifacts`,
      `/repos/octo-org/octo-repo/actions/artifacts/${artifact.id}/zip`,
    ],
  );
  for (const request of api.requests) assert.equal(request.headers.authorization, `token ${REST_TOKEN}`);
  await assert.rejects(client.getArtifact('no-such-artifact', { findBy }), { name: 'ArtifactNotFoundError' });
});
