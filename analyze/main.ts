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

/**
 * The report pipeline: build (src/analyze/build.ts: replay or native engine, inventory, attribution)
 * and the renderers (src/report/analyze-markdown.ts, src/report/pr-comment.ts).
 */
async function loadReportPipeline(): Promise<ReportPipeline> {
  // Wired when the pipeline's modules are merged (see the analyze-action report); until then the
  // step says so rather than publishing an empty report.
  const { UserError } = await import('../src/action/errors.ts');
  throw new UserError('The analyze report pipeline is not part of this build of falco-actions.');
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
    loadReportPipeline(),
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
