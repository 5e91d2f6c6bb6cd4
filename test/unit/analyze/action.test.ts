// runAnalyze's order and decisions only: which collaborator is called when, what is published, when
// the step fails. The collaborators are in-process stand-ins recording their calls; the clients behind
// them (the artifact client, octokit) are tested against their local services elsewhere
// (test/integration/analyze/artifacts.test.ts, test/integration/github/comments.test.ts).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UserError } from '../../../src/action/errors.ts';
import type { ActionSink } from '../../../src/action/publish.ts';
import { runAnalyze, type AnalyzeContext, type ReportPipeline } from '../../../src/analyze/action.ts';
import type { CaptureArtifact, CaptureArtifacts } from '../../../src/analyze/artifacts.ts';
import { analyzeReportSchema, type AnalyzeReport } from '../../../src/analyze/report.ts';
import type { FalcoPriority } from '../../../src/falco/priority.ts';
import type { CommentOutcome } from '../../../src/github/comments.ts';
import { STEP_SUMMARY_LIMIT_BYTES } from '../../../src/report/render.ts';
import { parseAnalyzeSettings, type AnalyzeSettings } from '../../../src/settings/analyze.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-analyze-action-'));
after(() => rm(scratch, { recursive: true, force: true }));

function report(job: string, priorities: FalcoPriority[]): AnalyzeReport {
  const none = { step: null, action: null };
  return analyzeReportSchema.parse({
    schema: 1,
    tool: { name: 'falco-actions', version: '0.0.0-test' },
    job: { key: job, name: job, repository: 'octo-org/octo-repo', workflow: 'CI', runId: '1', runAttempt: '1', htmlUrl: null },
    capture: { file: 'capture.scap', events: 10, firstEventTime: null, lastEventTime: null, redacted: true, truncated: false, damage: null },
    engine: { kind: 'native', falcoVersion: '0.44.1', image: null, rulesFiles: [] },
    alerts: priorities.map((priority, index) => ({
      rule: `Rule ${job} ${index}`,
      priority,
      time: '2026-12-05T03:00:00Z',
      output: 'x',
      source: 'syscall',
      tags: [],
      pid: null,
      attribution: none,
    })),
    sections: [],
    exceptions: { file: null, removed: {} },
    steps: [],
    notes: [],
  });
}

/** The summary as a reader sees it: our notes are written with HTML entities for punctuation (escape.ts). */
const rendered = (markdown: string | undefined): string => (markdown ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

const artifact = (id: number, slug: string): CaptureArtifact => ({ id, name: `falco-capture-${slug}`, digest: undefined, jobSlug: slug });

interface Scenario {
  artifacts: CaptureArtifact[];
  reports: Record<string, AnalyzeReport | Error>;
  settings?: Record<string, string>;
  comment?: CommentOutcome | null;
  uploadFails?: boolean;
  summaryOf?: (report: AnalyzeReport) => string;
}

function setUp(scenario: Scenario) {
  const calls: string[] = [];
  const summaries: string[] = [];
  const outputs: Record<string, string> = {};
  const failures: string[] = [];
  const warnings: string[] = [];
  const infos: string[] = [];
  const comments: { body: string; reportUrl: string | undefined; jobKey: string }[] = [];
  const budgets: number[] = [];
  const artifacts: CaptureArtifacts = {
    async find(names) {
      calls.push(`find ${names.join(',')}`);
      return scenario.artifacts;
    },
    async download(found, into) {
      calls.push(`download ${found.name}`);
      const planned = scenario.reports[found.name];
      if (planned instanceof Error && planned.message.startsWith('download:')) throw planned;
      return { artifact: found, directory: into, captureFile: join(into, 'capture.scap'), metadataFile: null, hashesFile: null };
    },
    async uploadReport(found, file) {
      calls.push(`upload ${found.name} ${file.split('/').pop()}`);
      if (scenario.uploadFails) throw new UserError(`Could not upload the report artifact "${found.name}": quota.`);
      return { name: found.name.replace('capture', 'report'), id: found.id + 1000 };
    },
  };
  const pipeline: ReportPipeline = {
    async build(capture) {
      calls.push(`build ${capture.artifact.name}`);
      const planned = scenario.reports[capture.artifact.name];
      if (planned instanceof Error) throw planned;
      if (planned === undefined) throw new Error('no report planned');
      return planned;
    },
    renderSummary(built, { budgetBytes }) {
      calls.push(`summary ${built.job?.key}`);
      budgets.push(budgetBytes);
      return scenario.summaryOf?.(built) ?? `## Report of ${built.job?.key}\n`;
    },
    renderComment(built, options) {
      calls.push(`comment ${built.job?.key}`);
      comments.push({ body: `comment of ${built.job?.key}`, reportUrl: options.reportUrl, jobKey: options.jobKey });
      return `comment of ${built.job?.key}`;
    },
    findOwnComment: (found, jobKey, { login }) => found.find((comment) => comment.user?.login === login && comment.body === `comment of ${jobKey}`),
  };
  const sink: ActionSink = {
    info: (message) => infos.push(message),
    warning: (message) => warnings.push(message),
    error: () => undefined,
    notice: () => undefined,
    setOutput: (name, value) => {
      calls.push(`output ${name}`);
      outputs[name] = value;
    },
    setFailed: (message) => {
      calls.push('failed');
      failures.push(message);
    },
    appendSummary: async (markdown) => {
      calls.push('append summary');
      summaries.push(markdown);
    },
  };
  const lookups: (number | undefined)[] = [];
  const postedComments = [{ id: 5, body: 'comment of falco-capture-test', html_url: 'https://github.com/o/r/pull/1#issuecomment-5', user: { login: 'github-actions[bot]', type: 'Bot' } }];
  const settings: AnalyzeSettings = parseAnalyzeSettings((name) => scenario.settings?.[name] ?? '');
  const context: AnalyzeContext = {
    settings,
    artifacts,
    pipeline,
    comments:
      scenario.comment === null
        ? null
        : {
            async upsert(body, findOwn) {
              calls.push(`upsert ${body}`);
              lookups.push(findOwn(postedComments, 'github-actions[bot]')?.id);
              return scenario.comment ?? { kind: 'created', id: 1, url: 'https://github.com/o/r/pull/1#issuecomment-1' };
            },
          },
    sink,
    workDir: join(scratch, `work-${Math.random().toString(36).slice(2)}`),
    links: { run: 'https://github.com/o/r/actions/runs/1', artifact: (id) => `https://github.com/o/r/actions/runs/1/artifacts/${id}` },
  };
  return { context, calls, summaries, outputs, failures, warnings, infos, comments, budgets, lookups };
}

describe('runAnalyze', () => {
  it('for each artifact: download, build, write and upload the report, comment; then one summary, the outputs', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build'), artifact(2, 'test')], reports: { 'falco-capture-build': report('build', ['warning']), 'falco-capture-test': report('test', ['critical', 'notice']) } });
    const outcome = await runAnalyze(run.context);
    assert.deepEqual(run.calls, [
      'find ',
      'download falco-capture-build',
      'build falco-capture-build',
      'upload falco-capture-build falco-report-build.json',
      'comment build',
      'upsert comment of build',
      'download falco-capture-test',
      'build falco-capture-test',
      'upload falco-capture-test falco-report-test.json',
      'comment test',
      'upsert comment of test',
      'summary build',
      'summary test',
      'append summary',
      'output report-file',
      'output alerts',
      'output highest-priority',
    ]);
    assert.equal(run.summaries.length, 1, 'one write of the summary, all reports in it');
    assert.match(run.summaries[0] ?? '', /## Report of build\n[\s\S]*## Report of test\n/);
    assert.equal(run.outputs.alerts, '3');
    assert.equal(run.outputs['highest-priority'], 'critical');
    const files = (run.outputs['report-file'] ?? '').split('\n');
    assert.equal(files.length, 2);
    assert.deepEqual(JSON.parse(await readFile(files[1] ?? '', 'utf8')), report('test', ['critical', 'notice']));
    assert.deepEqual(run.comments.map((comment) => comment.reportUrl), ['https://github.com/o/r/actions/runs/1/artifacts/1001', 'https://github.com/o/r/actions/runs/1/artifacts/1002']);
    // The comment's key is the capture artifact's name, the finder gets it and the token's login.
    assert.deepEqual(run.comments.map((comment) => comment.jobKey), ['falco-capture-build', 'falco-capture-test']);
    assert.deepEqual(run.lookups, [undefined, 5]);
    assert.ok(run.budgets.every((budget) => budget > 400_000 && budget < STEP_SUMMARY_LIMIT_BYTES / 2), 'each of two reports gets about half the summary');
    assert.equal(outcome.failed, false);
    assert.deepEqual(run.failures, []);
  });

  it('passes the artifact names asked for; no alerts: empty highest-priority; no pull request: no comment rendered', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, settings: { 'artifact-name': 'falco-capture-build' }, comment: null });
    await runAnalyze(run.context);
    assert.equal(run.calls[0], 'find falco-capture-build');
    assert.ok(!run.calls.some((call) => call.startsWith('comment') || call.startsWith('upsert')));
    assert.equal(run.outputs.alerts, '0');
    assert.equal(run.outputs['highest-priority'], '');
  });

  it('fail-on: fails after everything is published when an alert reaches the threshold, not below it', async () => {
    const reached = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', ['error', 'notice']) }, settings: { 'fail-on': 'error' } });
    const outcome = await runAnalyze(reached.context);
    assert.equal(outcome.failed, true);
    assert.equal(reached.calls.at(-1), 'failed', 'the verdict comes last');
    assert.match(reached.failures[0] ?? '', /^Falco raised 1 alert at or above "error" \(fail-on\): "Rule build 0"\. See the job summary\.$/);
    const below = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', ['warning']) }, settings: { 'fail-on': 'error' } });
    assert.equal((await runAnalyze(below.context)).failed, false);
    assert.deepEqual(below.failures, []);
  });

  it('an artifact that cannot be analyzed does not cost the others their reports; the step fails naming it', async () => {
    const run = setUp({
      artifacts: [artifact(1, 'build'), artifact(2, 'test')],
      reports: { 'falco-capture-build': new UserError('download: The artifact "falco-capture-build" holds no capture.scap.'), 'falco-capture-test': report('test', []) },
    });
    const outcome = await runAnalyze(run.context);
    assert.deepEqual(outcome.analyzed.map((item) => item.artifact.name), ['falco-capture-test']);
    assert.match(rendered(run.summaries[0]), /## Report of test[\s\S]*### Not analyzed\n\n- falco-capture-build: download: The artifact "falco-capture-build" holds no capture\.scap\./);
    assert.equal(run.outputs['report-file']?.split('\n').length, 1);
    assert.match(run.failures[0] ?? '', /^1 of 2 capture artifacts could not be analyzed\. "falco-capture-build": download: The artifact/);
  });

  it('a bug in the pipeline is not swallowed as an artifact problem', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': new TypeError('cannot read properties of undefined') } });
    await assert.rejects(runAnalyze(run.context), TypeError);
    assert.deepEqual(run.summaries, []);
  });

  it('no artifact to analyze: the error of find stops the step before anything is published', async () => {
    const run = setUp({ artifacts: [], reports: {} });
    run.context.artifacts.find = async () => {
      throw new UserError('No capture artifact (falco-capture-*) in this workflow run.');
    };
    await assert.rejects(runAnalyze(run.context), /No capture artifact/);
    assert.deepEqual(run.outputs, {});
  });

  it('a comment the token may not write is a note in the summary and a log line, not a warning or a failure', async () => {
    const note = 'No pull-request comment: the token may not comment on pull request #7 (HTTP 403: Resource not accessible by integration). A pull request from a fork gets a read-only token.';
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, comment: { kind: 'not-allowed', note } });
    const outcome = await runAnalyze(run.context);
    assert.equal(outcome.failed, false);
    assert.match(rendered(run.summaries[0]), /> No pull-request comment: the token may not comment on pull request #7 \(HTTP 403: Resource not accessible by integration\)/);
    assert.deepEqual(run.warnings, []);
    assert.ok(run.infos.some((line) => line.startsWith('No pull-request comment')));
    assert.ok(run.infos.some((line) => line.startsWith('::stop-commands::')), 'the note, which quotes GitHub, is logged between stop-commands');
    const failed = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, comment: { kind: 'failed', note: 'No pull-request comment: could not comment (HTTP 500: boom).' } });
    await runAnalyze(failed.context);
    assert.equal(failed.warnings.length, 1, 'a comment that failed for another reason is a warning');
    assert.deepEqual(failed.failures, []);
  });

  it('a report upload that fails is a warning and a note; the comment then points at the run', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, uploadFails: true });
    const outcome = await runAnalyze(run.context);
    assert.equal(outcome.failed, false);
    assert.equal(run.warnings.length, 1);
    assert.match(run.summaries[0] ?? '', /Could not upload the report artifact/);
    assert.deepEqual(run.comments.map((comment) => comment.reportUrl), ['https://github.com/o/r/actions/runs/1']);
  });

  it('keeps the summary within the step limit: each report gets its share and is cut at a line end, saying so', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const run = setUp({
      artifacts: [artifact(1, 'build'), artifact(2, 'test')],
      reports: { 'falco-capture-build': report('build', []), 'falco-capture-test': report('test', []) },
      summaryOf: (built) => `## Report of ${built.job?.key}\n${line.repeat(8000)}`,
    });
    await runAnalyze(run.context);
    const summary = run.summaries[0] ?? '';
    assert.ok(Buffer.byteLength(summary) < STEP_SUMMARY_LIMIT_BYTES);
    assert.match(summary, /## Report of test/, 'the second report is not crowded out by the first');
    assert.equal(summary.match(/This report was cut to fit the job summary/g)?.length, 2);
  });

  it('a job name from the metadata reaches the log only inside a stop-commands block', async () => {
    const hostile = report('build', []);
    hostile.job = { ...hostile.job!, name: 'build ##[error]pwned\n::warning::x' };
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': hostile } });
    await runAnalyze(run.context);
    const at = run.infos.findIndex((line) => line.includes('##[error]pwned'));
    assert.ok(at > 0, 'the name is in the log');
    const token = /^::stop-commands::(.+)$/.exec(run.infos[at - 1] ?? '')?.[1];
    assert.ok(token !== undefined, 'right after a stop-commands line');
    assert.ok(run.infos.slice(at).includes(`::${token}::`), 'and commands resume after it');
    assert.ok(!run.infos.some((line) => line.startsWith('::warning::')));
  });

  it('enriches each report before it is written, writes one SARIF file after, and fails on reputation and on what is new', async () => {
    const run = setUp({
      artifacts: [artifact(1, 'build'), artifact(2, 'test')],
      reports: { 'falco-capture-build': report('build', []), 'falco-capture-test': report('test', []) },
      settings: { 'fail-on-reputation': 'suspicious', 'fail-on-new': 'domains' },
    });
    const reputation = { kind: 'ip' as const, indicator: '203.0.113.9', label: null, verdict: 'suspicious' as const, stats: null, link: 'x', checkedAt: '2026-12-05T00:00:00Z', fromCache: false };
    const noneNew = { domains: [], ips: [], executables: [], 'written-files': [], containers: [] };
    run.context.pipeline.enrich = async (built, found) => {
      run.calls.push(`enrich ${found.name}`);
      const virustotal = { thresholds: { malicious: 3 }, reputations: built.job?.key === 'build' ? [reputation] : [], skipped: [], notSent: {}, requests: 1, notes: [] };
      const drift = { against: { kind: 'file' as const, path: 'baseline.json' }, new: { ...noneNew, domains: built.job?.key === 'test' ? ['evil.example'] : [] }, known: {} };
      return { ...built, enrichment: { virustotal, drift, notes: [] } };
    };
    const sarifOf: string[][] = [];
    run.context.pipeline.renderSarif = async (reports) => {
      sarifOf.push(reports.map((built) => built.job?.key ?? ''));
      return '{"version":"2.1.0"}';
    };
    const outcome = await runAnalyze(run.context);
    assert.ok(run.calls.indexOf('enrich falco-capture-build') > run.calls.indexOf('build falco-capture-build'));
    assert.ok(run.calls.indexOf('enrich falco-capture-build') < run.calls.indexOf('upload falco-capture-build falco-report-build.json'));
    const written = JSON.parse(await readFile(outcome.analyzed[0]!.reportFile, 'utf8')) as AnalyzeReport;
    assert.equal(written.enrichment?.virustotal?.reputations[0]?.indicator, '203.0.113.9');
    assert.deepEqual(sarifOf, [['build', 'test']]);
    assert.equal(await readFile(run.outputs['sarif-file'] ?? '', 'utf8'), '{"version":"2.1.0"}');
    assert.equal(outcome.failed, true);
    assert.equal(run.failures.length, 1);
    assert.match(run.failures[0] ?? '', /VirusTotal rated 1 indicator at or above "suspicious" \(fail-on-reputation\): ip "203\.0\.113\.9" \(suspicious\)\./);
    assert.match(run.failures[0] ?? '', /"test" has what the baseline has not \(fail-on-new\): 1 domains\./);
    assert.ok(run.calls.indexOf('failed') > run.calls.indexOf('append summary'));
  });

  it('fail-on-reputation malicious does not fail on suspicious; fail-on-new ignores kinds not named', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, settings: { 'fail-on-reputation': 'malicious', 'fail-on-new': 'ips' } });
    run.context.pipeline.enrich = async (built) => ({
      ...built,
      enrichment: {
        virustotal: { thresholds: { malicious: 3 }, reputations: [{ kind: 'domain', indicator: 'a.example', label: null, verdict: 'suspicious', stats: null, link: 'x', checkedAt: 'x', fromCache: true }], skipped: [], notSent: {}, requests: 0, notes: [] },
        drift: { against: { kind: 'file', path: 'b' }, new: { domains: ['a.example'], ips: [], executables: [], 'written-files': [], containers: [] }, known: {} },
        notes: [],
      },
    });
    const outcome = await runAnalyze(run.context);
    assert.equal(outcome.failed, false);
    assert.deepEqual(run.failures, []);
    assert.equal(run.outputs['sarif-file'], undefined, 'no SARIF renderer: no output');
  });

  it('forwards every report once after the last one and before the summary, which says what was delivered; a forward failure fails only when asked', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build'), artifact(2, 'test')], reports: { 'falco-capture-build': report('build', ['warning']), 'falco-capture-test': report('test', []) } });
    run.context.pipeline.finish = async () => {
      run.calls.push('finish');
    };
    const forwardedJobs: string[][] = [];
    run.context.forward = async (reports) => {
      run.calls.push('forward');
      forwardedJobs.push(reports.map((built) => built.job?.key ?? ''));
      return { lines: ['slack: 1 of 1 alert delivered', 'loki: 0 of 1 alert delivered <@U123>'] };
    };
    const outcome = await runAnalyze(run.context);
    assert.deepEqual(forwardedJobs, [['build', 'test']]);
    assert.ok(run.calls.indexOf('finish') > run.calls.lastIndexOf('build falco-capture-test'));
    assert.ok(run.calls.indexOf('forward') > run.calls.indexOf('finish'));
    assert.ok(run.calls.indexOf('forward') < run.calls.indexOf('append summary'));
    assert.match(rendered(run.summaries[0]), /### Forwarded alerts\n\n- slack: 1 of 1 alert delivered\n- loki: 0 of 1 alert delivered <@U123>\n/);
    assert.ok(!(run.summaries[0] ?? '').includes('<@U123>'), 'our lines are escaped too');
    assert.equal(outcome.failed, false);

    const failing = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) } });
    failing.context.forward = async () => ({ lines: ['webhook: 0 of 0 alerts delivered'], failure: 'Forwarding Falco alerts failed (forward-fail-on-error: true): webhook: HTTP 500' });
    assert.equal((await runAnalyze(failing.context)).failed, true);
    assert.match(failing.failures[0] ?? '', /^Forwarding Falco alerts failed \(forward-fail-on-error: true\): webhook: HTTP 500 See the job summary\.$/);
  });

  it('a baseline-file that could not be compared fails fail-on-new instead of passing by checking nothing', async () => {
    const run = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, settings: { 'baseline-file': 'missing.json', 'fail-on-new': 'domains' } });
    run.context.pipeline.enrich = async (built) => ({ ...built, enrichment: { notes: ['The comparison with the baseline failed: missing.json is missing.'] } });
    assert.equal((await runAnalyze(run.context)).failed, true);
    assert.match(run.failures[0] ?? '', /^"build" could not be compared with the baseline file \(fail-on-new\): see the notes of its report\. See the job summary\.$/);

    const unasked = setUp({ artifacts: [artifact(1, 'build')], reports: { 'falco-capture-build': report('build', []) }, settings: { 'baseline-file': 'missing.json' } });
    unasked.context.pipeline.enrich = run.context.pipeline.enrich;
    assert.equal((await runAnalyze(unasked.context)).failed, false, 'without fail-on-new the missing comparison is a note');
  });
});
