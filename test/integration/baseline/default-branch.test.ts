// "New since main" against the last successful run on the default branch (src/baseline/default-branch.ts)
// with the production clients: @actions/github's Octokit against the local REST API
// (test/support/github-api.ts) and the real @actions/artifact client, reading another run's report
// artifact through findBy, against the local artifact service (test/support/artifact-service.ts).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeReportSchema, type AnalyzeReport } from '../../../src/analyze/report.ts';
import type { DefaultBranchOptions } from '../../../src/baseline/default-branch.ts';
import { noIndicators } from '../../../src/baseline/indicators.ts';
import { enrichReport } from '../../../src/enrich/enrich.ts';
import { serializeReport } from '../../../src/report/json-report.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';
import { startArtifactService, type ArtifactService, type JobIdentity } from '../../support/artifact-service.ts';
import { startGitHubApi, workflowRun, type GitHubApi } from '../../support/github-api.ts';

// @actions/github (the REST client here and in @actions/artifact's findBy) reads GITHUB_API_URL when
// first imported: both are imported once the local REST API is up and the variable points at it.
let DefaultArtifactClient: typeof import('@actions/artifact').DefaultArtifactClient;
let defaultBranchDrift: typeof import('../../../src/baseline/default-branch.ts').defaultBranchDrift;
let restRunsApi: typeof import('../../../src/baseline/default-branch.ts').restRunsApi;
let workflowFileOf: typeof import('../../../src/baseline/default-branch.ts').workflowFileOf;
let service: ArtifactService;
let api: GitHubApi;
let work: string;
const savedEnv = { ...process.env };

const REPOSITORY = 'octo-org/octo-repo';
const TOKEN = 'ghs_fakeTokenForTests0123456789abcdefABCD';
const WORKFLOW_REF = `${REPOSITORY}/.github/workflows/ci.yml@refs/heads/feature`;
/** Runs on the default branch, oldest first; the current run is the pull request's. */
const OLDER_RUN = 1300000201;
const NEWER_RUN = 1300000202;
const RUN_WITHOUT_REPORT = 1300000203;
const CURRENT_RUN = 1300000299;

/** The default branch's report: no DNS names and no containers yet. */
const baselineReport: AnalyzeReport = analyzeReportSchema.parse({ ...fixtureReport('typical'), dns: [], containers: [] });
const currentReport = fixtureReport('typical');

function becomeJob(identity: JobIdentity): void {
  for (const key of ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_RUN_ID', 'GITHUB_SERVER_URL']) delete process.env[key];
  Object.assign(process.env, service.jobEnv(identity), { GITHUB_WORKSPACE: work });
}

async function uploadReport(runId: number, name: string, report: AnalyzeReport): Promise<void> {
  const folder = join(work, `upload-${runId}-${name}`);
  await mkdir(folder, { recursive: true });
  // As analyze uploads it (src/analyze/action.ts): <artifact name>.json.
  await writeFile(join(folder, `${name}.json`), serializeReport(report));
  becomeJob({ runId, job: 'analyze' });
  await new DefaultArtifactClient().uploadArtifact(name, [join(folder, `${name}.json`)], folder, { retentionDays: 1 });
}

let downloads: string;
function options(overrides: Partial<DefaultBranchOptions> = {}): DefaultBranchOptions {
  return {
    repository: REPOSITORY,
    workflowRef: WORKFLOW_REF,
    currentRunId: CURRENT_RUN,
    runs: restRunsApi(TOKEN, api.url),
    artifacts: new DefaultArtifactClient(),
    token: TOKEN,
    workDir: downloads,
    ...overrides,
  };
}

before(async () => {
  service = await startArtifactService();
  api = await startGitHubApi({ jobs: [], artifacts: service });
  process.env.GITHUB_API_URL = api.url;
  process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1'].filter(Boolean).join(',');
  ({ DefaultArtifactClient } = await import('@actions/artifact'));
  ({ defaultBranchDrift, restRunsApi, workflowFileOf } = await import('../../../src/baseline/default-branch.ts'));
  work = await mkdtemp(join(tmpdir(), 'baseline-default-branch-'));
  await uploadReport(OLDER_RUN, 'falco-report-build', analyzeReportSchema.parse({ ...baselineReport, containers: [{ id: '1', name: 'old', image: 'redis:6' }] }));
  await uploadReport(NEWER_RUN, 'falco-report-build', baselineReport);
  await uploadReport(NEWER_RUN, 'falco-report-lint', baselineReport);
  await uploadReport(RUN_WITHOUT_REPORT, 'coverage', baselineReport);
  api.setRepository(REPOSITORY, 'main');
  becomeJob({ runId: CURRENT_RUN, job: 'analyze' });
});

beforeEach(async () => {
  downloads = await mkdtemp(join(work, 'downloads-'));
  api.failWith(undefined);
  api.requests.length = 0;
  api.setWorkflowRuns(REPOSITORY, 'ci.yml', [
    workflowRun(REPOSITORY, CURRENT_RUN, { head_branch: 'feature', event: 'pull_request', status: 'in_progress', conclusion: null }),
    workflowRun(REPOSITORY, NEWER_RUN),
    workflowRun(REPOSITORY, 1300000150, { conclusion: 'failure' }),
    workflowRun(REPOSITORY, OLDER_RUN),
  ]);
});

after(async () => {
  await api.close();
  await service.close();
  await rm(work, { recursive: true, force: true });
  process.env = savedEnv;
});

test('the workflow file comes from GITHUB_WORKFLOW_REF', () => {
  assert.equal(workflowFileOf(WORKFLOW_REF), 'ci.yml');
  assert.equal(workflowFileOf('o/r/.github/workflows/release.yaml@refs/tags/v1'), 'release.yaml');
  assert.equal(workflowFileOf('o/r/dynamic/copilot@refs/heads/main'), null);
  assert.equal(workflowFileOf(''), null);
});

test('a successful run with the report artifact: the drift against it, and nothing left in the download folder', async () => {
  const outcome = await defaultBranchDrift(options())(currentReport);
  assert.ok('drift' in outcome, JSON.stringify(outcome));
  assert.deepEqual(outcome.drift.against, { kind: 'run', runId: NEWER_RUN, branch: 'main', url: `https://github.com/${REPOSITORY}/actions/runs/${NEWER_RUN}` });
  assert.deepEqual(outcome.drift.new, { ...noIndicators(), domains: ['downloads.example.org'], containers: ['redis:7'] });
  assert.deepEqual(outcome.drift.known, { domains: 0, ips: 2, executables: 3, 'written-files': 1, containers: 0 });
  const paths = api.requests.map((request) => request.url);
  assert.equal(paths[0], `/repos/${REPOSITORY}`);
  const runsUrl = new URL(paths[1] ?? '', api.url);
  assert.equal(runsUrl.pathname, `/repos/${REPOSITORY}/actions/workflows/ci.yml/runs`);
  assert.equal(runsUrl.searchParams.get('branch'), 'main');
  assert.equal(runsUrl.searchParams.get('status'), 'success');
  assert.ok(paths.some((path) => path.startsWith(`/repos/${REPOSITORY}/actions/runs/${NEWER_RUN}/artifacts`)));
  for (const request of api.requests) assert.equal(request.headers.authorization, `token ${TOKEN}`);
  assert.deepEqual(await readdir(downloads), []);
});

test('a download folder that does not exist yet is made (the action hands in one below its work folder)', async () => {
  const outcome = await defaultBranchDrift(options({ workDir: join(downloads, 'not-yet', 'baseline') }))(currentReport);
  assert.ok('drift' in outcome, JSON.stringify(outcome));
});

test('through enrichReport: the drift lands in the report, and the runs are looked up once for several reports', async () => {
  const drift = defaultBranchDrift(options());
  const enriched = await enrichReport(currentReport, { drift });
  assert.deepEqual(enriched.enrichment?.drift?.new.containers, ['redis:7']);
  const lint = await drift(analyzeReportSchema.parse({ ...currentReport, job: { ...currentReport.job, key: 'lint' } }));
  assert.ok('drift' in lint);
  assert.equal(api.requests.filter((request) => request.url.includes('/actions/workflows/')).length, 1);
});

test('the current run, a fork’s pull request from a branch named main, and runs without the artifact are passed over', async () => {
  api.setWorkflowRuns(REPOSITORY, 'ci.yml', [
    workflowRun(REPOSITORY, CURRENT_RUN),
    workflowRun(REPOSITORY, 1300000250, { event: 'pull_request', head_repository: { full_name: 'mallory/octo-repo' } }),
    workflowRun(REPOSITORY, 1300000251, { event: 'push', head_repository: { full_name: 'mallory/octo-repo' } }),
    workflowRun(REPOSITORY, RUN_WITHOUT_REPORT),
    workflowRun(REPOSITORY, OLDER_RUN),
  ]);
  const outcome = await defaultBranchDrift(options())(currentReport);
  assert.ok('drift' in outcome, JSON.stringify(outcome));
  assert.equal(outcome.drift.against.kind === 'run' && outcome.drift.against.runId, OLDER_RUN);
  // The older run had redis:6: redis:7 is new.
  assert.deepEqual(outcome.drift.new.containers, ['redis:7']);
  const artifactLookups = api.requests.filter((request) => /\/actions\/runs\/\d+\/artifacts/.test(request.url)).map((request) => Number(/runs\/(\d+)\//.exec(request.url)?.[1]));
  assert.deepEqual(artifactLookups.slice(0, 2), [RUN_WITHOUT_REPORT, OLDER_RUN]);
});

test('no successful run on the default branch yet: a note, not a failure', async () => {
  api.setWorkflowRuns(REPOSITORY, 'ci.yml', [workflowRun(REPOSITORY, CURRENT_RUN), workflowRun(REPOSITORY, 1300000150, { conclusion: 'failure' })]);
  const outcome = await defaultBranchDrift(options())(currentReport);
  assert.deepEqual(outcome, {
    note: 'No comparison with the default branch yet: the workflow ci.yml has no successful run on main other than this one. Runs after one succeeds there will be compared with it.',
  });
});

test('a workflow the default branch does not have (404): a note', async () => {
  const outcome = await defaultBranchDrift(options({ workflowRef: `${REPOSITORY}/.github/workflows/new.yml@refs/heads/feature` }))(currentReport);
  assert.ok('note' in outcome);
  assert.match(outcome.note, /^No comparison with the default branch: GitHub does not know the workflow new\.yml on the default branch \(404\)/);
});

test('no report artifact of the job in the runs (a renamed job): a note naming the artifact and the runs', async () => {
  const outcome = await defaultBranchDrift(options())(analyzeReportSchema.parse({ ...currentReport, job: { ...currentReport.job, key: 'Build & Test' } }));
  assert.deepEqual(outcome, {
    note: `No comparison with the default branch: no report artifact falco-report-build-test in the last 2 successful runs of ci.yml on main (${NEWER_RUN}, ${OLDER_RUN}). The job is new or was renamed, analyze did not run there, or the artifacts expired.`,
  });
  const custom = await defaultBranchDrift(options({ reportArtifactName: () => 'falco-report-lint' }))(analyzeReportSchema.parse({ ...currentReport, job: null }));
  assert.ok('drift' in custom);
  assert.deepEqual(await defaultBranchDrift(options())(analyzeReportSchema.parse({ ...currentReport, job: null })), {
    note: 'No comparison with the default branch: the report names no job, so its report artifact on the default branch cannot be told.',
  });
});

test('a token without actions: read (403): a note naming the permission, never the token', async () => {
  api.failWith(403);
  const outcome = await defaultBranchDrift(options())(currentReport);
  assert.ok('note' in outcome);
  assert.match(outcome.note, /^No comparison with the default branch: the token may not read this workflow's runs \(403\)\. Give the analyze job `permissions: \{ actions: read \}`/);
  assert.ok(!outcome.note.includes(TOKEN));
});

test('a server error is a failure of the stage (enrichReport keeps the rest of the report), without the token', async () => {
  api.failWith(500, { message: `upstream said ${TOKEN}` });
  const enriched = await enrichReport(currentReport, { drift: defaultBranchDrift(options()) });
  assert.equal(enriched.enrichment?.drift, undefined);
  const [note] = enriched.enrichment?.notes ?? [];
  assert.match(note ?? '', /^The comparison with the baseline failed: Could not list the successful runs of the workflow ci\.yml on the default branch: /);
  assert.ok(!(note ?? '').includes(TOKEN));
});

test('a malformed report artifact on the default branch: a note saying what is wrong with it', async () => {
  const folder = join(work, 'upload-broken');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'falco-report.json'), '{"schema":1,"alerts":[]}\n');
  becomeJob({ runId: 1300000260, job: 'analyze' });
  await new DefaultArtifactClient().uploadArtifact('falco-report-build', [join(folder, 'falco-report.json')], folder, { retentionDays: 1 });
  becomeJob({ runId: CURRENT_RUN, job: 'analyze' });
  api.setWorkflowRuns(REPOSITORY, 'ci.yml', [workflowRun(REPOSITORY, 1300000260), workflowRun(REPOSITORY, OLDER_RUN)]);
  const outcome = await defaultBranchDrift(options())(currentReport);
  assert.ok('note' in outcome);
  assert.match(outcome.note, /^No comparison with the default branch: The report artifact falco-report-build of run 1300000260 is not a falco-actions analyze report \(schema 1\)/);
  assert.deepEqual(await readdir(downloads), []);
});

test('an artifact with several JSON files and none named after it: a note', async () => {
  const folder = join(work, 'upload-two');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'a.json'), serializeReport(baselineReport));
  await writeFile(join(folder, 'b.json'), serializeReport(baselineReport));
  becomeJob({ runId: 1300000261, job: 'analyze' });
  await new DefaultArtifactClient().uploadArtifact('falco-report-build', [join(folder, 'a.json'), join(folder, 'b.json')], folder, { retentionDays: 1 });
  becomeJob({ runId: CURRENT_RUN, job: 'analyze' });
  api.setWorkflowRuns(REPOSITORY, 'ci.yml', [workflowRun(REPOSITORY, 1300000261)]);
  assert.deepEqual(await defaultBranchDrift(options())(currentReport), {
    note: 'No comparison with the default branch: The artifact falco-report-build of run 1300000261 holds 2 JSON files and none named falco-report-build.json.',
  });
});
