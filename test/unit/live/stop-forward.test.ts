// Live stop's forwarding: the real report (buildLiveReport over an events file as Falco writes it, this
// job's steps from the local GitHub API) published to a recording sink, then forwarded to the local
// receivers (test/support/receivers.ts), which check every payload against its protocol.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { ActionSink } from '../../../src/action/publish.ts';
import { stepLog, type StepLog } from '../../../src/action/step.ts';
import { FORWARD_SUMMARY_RESERVE_BYTES } from '../../../src/live/forward-alerts.ts';
import { publishAndForward } from '../../../src/live/stop-step.ts';
import type { Stopped } from '../../../src/live/stop.ts';
import { buildLiveReport } from '../../../src/report/live-report.ts';
import { STEP_SUMMARY_LIMIT_BYTES } from '../../../src/report/render.ts';
import { forwardSecrets, type ForwardSettings } from '../../../src/settings/forward.ts';
import { parseStopSettings, stopInputsSchema } from '../../../src/settings/stop.ts';
import { startGitHubApi, type GitHubApi } from '../../support/github-api.ts';
import { startLokiReceiver, startSlackReceiver, startWebhookReceiver, type Receiver, type ReceivedLokiPush, type ReceivedSlackMessage, type ReceivedWebhookPayload } from '../../support/receivers.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../falco/falco-lines.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const NODE = '/home/runner/runners/2.321.0/externals/node20/bin/node';
const at = (clock: string) => `2026-11-23T04:00:${clock}Z`;
// The fixture's "build" job (runner "GitHub Actions 1000000001"): an alert under actions/checkout, one in the Build step.
const EVENTS = [
  markerLine(at('07.400000000'), 3001, `${NODE} /home/runner/work/_actions/actions/checkout/v4/dist/index.js`),
  falcoLine({ rule: 'Read sensitive file untrusted', priority: 'Warning', time: at('08.100000000'), chain: [3002, 3001, RUNNER_WORKER_PID] }),
  markerLine(at('09.300000000'), 3050, `${NODE} /home/runner/work/_actions/octo-org/falco-actions/${SHA}/start/dist/index.js`),
  markerLine(at('20.500000000'), 3100, '/usr/bin/bash -e /home/runner/work/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh'),
  falcoLine({ rule: 'Outbound connection to C2', priority: 'Critical', time: at('25.000000001'), chain: [3120, 3110, 3100, RUNNER_WORKER_PID] }),
];
const ENV = {
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'build',
  GITHUB_RUN_ID: '1300000001',
  GITHUB_RUN_NUMBER: '77',
  GITHUB_SERVER_URL: 'https://github.com',
};
const RUN_URL = 'https://github.com/octo-org/octo-repo/actions/runs/1300000001';

let api: GitHubApi;
let dir: string;
let slack: Receiver<ReceivedSlackMessage>;
let loki: Receiver<ReceivedLokiPush>;
let webhook: Receiver<ReceivedWebhookPayload>;
let stopped: Stopped;

before(async () => {
  [api, slack, loki, webhook] = await Promise.all([startGitHubApi(), startSlackReceiver(), startLokiReceiver(), startWebhookReceiver()]);
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-stop-forward-'));
  const eventsFile = join(dir, 'events.json');
  await writeFile(eventsFile, `${EVENTS.join('\n')}\n`);
  const report = await buildLiveReport({
    eventsFile,
    github: { token: 'ghs_x', apiUrl: api.url, repository: 'octo-org/octo-repo', runId: 1300000001, runAttempt: 1, runnerName: 'GitHub Actions 1000000001', job: 'build' },
    cost: { startSeconds: 1, stopSeconds: 1 },
    failOn: 'none',
  });
  stopped = {
    kind: 'stopped',
    eventsFile,
    problems: [],
    report,
    state: { version: 1, mode: 'live', containerId: 'c', containerName: 'n', image: 'i', eventsFile, workDir: dir, ruleFiles: [], verbose: false, startedAt: at('05.000Z'), startSeconds: 1 },
  };
});
after(async () => {
  await Promise.all([api.close(), slack.close(), loki.close(), webhook.close(), rm(dir, { recursive: true, force: true })]);
});

/** A sink and step log recording every call in order, with how many requests the receivers had seen by then. */
function recorder() {
  const calls: string[] = [];
  const appended: string[] = [];
  let summary = '';
  const hits = () => slack.hits + loki.hits + webhook.hits;
  const log: StepLog = {
    info: (message) => calls.push(`info:${message}`),
    debug: () => undefined,
    warning: (message) => calls.push(`warning:${message}`),
    error: (message) => calls.push(`error:${message}`),
    notice: (message) => calls.push(`notice:${message}`),
    setFailed: (message) => calls.push(`failed:${message}`),
    setSecret: (value) => calls.push(`secret:${value}`),
  };
  const sink: ActionSink = {
    ...log,
    setOutput: (name) => calls.push(`output:${name}@${hits()}`),
    appendSummary: async (markdown) => {
      calls.push(`summary@${hits()}`);
      appended.push(markdown);
      summary += markdown;
    },
  };
  // The forwarding section is our words escaped for Markdown (escapeMarkdownText): read back as text.
  return { calls, log, sink, appended, rawSummary: () => summary, summary: () => summary.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))) };
}

function settings(overrides: Record<string, string> = {}): ForwardSettings {
  return parseStopSettings((name) => ({ 'slack-webhook-url': slack.endpoint, 'loki-url': loki.endpoint, 'webhook-url': webhook.endpoint, ...overrides })[name] ?? '').forward;
}

// No real waiting between retries; two attempts.
const fast = { sleep: async () => undefined, retry: { maxAttempts: 2 } };

describe('live stop forwarding', () => {
  it('sends the attributed alerts, with their step and action and the job context, after the summary and outputs are written', async () => {
    const before = { slack: slack.accepted.length, loki: loki.accepted.length, webhook: webhook.accepted.length };
    const record = recorder();
    await publishAndForward(stopped, { sink: record.sink, log: record.log, env: ENV, forward: settings(), forwardDeps: fast });
    // The report's summary and outputs went out before any receiver was called.
    assert.equal(record.calls.find((call) => call.startsWith('summary@')), 'summary@0');
    assert.ok(record.calls.filter((call) => call.startsWith('output:')).every((call) => call.endsWith('@0')), record.calls.join('\n'));
    assert.deepEqual([slack.rejected, loki.rejected, webhook.rejected], [[], [], []]);

    const payloads = webhook.accepted.slice(before.webhook).map((request) => request.body);
    assert.deepEqual(
      payloads.map((payload) => [payload.rule, payload.falco_actions.step, payload.falco_actions.action]).sort(),
      [
        ['Outbound connection to C2', 'Build', null],
        ['Read sensitive file untrusted', 'Run actions/checkout@v4', 'actions/checkout@v4'],
      ],
    );
    for (const payload of payloads) {
      assert.deepEqual({ ...payload.falco_actions, step: null, action: null }, { repository: 'octo-org/octo-repo', workflow: 'CI', job: 'build', run_number: '77', run_url: RUN_URL, step: null, action: null });
    }
    const slackText = JSON.stringify(slack.accepted.slice(before.slack));
    assert.ok(slackText.includes('Run actions/checkout@v4') && slackText.includes(RUN_URL), slackText);
    const lokiLines = loki.accepted.slice(before.loki).flatMap((push) => push.body.streams.flatMap((stream) => stream.values.map(([, line]) => line)));
    assert.equal(lokiLines.length, 2);

    // The summary's second part: one line per output; nothing failed.
    assert.equal(record.calls.filter((call) => call.startsWith('summary@')).length, 2);
    assert.match(record.summary(), /### Alert forwarding\n\n- slack: 2 of 2 alerts delivered\n- loki: 2 of 2 alerts delivered\n- webhook: 2 of 2 alerts delivered\n/);
    assert.ok(!record.calls.some((call) => call.startsWith('failed:') || call.startsWith('warning:Forwarding')), record.calls.join('\n'));
  });

  it('makes a delivery failure a warning and a summary line, not a failure', async () => {
    webhook.misbehave(2, { kind: '500' });
    const record = recorder();
    await publishAndForward(stopped, { sink: record.sink, log: record.log, env: ENV, forward: settings({ 'slack-webhook-url': '', 'loki-url': '' }), forwardDeps: fast });
    assert.ok(record.calls.some((call) => /^warning:Forwarding Falco alerts: webhook: 1 call of 2 not delivered .*HTTP 500/.test(call)), record.calls.join('\n'));
    assert.match(record.summary(), /- webhook: 1 of 2 alerts delivered\n- not delivered: webhook: 1 call of 2 not delivered/);
    assert.ok(!record.calls.some((call) => call.startsWith('failed:')), record.calls.join('\n'));
    assert.ok(!record.summary().includes(webhook.url), 'the URL is a secret');
  });

  it('with forward-fail-on-error: true, fails the step once everything is published', async () => {
    webhook.misbehave(2, { kind: '500' });
    const record = recorder();
    const forward = settings({ 'slack-webhook-url': '', 'loki-url': '', 'forward-fail-on-error': 'true' });
    await publishAndForward(stopped, { sink: record.sink, log: record.log, env: ENV, forward, forwardDeps: fast });
    const failed = record.calls.findIndex((call) => call.startsWith('failed:'));
    assert.ok(failed >= 0, record.calls.join('\n'));
    assert.match(record.calls[failed] ?? '', /forward-fail-on-error: true.*webhook/);
    assert.equal(failed, record.calls.length - 1, 'the failure comes last');
    assert.ok(record.calls.slice(0, failed).filter((call) => call.startsWith('summary@')).length === 2, record.calls.join('\n'));
  });

  it('still forwards when fail-on failed the step, and keeps the whole summary within the step limit', async () => {
    const hits = webhook.hits;
    const record = recorder();
    // A report at the summary's limit: the forwarding section must still fit after it.
    const huge = { ...stopped, report: { ...stopped.report, markdown: `${'| row |\n'.repeat(200_000)}`, failed: true, failureMessage: 'fail-on: warning' } };
    await publishAndForward(huge, { sink: record.sink, log: record.log, env: ENV, forward: settings({ 'slack-webhook-url': '', 'loki-url': '' }), forwardDeps: fast });
    assert.equal(webhook.hits - hits, 2, 'both alerts sent despite fail-on');
    assert.ok(record.calls.includes('failed:fail-on: warning'));
    const raw = record.rawSummary();
    assert.ok(raw.includes('### Alert forwarding'));
    assert.ok(Buffer.byteLength(raw, 'utf8') < STEP_SUMMARY_LIMIT_BYTES, `${Buffer.byteLength(raw, 'utf8')} bytes`);
    // The report left the forwarding its reserved room (a section can hold three outputs' warnings and notes).
    assert.ok(Buffer.byteLength(record.appended[0] ?? '', 'utf8') <= STEP_SUMMARY_LIMIT_BYTES - FORWARD_SUMMARY_RESERVE_BYTES);
    assert.ok(Buffer.byteLength(record.appended[0] ?? '', 'utf8') > STEP_SUMMARY_LIMIT_BYTES - FORWARD_SUMMARY_RESERVE_BYTES - 1024, 'the report still uses the rest');
  });

  it('forwards nothing and writes no forwarding section when no output is set', async () => {
    const hits = slack.hits + loki.hits + webhook.hits;
    const record = recorder();
    await publishAndForward(stopped, { sink: record.sink, log: record.log, env: ENV, forward: parseStopSettings(() => '').forward });
    assert.equal(slack.hits + loki.hits + webhook.hits, hits);
    assert.equal(record.calls.filter((call) => call.startsWith('summary@')).length, 1);
    assert.ok(!record.summary().includes('Alert forwarding'));
  });

  it("says in the log and the summary why Loki was skipped when its password is empty (a fork's run)", async () => {
    const record = recorder();
    await publishAndForward(stopped, { sink: record.sink, log: record.log, env: ENV, forward: settings({ 'slack-webhook-url': '', 'webhook-url': '', 'loki-username': 'u' }) });
    assert.ok(record.calls.some((call) => call.startsWith('warning:Forwarding Falco alerts: loki: loki-username is set but loki-password is empty')), record.calls.join('\n'));
    assert.match(record.summary(), /### Alert forwarding\n\n- loki: loki-username is set/);
  });
});

describe('stop inputs for forwarding', () => {
  it('masks every URL, the Loki password and the header values as the runner command @actions/core writes', () => {
    const settings = parseStopSettings(
      (name) =>
        ({
          'slack-webhook-url': 'https://hooks.slack.test/services/T/B/SECRET1',
          'loki-url': 'https://loki.test/',
          'loki-username': 'falco',
          'loki-password': 'PASSWORD-2',
          'webhook-url': 'https://hooks.test/falco?token=SECRET3',
          'webhook-headers': 'X-Api-Key: KEY-4\nX-Trace: multi%line',
        })[name] ?? '',
    );
    const lines: string[] = [];
    const log = stepLog((line) => lines.push(line));
    for (const secret of forwardSecrets(settings.forward)) log.setSecret(secret);
    for (const secret of ['https://hooks.slack.test/services/T/B/SECRET1', 'https://loki.test', 'PASSWORD-2', 'https://hooks.test/falco?token=SECRET3', 'KEY-4']) {
      assert.ok(lines.includes(`::add-mask::${secret}`), `${secret} masked: ${lines.join('\n')}`);
    }
    // A value's % is escaped as the runner expects, so the mask is the value itself.
    assert.ok(lines.includes('::add-mask::multi%25line'), lines.join('\n'));
  });

  it('stop/action.yml declares exactly the inputs stop reads', () => {
    const manifest = parseYaml(readFileSync(new URL('../../../stop/action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, unknown> };
    assert.deepEqual(Object.keys(manifest.inputs).sort(), Object.keys(stopInputsSchema.shape).sort());
  });
});
