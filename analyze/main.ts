// analyze: read and validate inputs, then analyze the capture artifacts of the monitored jobs (this
// run's, or another's with run-id) and publish one report per job: job summary, JSON report artifact,
// pull-request comment, outputs, fail-on. Composition root: the artifact client, the GitHub client and
// the report pipeline load only once the inputs are valid (dynamic import), so that the step's first
// line comes without waiting for them.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInput, runStep } from '../src/action/step.ts';
import type { AlertForwarder, ReportPipeline } from '../src/analyze/action.ts';
import type { RunEnrichment } from '../src/enrich/stages.ts';
import type { StepLog } from '../src/action/step.ts';
import { parseAnalyzeSettings, type AnalyzeSettings } from '../src/settings/analyze.ts';
// Already part of the settings module's graph (the forwarding inputs are analyze inputs): no extra load.
import { forwardingEnabled, forwardSecrets } from '../src/settings/forward.ts';
import { FALCO_ACTIONS_VERSION as ACTION_VERSION } from '../src/action/version.ts';

/**
 * The report pipeline: build (src/analyze/pipeline.ts: metadata and hashes, rule check, the replay
 * container or the native engine, filters.config, the report) and the renderers
 * (src/report/analyze-markdown.ts, src/report/pr-comment.ts).
 */
async function loadReportPipeline(log: { info(line: string): void }): Promise<ReportPipeline> {
  const [{ analyzeCapture }, { nativeEngine }, { renderAnalyzeSummary }, { renderPrComment, findOwnComment }, { findActionRoot }] = await Promise.all([
    import('../src/analyze/pipeline.ts'),
    import('../src/analyze/engines.ts'),
    import('../src/report/analyze-markdown.ts'),
    import('../src/report/pr-comment.ts'),
    import('../src/action/action-root.ts'),
  ]);
  const actionRoot = findActionRoot(import.meta.url);
  return {
    async build(capture, settings) {
      let engine;
      if (settings.falcoEngine === 'native') {
        engine = nativeEngine({ falcoVersion: settings.falcoVersion });
      } else {
        const [{ connectDockerEngine }, { containerEngine }] = await Promise.all([import('../src/docker/connect.ts'), import('../src/analyze/container-engine.ts')]);
        engine = containerEngine({ docker: connectDockerEngine(process.env), image: settings.falcoImage, log: (line: string) => log.info(line) });
      }
      return analyzeCapture({
        capturePath: capture.captureFile,
        metadataFile: capture.metadataFile,
        hashesFile: capture.hashesFile,
        customRuleFiles: settings.customRuleFiles,
        cicdRules: settings.cicdRules,
        filters: settings.filtersConfig,
        sections: settings.sections,
        engine,
        actionRoot,
        baseDir: process.env.GITHUB_WORKSPACE ?? process.cwd(),
        toolVersion: ACTION_VERSION,
        log: (line) => log.info(line),
      });
    },
    renderSummary: (report, options) => renderAnalyzeSummary(report, options),
    renderComment: (report, options) => renderPrComment(report, options),
    findOwnComment: (comments, jobKey, options) => findOwnComment(comments, jobKey, options),
  };
}

/**
 * The enrichment of this run: verdicts kept in the Actions cache (a folder named from the VirusTotal key,
 * so an entry planted under our cache prefix by code without the key is never restored), the default
 * branch's report found through the REST API and the artifact service (actions: read).
 */
async function enrichmentFor(settings: AnalyzeSettings, at: { env: NodeJS.ProcessEnv; apiUrl: string; workDir: string; log: StepLog }): Promise<RunEnrichment> {
  const { env, log } = at;
  const { runEnrichment } = await import('../src/enrich/stages.ts');
  // The default branch's lookup is loaded only when the comparison is asked for.
  const lookup = settings.baseline.kind === 'default-branch' ? await Promise.all([import('../src/baseline/default-branch.ts'), import('@actions/artifact')]) : undefined;
  return runEnrichment(settings, {
    verdictStore: async () => {
      const { actionsCacheStore, verdictCacheDir } = await import('../src/enrich/virustotal/actions-cache.ts');
      return actionsCacheStore({
        workDir: verdictCacheDir(env.RUNNER_TEMP || tmpdir(), settings.virustotal.apiKey ?? ''),
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
        log: (line) => log.info(line),
      });
    },
    ...(lookup === undefined
      ? {}
      : {
          defaultBranch: () => ({
            ...lookup[0].defaultBranchContextFromEnv(env),
            runs: lookup[0].restRunsApi(settings.githubToken, at.apiUrl),
            artifacts: new lookup[1].DefaultArtifactClient(),
            token: settings.githubToken,
            workDir: join(at.workDir, 'baseline'),
          }),
        }),
    baseDir: env.GITHUB_WORKSPACE ?? process.cwd(),
    log: (line) => log.info(line),
  });
}

/** The alerts of every report to Slack, Loki, a webhook (src/forward), with the outcome for the summary. */
async function alertForwarder(settings: AnalyzeSettings, log: StepLog): Promise<AlertForwarder> {
  const { forwardAlerts, fromAnalyzeReport, describeOutcome, forwardFailure } = await import('../src/forward/index.ts');
  return async (reports) => {
    const result = await forwardAlerts(reports.flatMap((report) => fromAnalyzeReport(report)), settings.forward, { log });
    const failure = forwardFailure(result, settings.forward);
    return { lines: [...result.outputs.map(describeOutcome), ...result.notes], ...(failure === undefined ? {} : { failure }) };
  };
}

void runStep(async (log) => {
  const env = process.env;
  const settings = parseAnalyzeSettings((name) => getInput(name), env);
  // Before anything could print them: the API keys, the outputs' URLs, passwords and headers.
  for (const secret of [settings.virustotal.apiKey, settings.openai.apiKey, ...forwardSecrets(settings.forward)]) if (secret !== undefined) log.setSecret(secret);
  log.info(
    `falco-actions analyze: ${settings.falcoEngine} engine, Falco ${settings.falcoVersion}, capture artifacts of ${settings.runId === undefined ? 'this run' : `run ${settings.runId}`}`,
  );
  const [{ actionSink }, { DefaultArtifactClient }, { captureArtifacts, reportArtifactName }, { runAnalyze }, { pullRequestNumber, upsertPullRequestComment }, pipeline] = await Promise.all([
    import('../src/action/core-sink.ts'),
    import('@actions/artifact'),
    import('../src/analyze/artifacts.ts'),
    import('../src/analyze/action.ts'),
    import('../src/github/comments.ts'),
    loadReportPipeline(log),
  ]);
  const repository = env.GITHUB_REPOSITORY ?? '';
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com';
  const workDir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'falco-analyze-'));
  const enrichment = await enrichmentFor(settings, { env, apiUrl, workDir, log });
  if (enrichment.stages.length > 0) log.info(`Enrichment: ${enrichment.stages.join(', ')}.`);
  const reportPipeline: ReportPipeline = {
    ...pipeline,
    enrich: (report, artifact) => enrichment.enrich(report, reportArtifactName(artifact.name)),
    finish: () => enrichment.finish(),
    renderSarif: async (reports) => {
      const { reportsSarif } = await import('../src/analyze/sarif-file.ts');
      return reportsSarif(reports, {
        workspace: env.GITHUB_WORKSPACE || null,
        fallbackWorkflowRef: env.GITHUB_WORKFLOW_REF ?? null,
        toolVersion: ACTION_VERSION,
        log: (line) => log.info(line),
      });
    },
  };
  const runUrl = env.GITHUB_SERVER_URL && repository && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : null;
  const pullRequest = await pullRequestNumber(env);
  await runAnalyze({
    settings,
    artifacts: captureArtifacts(new DefaultArtifactClient(), { runId: settings.runId, repository, token: settings.githubToken }),
    pipeline: reportPipeline,
    comments:
      pullRequest === undefined
        ? null
        : { upsert: (body, findOwn) => upsertPullRequestComment({ token: settings.githubToken, apiUrl, repository, number: pullRequest }, body, findOwn) },
    sink: actionSink(log),
    // RUNNER_TEMP lasts the job: the report-file output stays readable by later steps.
    workDir,
    links: { run: runUrl, artifact: (id) => (runUrl === null ? null : `${runUrl}/artifacts/${id}`) },
    ...(forwardingEnabled(settings.forward) ? { forward: await alertForwarder(settings, log) } : {}),
  });
});
