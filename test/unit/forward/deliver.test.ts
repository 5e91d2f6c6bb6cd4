// Delivery and forwarding with the collaborators forwardAlerts takes (fetch, sleep, clock) handed in
// as plain functions: a scripted fetch answering like a receiver, a clock that only moves when the
// code sleeps. The same code against real HTTP receivers is test/integration/forward/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, DEFAULT_RETRY_POLICY, deliver, retryAfterMs, type DeliveryDeps } from '../../../src/forward/deliver.ts';
import { forwardAlerts, forwardFailure, selectForOutput } from '../../../src/forward/forward.ts';
import { parseForwardSettings } from '../../../src/settings/forward.ts';
import { liveAlert } from './alerts.ts';

const START = Date.parse('2026-11-23T05:00:00Z');

type Answer = { status: number; headers?: Record<string, string>; body?: string } | { error: unknown };

function scripted(answers: Answer[], fallback: Answer = { status: 200 }) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  let clock = START;
  const sleeps: number[] = [];
  const deps: DeliveryDeps = {
    fetch: async (url, init) => {
      calls.push({ url, init });
      const answer = answers.shift() ?? fallback;
      if ('error' in answer) throw answer.error;
      return new Response(answer.body ?? '', { status: answer.status, headers: answer.headers });
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    withTimeout: (_ms, attempt) => attempt(new AbortController().signal),
  };
  return { deps, calls, sleeps, elapsed: () => clock - START };
}

const request = { output: 'webhook' as const, url: 'https://receiver.example/hook?token=SECRET', headers: {}, body: '{}' };

function networkError(code: string): TypeError {
  return new TypeError(`fetch failed to ${request.url}`, { cause: Object.assign(new Error(`connect ${code} ${request.url}`), { code }) });
}

describe('deliver', () => {
  it('retries 5xx and network errors with growing delays until the receiver answers', async () => {
    const { deps, calls, sleeps } = scripted([{ status: 500 }, { error: networkError('ECONNRESET') }, { status: 503 }]);
    const result = await deliver(request, deps, START + 60_000);
    assert.deepEqual(result, { ok: true, attempts: 4 });
    assert.equal(calls.length, 4);
    assert.deepEqual(sleeps, [750, 1500, 3000]);
    assert.equal(calls[0]?.init.method, 'POST');
    assert.equal(calls[0]?.init.redirect, 'manual');
  });

  it('waits as long as a 429’s Retry-After says', async () => {
    const { deps, sleeps } = scripted([{ status: 429, headers: { 'retry-after': '7' } }]);
    assert.equal((await deliver(request, deps, START + 60_000)).ok, true);
    assert.deepEqual(sleeps, [7000]);
    assert.equal(retryAfterMs(new Date(START + 12_000).toUTCString(), START), 12_000);
    assert.equal(retryAfterMs('soon', START), undefined);
  });

  it('does not retry a 4xx, and shows a receiver’s short error phrase but no URL', async () => {
    const { deps, calls } = scripted([{ status: 400, body: 'invalid_payload' }]);
    const result = await deliver(request, deps, START + 60_000);
    assert.deepEqual(result, { ok: false, attempts: 1, problem: 'HTTP 400 (invalid_payload)', outOfTime: false });
    assert.equal(calls.length, 1);
    const echoed = await deliver(request, scripted([{ status: 404, body: `no route ${request.url}` }]).deps, START + 60_000);
    assert.equal(echoed.ok, false);
    assert.doesNotMatch(JSON.stringify(echoed), /SECRET|receiver\.example/);
  });

  it('names a network error by its code only and a timeout in words', async () => {
    const refused = await deliver(request, scripted([], { error: networkError('ECONNREFUSED') }).deps, START + 60_000);
    assert.equal(refused.ok, false);
    assert.match(JSON.stringify(refused), /network error ECONNREFUSED after 5 attempts/);
    assert.doesNotMatch(JSON.stringify(refused), /SECRET|receiver\.example/);
    const timedOut = await deliver(request, scripted([], { error: new DOMException('The operation was aborted due to timeout', 'TimeoutError') }).deps, START + 60_000);
    assert.match(JSON.stringify(timedOut), /no answer within 15 s/);
  });

  it('never waits past the deadline: a receiver that stays down costs at most the budget', async () => {
    const { deps, sleeps, elapsed } = scripted([], { status: 503 });
    const result = await deliver(request, deps, START + 5_000, { ...DEFAULT_RETRY_POLICY, maxAttempts: 50 });
    assert.equal(result.ok, false);
    assert.equal(result.ok === false && result.outOfTime, true);
    assert.ok(elapsed() < 5_000, `slept ${elapsed()} ms`);
    assert.deepEqual(sleeps, [750, 1500]);
    // A Retry-After beyond the deadline is not waited for at all.
    const far = scripted([{ status: 429, headers: { 'retry-after': '3600' } }]);
    assert.equal((await deliver(request, far.deps, START + 60_000)).ok, false);
    assert.deepEqual(far.sleeps, []);
  });

  it('grows the backoff exponentially with jitter, capped', () => {
    const policy = DEFAULT_RETRY_POLICY;
    assert.equal(backoffMs(1, policy, () => 0), 500);
    assert.equal(backoffMs(1, policy, () => 0.999999), 1000);
    assert.equal(backoffMs(3, policy, () => 0), 2000);
    assert.equal(backoffMs(20, policy, () => 1), policy.maxDelayMs);
  });
});

describe('forwardAlerts', () => {
  const urls = {
    'slack-webhook-url': 'https://hooks.slack.example/services/T/B/SLACKSECRET',
    'loki-url': 'https://loki.example',
    'loki-username': 'ci',
    'loki-password': 'LOKIPASSWORD',
    'webhook-url': 'https://hook.example/falco?key=HOOKSECRET',
    'webhook-headers': 'Authorization: Bearer HEADERSECRET',
  };
  const alerts = [liveAlert({ priority: 'Critical' }), liveAlert({ priority: 'Warning' }), liveAlert({ priority: 'Notice' })];

  function recordingLog() {
    const lines: string[] = [];
    return { lines, log: { info: (m: string) => lines.push(m), debug: (m: string) => lines.push(m), warning: (m: string) => lines.push(m) } };
  }

  it('sends each output the alerts at or above its minimum priority', async () => {
    const settings = parseForwardSettings((name) => ({ ...urls, 'forward-minimum-priority': 'slack: critical\nwebhook: warning' })[name] ?? '');
    assert.equal(selectForOutput(alerts, 'loki', settings).length, 3);
    const { deps, calls } = scripted([]);
    const { log } = recordingLog();
    const result = await forwardAlerts(alerts, settings, { ...deps, log, uuid: () => 'u' });
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(
      result.outputs.map((o) => [o.output, o.selected, o.delivered, o.requests]),
      [['slack', 1, 1, 1], ['loki', 3, 3, 1], ['webhook', 2, 2, 2]],
    );
    const loki = calls.find((call) => call.url === 'https://loki.example/loki/api/v1/push');
    const headers = loki?.init.headers as Record<string, string>;
    assert.equal(headers.authorization, `Basic ${Buffer.from('ci:LOKIPASSWORD').toString('base64')}`);
    const hook = calls.find((call) => call.url === urls['webhook-url']);
    assert.equal((hook?.init.headers as Record<string, string>).authorization, 'Bearer HEADERSECRET');
  });

  it('turns a failed output into a warning without secrets, and fails only with forward-fail-on-error', async () => {
    const settings = parseForwardSettings((name) => (urls as Record<string, string>)[name] ?? '');
    const { deps } = scripted([], { error: networkError('ECONNREFUSED') });
    const { log, lines } = recordingLog();
    const result = await forwardAlerts(alerts, settings, { ...deps, log, budgetMs: 10_000 });
    assert.deepEqual(result.warnings.map((w) => w.split(':')[0]), ['slack', 'loki', 'webhook']);
    assert.match(result.warnings[2] ?? '', /^webhook: 3 calls of 3 not delivered \(3 of 3 alerts\): network error ECONNREFUSED/);
    for (const text of [...result.warnings, ...lines]) {
      assert.doesNotMatch(text, /SLACKSECRET|LOKIPASSWORD|HOOKSECRET|HEADERSECRET|hooks\.slack|loki\.example|hook\.example/);
    }
    assert.equal(forwardFailure(result, settings), undefined);
    const strict = parseForwardSettings((name) => ({ ...urls, 'forward-fail-on-error': 'true' })[name] ?? '');
    assert.match(forwardFailure(result, strict) ?? '', /^Forwarding Falco alerts failed/);
  });

  it('sends nothing and makes no request when no output is configured', async () => {
    const { deps, calls } = scripted([]);
    const result = await forwardAlerts(alerts, parseForwardSettings(() => ''), { ...deps, log: recordingLog().log });
    assert.deepEqual(result, { outputs: [], warnings: [], notes: [] });
    assert.equal(calls.length, 0);
    const idle = await forwardAlerts([], parseForwardSettings((name) => (urls as Record<string, string>)[name] ?? ''), { ...deps, log: recordingLog().log });
    assert.deepEqual(idle.outputs.map((outcome) => outcome.requests), [0, 0, 0]);
    assert.equal(calls.length, 0);
  });
});
