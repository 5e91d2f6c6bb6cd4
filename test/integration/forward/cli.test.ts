// `falco-actions forward` end to end: the CLI's entry (src/cli/main.ts, run by node with the TypeScript
// loader, as its bundle runs it after `npm run build`) against the local receivers, with the secrets
// given through the environment.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoPath } from '../../support/env.ts';
import { startLokiReceiver, startSlackReceiver, startWebhookReceiver, type Receiver, type ReceivedLokiPush, type ReceivedSlackMessage, type ReceivedWebhookPayload } from '../../support/receivers.ts';
import { falcoLine, markerLine } from '../../unit/falco/falco-lines.ts';

let slack: Receiver<ReceivedSlackMessage>;
let loki: Receiver<ReceivedLokiPush>;
let webhook: Receiver<ReceivedWebhookPayload>;
let dir: string;

before(async () => {
  [slack, loki, webhook] = await Promise.all([startSlackReceiver(), startLokiReceiver(), startWebhookReceiver()]);
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-forward-'));
});
after(async () => {
  await Promise.all([slack.close(), loki.close(), webhook.close(), rm(dir, { recursive: true, force: true })]);
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function forward(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // Only what the command needs: no GITHUB_* of the machine running the tests leaks into the context.
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', repoPath('src', 'cli', 'main.ts'), 'forward', ...args], { cwd: repoPath(), env: childEnv }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const SECRETS = { FALCO_ACTIONS_LOKI_PASSWORD: 'LOKI-PASSWORD-789', FALCO_ACTIONS_WEBHOOK_HEADERS: 'X-Api-Key: KEY-321' };

describe('falco-actions forward', () => {
  it('sends an events file’s alerts to all three outputs with the CI context, leaving out step markers and bad lines', async () => {
    const events = join(dir, 'events.json');
    await writeFile(
      events,
      [
        markerLine('2026-11-23T04:00:20.000000000Z', 4200, '/bin/bash -e /home/runner/work/_temp/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.sh'),
        falcoLine({ rule: 'Read sensitive file untrusted', priority: 'Warning', time: '2026-11-23T04:00:21.123456789Z', message: '<!channel> @here read /etc/shadow' }),
        'not json at all',
        falcoLine({ rule: 'Debug noise', priority: 'Debug', time: '2026-11-23T04:00:22.000000000Z' }),
      ].join('\n') + '\n',
    );
    const run = await forward(
      [
        '--slack-webhook-url', slack.endpoint,
        '--loki-url', loki.endpoint,
        '--loki-username', 'ci',
        '--webhook-url', webhook.endpoint,
        '--forward-minimum-priority', 'slack: notice',
        '--repository', 'octo-org/octo-repo',
        '--workflow', 'CI',
        '--job', 'build',
        events,
      ],
      { ...SECRETS, GITHUB_RUN_ID: '55', GITHUB_REPOSITORY: 'other/repo', GITHUB_RUN_NUMBER: '9' },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([slack.rejected, loki.rejected, webhook.rejected], [[], [], []]);
    assert.equal(run.stdout, 'slack: 1 of 1 alert delivered\nloki: 2 of 2 alerts delivered\nwebhook: 2 of 2 alerts delivered\n');
    assert.match(run.stderr, /warning: line 3: /);
    const attachment = slack.accepted[0]?.body.attachments[0];
    assert.match(attachment?.text ?? '', /&lt;!channel&gt; \uFF20here/);
    const stream = loki.accepted[0]?.body.streams[0];
    assert.equal(stream?.stream.repository, 'octo-org/octo-repo');
    assert.equal(loki.accepted[0]?.headers.authorization, `Basic ${Buffer.from('ci:LOKI-PASSWORD-789').toString('base64')}`);
    assert.equal(webhook.accepted[0]?.headers['x-api-key'], 'KEY-321');
    assert.deepEqual(webhook.accepted[0]?.body.falco_actions, {
      repository: 'octo-org/octo-repo',
      workflow: 'CI',
      job: 'build',
      // GITHUB_RUN_* belong to GITHUB_REPOSITORY, which --repository replaced: no run is claimed.
      run_number: null,
      run_url: null,
      step: null,
      action: null,
    });
    assert.equal(webhook.accepted.some((request) => request.body.rule === 'Falco Actions Step Process'), false);
  });

  it('sends an analyze report’s alerts with the report’s job, step and action', async () => {
    webhook.accepted.length = 0;
    const run = await forward(['--webhook-url', webhook.endpoint, '--forward-minimum-priority', 'error', repoPath('test', 'fixtures', 'reports', 'typical.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(webhook.accepted.length > 0);
    for (const { body } of webhook.accepted) {
      assert.ok(['Emergency', 'Alert', 'Critical', 'Error'].includes(body.priority));
      assert.equal(body.falco_actions.repository, 'octo-org/octo-repo');
    }
    assert.equal(webhook.accepted[0]?.body.falco_actions.step, 'Run make build');
  });

  it('warns and exits 0 when an output refuses, exits 1 with --forward-fail-on-error true, never showing the URL', async () => {
    const events = join(dir, 'one.json');
    await writeFile(events, `${falcoLine({ rule: 'R', priority: 'Error', time: '2026-11-23T04:00:21.123456789Z' })}\n`);
    // A Slack URL the receiver does not serve: it answers 400 invalid_payload, which is never retried.
    const wrongUrl = `${slack.url}/services/T999/B999/WRONG-SECRET-PATH`;
    const lenient = await forward([events], { FALCO_ACTIONS_SLACK_WEBHOOK_URL: wrongUrl });
    assert.equal(lenient.code, 0);
    assert.match(lenient.stderr, /warning: Forwarding Falco alerts: slack: 1 message of 1 not delivered \(1 of 1 alerts\): HTTP 400 \(invalid_payload\)/);
    const strict = await forward(['--forward-fail-on-error', 'true', events], { FALCO_ACTIONS_SLACK_WEBHOOK_URL: wrongUrl });
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /Forwarding Falco alerts failed/);
    for (const run of [lenient, strict]) assert.doesNotMatch(run.stdout + run.stderr, /WRONG-SECRET-PATH|127\.0\.0\.1/);
  });

  it('refuses a command line without an output or with a bad input, naming it', async () => {
    const none = await forward([repoPath('test', 'fixtures', 'reports', 'typical.json')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no output/);
    const bad = await forward(['--loki-url', 'ftp://loki.example/SECRET', repoPath('test', 'fixtures', 'reports', 'typical.json')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /'loki-url'/);
    assert.doesNotMatch(bad.stderr, /SECRET/);
    const missing = await forward(['--webhook-url', webhook.endpoint, join(dir, 'no-such-file.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*no-such-file\.json \(ENOENT\)/);
  });
});
