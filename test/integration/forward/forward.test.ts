// forwardAlerts with the real fetch against local receivers that check each protocol (Slack incoming
// webhook, Loki push, a Falcosidekick webhook consumer). Time is the test's: sleeps move a fake clock
// and return at once, and the per-attempt timeout is a short real signal whose nominal length moves
// the same clock, so budgets are checked on that clock, never on the wall's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forwardAlerts, type ForwardDeps } from '../../../src/forward/forward.ts';
import { parseForwardSettings, type ForwardSettings } from '../../../src/settings/forward.ts';
import { startLokiReceiver, startSlackReceiver, startWebhookReceiver, type Receiver, type ReceivedLokiPush, type ReceivedSlackMessage, type ReceivedWebhookPayload } from '../../support/receivers.ts';
import { liveAlert, typicalReportAlerts } from '../../unit/forward/alerts.ts';

let slack: Receiver<ReceivedSlackMessage>;
let loki: Receiver<ReceivedLokiPush>;
let webhook: Receiver<ReceivedWebhookPayload>;

before(async () => {
  [slack, loki, webhook] = await Promise.all([startSlackReceiver(), startLokiReceiver(), startWebhookReceiver()]);
});
after(async () => {
  await Promise.all([slack.close(), loki.close(), webhook.close()]);
});

function reset(): void {
  for (const receiver of [slack, loki, webhook] as Array<Receiver<unknown>>) {
    receiver.accepted.length = 0;
    receiver.rejected.length = 0;
    receiver.hits = 0;
    receiver.misbehave(0, { kind: '500' });
  }
}

function settings(extra: Record<string, string> = {}): ForwardSettings {
  const values: Record<string, string> = {
    'slack-webhook-url': slack.endpoint,
    'loki-url': loki.endpoint,
    'loki-tenant': 'team-a',
    'loki-username': 'ci',
    'loki-password': 'LOKI-PASSWORD-123',
    'webhook-url': webhook.endpoint,
    'webhook-headers': 'Authorization: Bearer WEBHOOK-TOKEN-456',
    ...extra,
  };
  return parseForwardSettings((name) => values[name] ?? '');
}

function testClock() {
  let now = Date.parse('2026-11-23T05:00:00Z');
  const start = now;
  const lines: string[] = [];
  const deps: ForwardDeps = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    // An attempt's timeout passes on the test clock only when it fires; a short real timer ends the hang.
    withTimeout: async (ms, attempt) => {
      const controller = new AbortController();
      const timer = setTimeout(() => {
        now += ms;
        controller.abort(new DOMException('timed out', 'TimeoutError'));
      }, 2_000);
      try {
        return await attempt(controller.signal);
      } finally {
        clearTimeout(timer);
      }
    },
    log: { info: (line) => lines.push(line), debug: (line) => lines.push(line), warning: (line) => lines.push(line) },
  };
  return { deps, lines, elapsed: () => now - start };
}

describe('forwarding to receivers', () => {
  it('delivers every alert of an analyze report to all three outputs in their protocols', async () => {
    reset();
    const alerts = typicalReportAlerts();
    const { deps } = testClock();
    const result = await forwardAlerts(alerts, settings(), deps);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual([slack.rejected, loki.rejected, webhook.rejected], [[], [], []]);
    assert.equal(slack.accepted.flatMap((request) => request.body.attachments).length, alerts.length);
    assert.equal(loki.accepted.length, 1);
    assert.equal(loki.accepted[0]?.body.streams.flatMap((stream) => stream.values).length, alerts.length);
    assert.equal(loki.accepted[0]?.headers['x-scope-orgid'], 'team-a');
    assert.equal(loki.accepted[0]?.headers.authorization, `Basic ${Buffer.from('ci:LOKI-PASSWORD-123').toString('base64')}`);
    assert.equal(webhook.accepted.length, alerts.length);
    assert.equal(webhook.accepted[0]?.headers.authorization, 'Bearer WEBHOOK-TOKEN-456');
    assert.deepEqual(
      webhook.accepted.map((request) => [request.body.rule, request.body.falco_actions.step, request.body.falco_actions.action]),
      alerts.map((alert) => [alert.rule, alert.ci.step, alert.ci.action]),
    );
    assert.equal(new Set(webhook.accepted.map((request) => request.body.uuid)).size, alerts.length);
  });

  it('loses nothing when receivers recover within the retry budget (429 with Retry-After, 500, a hang)', async () => {
    reset();
    slack.misbehave(2, { kind: '429', retryAfterSeconds: 3 });
    loki.misbehave(2, { kind: '500' });
    webhook.misbehave(1, { kind: 'hang' });
    const alerts = [liveAlert({ priority: 'Critical' }), liveAlert({ rule: 'Second rule' })];
    const { deps, elapsed } = testClock();
    const result = await forwardAlerts(alerts, settings(), deps);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.outputs.map((outcome) => outcome.delivered), [2, 2, 2]);
    assert.deepEqual([slack.hits, loki.hits, webhook.hits], [3, 3, 3]);
    assert.equal(slack.accepted.length, 1);
    assert.equal(webhook.accepted.length, 2);
    assert.ok(elapsed() >= 6_000, 'the two Retry-After waits of 3 s were honoured');
  });

  it('does not block on a receiver that never recovers: it is a warning within the budget, the others are delivered', async () => {
    reset();
    webhook.misbehave(1_000, { kind: 'hang' });
    loki.misbehave(1_000, { kind: '500' });
    const alerts = [liveAlert(), liveAlert(), liveAlert()];
    const { deps, lines, elapsed } = testClock();
    const result = await forwardAlerts(alerts, settings(), { ...deps, budgetMs: 60_000 });
    assert.deepEqual(result.outputs.map((outcome) => [outcome.output, outcome.delivered]), [['slack', 3], ['loki', 0], ['webhook', 0]]);
    assert.equal(result.warnings.length, 2);
    assert.match(result.warnings[0] ?? '', /^loki: 1 push of 1 not delivered \(3 of 3 alerts\): HTTP 500/);
    assert.match(result.warnings[1] ?? '', /^webhook: .*no answer within \d+ s/);
    assert.ok(elapsed() <= 60_000 + 15_000, `the test clock moved ${elapsed()} ms`);
    for (const text of [...result.warnings, ...lines]) {
      assert.doesNotMatch(text, /LOKI-PASSWORD|WEBHOOK-TOKEN|127\.0\.0\.1|services\/T000/);
    }
  });
});
