// analyze: read and validate inputs, then analyze the capture artifacts of the monitored jobs (this
// run's, or another's with run-id) and publish one report per job: job summary, JSON report artifact,
// pull-request comment, outputs, fail-on. Composition root: the artifact client, the GitHub client and
// the report pipeline load only once the inputs are valid (dynamic import), so that the step's first
// line comes without waiting for them.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInput, runStep } from '../src/action/step.ts';
import type { ReportPipeline } from '../src/analyze/action.ts';
import { parseAnalyzeSettings } from '../src/settings/analyze.ts';
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

void runStep(async (log) => {
  const settings = parseAnalyzeSettings((name) => getInput(name));
  const env = process.env;
  log.info(
    `falco-actions analyze: ${settings.falcoEngine} engine, Falco ${settings.falcoVersion}, capture artifacts of ${settings.runId === undefined ? 'this run' : `run ${settings.runId}`}`,
  );
  const [{ actionSink }, { DefaultArtifactClient }, { captureArtifacts }, { runAnalyze }, { pullRequestNumber, upsertPullRequestComment }, pipeline] = await Promise.all([
    import('../src/action/core-sink.ts'),
    import('@actions/artifact'),
    import('../src/analyze/artifacts.ts'),
    import('../src/analyze/action.ts'),
    import('../src/github/comments.ts'),
    loadReportPipeline(log),
  ]);
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runUrl = env.GITHUB_SERVER_URL && repository && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : null;
  const pullRequest = await pullRequestNumber(env);
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com';
  await runAnalyze({
    settings,
    artifacts: captureArtifacts(new DefaultArtifactClient(), { runId: settings.runId, repository, token: settings.githubToken }),
    pipeline,
    comments:
      pullRequest === undefined
        ? null
        : { upsert: (body, findOwn) => upsertPullRequestComment({ token: settings.githubToken, apiUrl, repository, number: pullRequest }, body, findOwn) },
    sink: actionSink(log),
    // RUNNER_TEMP lasts the job: the report-file output stays readable by later steps.
    workDir: await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'falco-analyze-')),
    links: { run: runUrl, artifact: (id) => (runUrl === null ? null : `${runUrl}/artifacts/${id}`) },
  });
});
