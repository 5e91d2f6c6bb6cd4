// The analyze action with its enrichment on, end to end through the runner harness: VT_API_KEY and
// OPENAI_API_KEY in the job's env, virustotal-api-url / openai-base-url pointing at the local APIs
// (test/support/virustotal-api.ts, openai-api.ts), verdicts kept with the real @actions/cache client in
// the local cache service, "new since main" from the report artifact of the default branch's last
// successful run (the local REST API lists the run, the artifact service holds the report), and the
// alerts forwarded to a webhook receiver. The capture is the hostile one of the CLI's enrichment test.
//
// On a runner one results service (ACTIONS_RESULTS_URL) serves both the artifact and the cache Twirp
// APIs with one runtime token. Here they are two local services with tokens of their own, so a small
// front routes CacheService calls to the cache service (with its token) and everything else to the
// artifact service; blob URLs are absolute and go to each service directly.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeReportSchema, type AnalyzeReport } from '../../src/analyze/report.ts';
import { CAPTURE_ARTIFACT_PREFIX, CAPTURE_FILE_NAME, defaultArtifactName, METADATA_FILE_NAME, REPORT_ARTIFACT_PREFIX } from '../../src/capture/metadata.ts';
import { VERDICT_CACHE_KEY_PREFIX } from '../../src/enrich/virustotal/actions-cache.ts';
import { REPUTATION_HEADING } from '../../src/report/reputation-markdown.ts';
import { sarifLogSchema } from '../../src/report/sarif.ts';
import { TRIAGE_HEADING } from '../../src/report/triage-markdown.ts';
import { startArtifactService, type ArtifactService } from '../support/artifact-service.ts';
import { startCacheService, type CacheService } from '../support/cache-service.ts';
import { runCli } from '../support/cli.ts';
import { startGitHubApi, workflowRun, type GitHubApi } from '../support/github-api.ts';
import { RunnerJob } from '../support/harness.ts';
import { startOpenAiApi, type OpenAiApi } from '../support/openai-api.ts';
import { startWebhookReceiver, type Receiver, type ReceivedWebhookPayload } from '../support/receivers.ts';
import { startVirusTotalApi, type VirusTotalApi } from '../support/virustotal-api.ts';
import { BAD_DOMAIN, BAD_IP, ENRICH_RULES, enrichDescription, HOSTILE, MIRROR_DOMAIN, MIRROR_IP } from '../integration/cli/enrich-capture.ts';
import { assertNoRunnerCommandLines } from '../integration/report/gfm.ts';
import { jobMetadata, writeJobCapture } from '../unit/analyze/job-capture.ts';
import { actionUnderTest, type ActionUnderTest } from './live-support.ts';

const RUN_ID = 1400000777;
/** The default branch's last successful run of the same workflow, whose report is the baseline. */
const MAIN_RUN_ID = 1400000700;
const REPOSITORY = 'octo-org/octo-repo';
const VT_KEY = 'vt-e2e-key-' + 'fedcba9876543210fedcba9876543210';
const OPENAI_KEY = 'sk-proj-' + 'E2EKEYnotreal0123456789abcdefXYZ';
const CACHE_TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

/** ACTIONS_RESULTS_URL for a job: cache calls to the cache service (with its token), the rest to the artifact service. */
async function startResultsFront(artifacts: ArtifactService, cache: CacheService): Promise<{ url: string; close(): Promise<void> }> {
  const cacheToken = cache.jobEnv().ACTIONS_RUNTIME_TOKEN as string;
  const server: Server = createServer((incoming, outgoing) => {
    const toCache = (incoming.url ?? '').startsWith(CACHE_TWIRP);
    const target = new URL(incoming.url ?? '/', toCache ? cache.url : artifacts.url);
    const headers = { ...incoming.headers, host: target.host, ...(toCache ? { authorization: `Bearer ${cacheToken}` } : {}) };
    const forwarded = httpRequest(target, { method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the analyze action with VirusTotal, the AI triage, the default branch baseline and a webhook', { concurrency: false }, () => {
  let service: ArtifactService;
  let cache: CacheService;
  let front: { url: string; close(): Promise<void> };
  let api: GitHubApi;
  let vt: VirusTotalApi;
  let openai: OpenAiApi;
  let webhook: Receiver<ReceivedWebhookPayload>;
  let action: ActionUnderTest;
  let work: string;
  let rules: string;
  const savedEnv = { ...process.env };

  before(async () => {
    action = await actionUnderTest();
    service = await startArtifactService();
    cache = await startCacheService();
    front = await startResultsFront(service, cache);
    api = await startGitHubApi({ jobs: [], artifacts: service });
    vt = await startVirusTotalApi({ apiKey: VT_KEY });
    vt.know('ip', BAD_IP, { malicious: 5, harmless: 60, undetected: 20 });
    vt.know('domain', BAD_DOMAIN, { malicious: 4, suspicious: 1, harmless: 50 });
    vt.know('ip', MIRROR_IP, { harmless: 80, undetected: 8 });
    vt.know('domain', MIRROR_DOMAIN, { harmless: 70, undetected: 10 });
    openai = await startOpenAiApi();
    openai.reply({
      kind: 'answer',
      content: {
        summary: `All clear ${HOSTILE.mention} ${HOSTILE.html}\n${HOSTILE.command}`,
        findings: [{ ref: 'alert:1', triage: 'likely_malicious', reason: 'The action reached a flagged address.', suggested_exception: null }],
      },
    });
    webhook = await startWebhookReceiver();

    work = await mkdtemp(join(tmpdir(), 'fa-e2e-enrich-'));
    const folder = join(work, 'upload');
    await mkdir(folder);
    await rename(await writeJobCapture(folder, enrichDescription), join(folder, CAPTURE_FILE_NAME));
    await writeFile(join(folder, METADATA_FILE_NAME), JSON.stringify(jobMetadata({ job: { ...jobMetadata().job, key: 'build', repository: REPOSITORY, runId: String(RUN_ID), htmlUrl: `https://github.com/${REPOSITORY}/actions/runs/${RUN_ID}/job/42` } })));
    rules = join(work, 'exfil.yaml');
    await writeFile(rules, ENRICH_RULES);

    // The default branch's report: this job's, without what step 3 looked up and talked to (the CLI
    // makes the same report the action does), uploaded as the analyze job of MAIN_RUN_ID uploads it.
    const earlier = await runCli(['analyze', '--format', 'json', '--rules', rules, folder]);
    assert.equal(earlier.code, 0, earlier.stderr);
    const report = JSON.parse(earlier.stdout) as AnalyzeReport;
    const mainReport = {
      ...report,
      dns: (report.dns ?? []).filter((entry) => entry.attribution.step?.number !== 3),
      connections: (report.connections ?? []).filter((connection) => connection.attribution.step?.number !== 3),
    };
    const reportName = defaultArtifactName(REPORT_ARTIFACT_PREFIX, 'build');
    const reportFolder = join(work, 'main-report');
    await mkdir(reportFolder);
    await writeFile(join(reportFolder, `${reportName}.json`), JSON.stringify(mainReport));

    process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1'].filter(Boolean).join(',');
    delete process.env.GITHUB_SERVER_URL;
    const { DefaultArtifactClient } = await import('@actions/artifact');
    Object.assign(process.env, { GITHUB_API_URL: api.url }, service.jobEnv({ runId: MAIN_RUN_ID, job: 'analyze' }));
    await new DefaultArtifactClient().uploadArtifact(reportName, [join(reportFolder, `${reportName}.json`)], reportFolder, { retentionDays: 1 });
    // The monitored job's upload, as its stop step makes it.
    Object.assign(process.env, service.jobEnv({ runId: RUN_ID, job: 'build' }));
    await new DefaultArtifactClient().uploadArtifact(defaultArtifactName(CAPTURE_ARTIFACT_PREFIX, 'build'), [join(folder, CAPTURE_FILE_NAME), join(folder, METADATA_FILE_NAME)], folder, { retentionDays: 1 });
    api.setRepository(REPOSITORY, 'main');
    api.setWorkflowRuns(REPOSITORY, 'ci.yml', [workflowRun(REPOSITORY, RUN_ID, { status: 'in_progress', conclusion: null }), workflowRun(REPOSITORY, MAIN_RUN_ID)]);
  });
  after(async () => {
    process.env = savedEnv;
    await webhook?.close();
    await openai?.close();
    await vt?.close();
    await api?.close();
    await front?.close();
    await cache?.close();
    await service?.close();
    action?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('masks the keys first, enriches the summary (reputation, new since main, AI), writes a valid SARIF file, forwards the alert with CI context, saves the verdicts', async () => {
    const job = await RunnerJob.create({
      apiUrl: api.url,
      runId: RUN_ID,
      repository: REPOSITORY,
      jobName: 'analyze',
      env: {
        ...service.jobEnv({ runId: RUN_ID, job: 'analyze' }),
        ...cache.jobEnv(),
        // The artifact service's token (the front swaps in the cache's for cache calls).
        ACTIONS_RUNTIME_TOKEN: service.jobEnv({ runId: RUN_ID, job: 'analyze' }).ACTIONS_RUNTIME_TOKEN as string,
        ACTIONS_RESULTS_URL: front.url,
        NO_PROXY: '127.0.0.1',
        VT_API_KEY: VT_KEY,
        OPENAI_API_KEY: OPENAI_KEY,
      },
    });
    // The report and SARIF files are in the job's RUNNER_TEMP: read before the job is disposed.
    let step;
    let reportText: string | undefined;
    let sarifText: string | undefined;
    try {
      step = await job.uses(
        join(action.root, 'analyze'),
        {
          'falco-engine': 'native',
          'custom-rule-file': rules,
          'virustotal-api-url': vt.url,
          'vt-rate-limit': '1000',
          'openai-base-url': openai.baseUrl,
          'webhook-url': webhook.endpoint,
        },
        { root: action.root, name: 'Analyze' },
      );
      const reportFile = step.outputs['report-file']?.split('\n')[0] ?? '';
      if (existsSync(reportFile)) reportText = readFileSync(reportFile, 'utf8');
      const sarifFile = step.outputs['sarif-file'] ?? '';
      if (existsSync(sarifFile)) sarifText = readFileSync(sarifFile, 'utf8');
    } finally {
      await job.dispose();
    }
    assert.equal(step.outcome, 'success', step.log.join('\n'));

    // The keys: registered with the runner before any other line, and nowhere else in what the step printed.
    const lines = step.stdout.split(/\r?\n/).filter((line) => line !== '');
    assert.deepEqual(lines.slice(0, 2).sort(), [`::add-mask::${OPENAI_KEY}`, `::add-mask::${VT_KEY}`].sort(), lines.slice(0, 4).join('\n'));
    for (const key of [VT_KEY, OPENAI_KEY]) {
      assert.equal(lines.filter((line) => line.includes(key)).length, 1, 'the key is only in its add-mask line');
      assert.ok(!step.stderr.includes(key) && !step.summary.includes(key) && !step.log.some((line) => line.includes(key)));
    }

    // What the APIs received: each public indicator once with the key; one triage request.
    assert.deepEqual(vt.requests.map((request) => `${request.kind}:${request.indicator}`).sort(), [`domain:${BAD_DOMAIN}`, `domain:${HOSTILE.dnsName}`, `domain:${MIRROR_DOMAIN}`, `ip:${BAD_IP}`, `ip:${MIRROR_IP}`].sort());
    assert.ok(vt.requests.every((request) => request.headers['x-apikey'] === VT_KEY));
    assert.equal(openai.requests.length, 1);
    assert.equal(openai.requests[0]?.headers.authorization, `Bearer ${OPENAI_KEY}`);

    // The JSON report: verdicts, triage, and the comparison with the default branch's run.
    assert.ok(reportText !== undefined, `report-file: ${step.outputs['report-file']}`);
    const report = analyzeReportSchema.parse(JSON.parse(reportText));
    const enrichment = report.enrichment;
    assert.equal(enrichment?.virustotal?.reputations.find((entry) => entry.indicator === BAD_IP)?.verdict, 'malicious');
    assert.deepEqual(enrichment?.triage?.findings.map((finding) => finding.ref), ['alert:1']);
    const against = enrichment?.drift?.against;
    assert.ok(against?.kind === 'run', JSON.stringify(enrichment?.notes));
    assert.equal(against.runId, MAIN_RUN_ID, 'this run is never its own baseline');
    assert.equal(against.branch, 'main');
    assert.deepEqual(enrichment?.drift?.new.domains, [BAD_DOMAIN, HOSTILE.dnsName].sort());
    assert.deepEqual(enrichment?.drift?.new.ips, [BAD_IP]);
    assert.equal(enrichment?.drift?.known.domains, 1);

    // The job summary: the three enrichment sections, the AI one labelled; no workflow command in it.
    assert.ok(step.summary.includes(REPUTATION_HEADING), step.summary.slice(0, 2000));
    assert.ok(step.summary.includes(TRIAGE_HEADING));
    assert.match(step.summary, /New since the last successful run on ` main ` \(\[run 1400000700\]\(https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/1400000700\)\)/);
    assertNoRunnerCommandLines(step.summary);
    assert.ok(!step.log.some((line) => line.startsWith('::')), 'no workflow command leaks into the log');

    // The SARIF file: valid, with the malicious address as a virustotal result.
    assert.ok(sarifText !== undefined, `sarif-file: ${step.outputs['sarif-file']}`);
    const sarif = sarifLogSchema.parse(JSON.parse(sarifText));
    const results = sarif.runs.flatMap((run) => run.results);
    assert.ok(results.some((result) => result.ruleId === 'virustotal/malicious-ip' && result.message.text.includes(BAD_IP)), JSON.stringify(results.map((result) => result.ruleId)));
    assert.ok(results.some((result) => result.ruleId !== undefined && !result.ruleId.startsWith('virustotal/')), 'the Falco alert too');

    // The webhook: the alert, with the run's CI context.
    assert.deepEqual(webhook.rejected, []);
    const exfil = webhook.accepted.map((received) => received.body).filter((payload) => payload.rule === 'Exfil Connect');
    assert.equal(exfil.length, 1, JSON.stringify(webhook.accepted.map((received) => received.body.rule)));
    const context = exfil[0]!.falco_actions;
    assert.equal(context.repository, REPOSITORY);
    assert.equal(context.job, 'build');
    assert.equal(context.step, 'Run evil/action@v1');
    assert.equal(context.action, 'evil/action@v1');
    assert.ok(context.run_url?.startsWith(`https://github.com/${REPOSITORY}/actions/runs/${RUN_ID}`), String(context.run_url));

    // The verdicts were looked for in the Actions cache (by the prefix, newest entry first) and saved under this run's key.
    // (A second job cannot restore them here: the entry's version hashes the cached folder's path, under
    // RUNNER_TEMP, which the harness makes anew per job and a runner keeps the same.)
    assert.ok(cache.requests.some((request) => request.route === 'GetCacheEntryDownloadURL' && (request.restoreKeys ?? []).includes(VERDICT_CACHE_KEY_PREFIX)), JSON.stringify(cache.requests));
    const saved = cache.entries.filter((entry) => entry.finalized && entry.key.startsWith(VERDICT_CACHE_KEY_PREFIX));
    assert.equal(saved.length, 1, JSON.stringify(cache.requests));
    assert.ok(saved[0]!.key.includes(String(RUN_ID)), saved[0]!.key);
    assert.ok(cache.requests.some((request) => request.route === 'FinalizeCacheEntryUpload' && request.status === 200));
  });
});
