// Forwarding: each configured output gets the alerts at or above its minimum priority, built into its
// requests by the pure payload builders (slack.ts, loki.ts, webhook.ts) and sent by deliver.ts. Outputs
// run side by side under one time budget, so a dead receiver delays the step by the budget at most.
// A failed output is a warning, never an exception: the caller decides whether it fails the step
// (forwardFailure, from forward-fail-on-error). Every line this module logs or returns is our own
// words, the output's name and counts; the secrets are blanked from them once more on the way out.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../action/log.ts';
import { isAtLeast } from '../falco/priority.ts';
import { basicAuthToken, forwardSecrets, type ForwardOutput, type ForwardSettings } from '../settings/forward.ts';
import type { ForwardAlert } from './alert.ts';
import { abortAfter, DEFAULT_RETRY_POLICY, deliver, type DeliveryDeps, type DeliveryRequest, type Fetch, type RetryPolicy } from './deliver.ts';
import { buildLokiPushes, LOKI_PUSH_PATH } from './loki.ts';
import { buildSlackMessages } from './slack.ts';
import { buildWebhookPayload } from './webhook.ts';
import { withoutSecrets } from '../action/mask.ts';

/** All outputs together get this long (the step's cost when a receiver is down). */
export const DEFAULT_BUDGET_MS = 60_000;

export interface ForwardDeps {
  log: Logger;
  fetch?: Fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  uuid?: () => string;
  withTimeout?: DeliveryDeps['withTimeout'];
  budgetMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface OutputOutcome {
  output: ForwardOutput;
  /** Alerts at or above the output's minimum priority. */
  selected: number;
  delivered: number;
  /** Requests made (messages, pushes, webhook calls), and how many of them succeeded. */
  requests: number;
  succeeded: number;
}

export interface ForwardResult {
  outputs: OutputOutcome[];
  /** One plain-text line per failed output, for the log and the summary; no URL or credential. */
  warnings: string[];
  /** What the inputs switched off (settings' notes), also logged as warnings; never a failure. */
  notes: string[];
}

interface PlannedRequest {
  request: DeliveryRequest;
  alerts: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function plan(output: ForwardOutput, alerts: readonly ForwardAlert[], settings: ForwardSettings, uuid: () => string, nowMs: number): PlannedRequest[] {
  if (output === 'slack' && settings.slack) {
    const url = settings.slack.webhookUrl;
    return buildSlackMessages(alerts).map((message) => ({
      request: { output, url, headers: JSON_HEADERS, body: JSON.stringify(message) },
      alerts: message.attachments.length,
    }));
  }
  if (output === 'loki' && settings.loki) {
    const loki = settings.loki;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (loki.tenant !== null) headers['x-scope-orgid'] = loki.tenant;
    if (loki.basicAuth !== null) headers.authorization = `Basic ${basicAuthToken(loki.basicAuth)}`;
    return buildLokiPushes(alerts, uuid, nowMs).map((push) => ({
      request: { output, url: `${loki.url}${LOKI_PUSH_PATH}`, headers, body: JSON.stringify(push) },
      alerts: push.streams.reduce((sum, stream) => sum + stream.values.length, 0),
    }));
  }
  if (output === 'webhook' && settings.webhook) {
    const webhook = settings.webhook;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    for (const [name, value] of webhook.headers) headers[name.toLowerCase()] = value;
    // One call per alert, as Falcosidekick makes them: its consumers expect one payload per request.
    return alerts.map((alert) => ({
      request: { output, url: webhook.url, headers, body: JSON.stringify(buildWebhookPayload(alert, uuid())) },
      alerts: 1,
    }));
  }
  return [];
}

function configured(settings: ForwardSettings): ForwardOutput[] {
  const outputs: ForwardOutput[] = [];
  if (settings.slack) outputs.push('slack');
  if (settings.loki) outputs.push('loki');
  if (settings.webhook) outputs.push('webhook');
  return outputs;
}

/** The alerts an output gets: Falcosidekick's minimumpriority (at or above; none set: all). */
export function selectForOutput(alerts: readonly ForwardAlert[], output: ForwardOutput, settings: ForwardSettings): ForwardAlert[] {
  const minimum = settings.minimumPriority[output];
  return minimum === undefined ? [...alerts] : alerts.filter((alert) => isAtLeast(alert.priority, minimum));
}


const REQUEST_WORD: Record<ForwardOutput, [string, string]> = {
  slack: ['message', 'messages'],
  loki: ['push', 'pushes'],
  webhook: ['call', 'calls'],
};

function plural(count: number, [one, many]: [string, string]): string {
  return `${count} ${count === 1 ? one : many}`;
}

export async function forwardAlerts(alerts: readonly ForwardAlert[], settings: ForwardSettings, deps: ForwardDeps): Promise<ForwardResult> {
  const delivery: DeliveryDeps = {
    fetch: deps.fetch ?? ((url, init) => fetch(url, init)),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: deps.now ?? Date.now,
    random: deps.random ?? Math.random,
    withTimeout: deps.withTimeout ?? abortAfter,
  };
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const uuid = deps.uuid ?? randomUUID;
  const secrets = forwardSecrets(settings);
  const deadline = delivery.now() + (deps.budgetMs ?? DEFAULT_BUDGET_MS);

  const runOutput = async (output: ForwardOutput): Promise<{ outcome: OutputOutcome; warning?: string }> => {
    const selected = selectForOutput(alerts, output, settings);
    const requests = plan(output, selected, settings, uuid, delivery.now());
    const outcome: OutputOutcome = { output, selected: selected.length, delivered: 0, requests: requests.length, succeeded: 0 };
    let firstProblem: string | undefined;
    let skipped = 0;
    for (const [index, { request, alerts: count }] of requests.entries()) {
      const result = await deliver(request, delivery, deadline, policy);
      if (result.ok) {
        outcome.succeeded += 1;
        outcome.delivered += count;
        continue;
      }
      firstProblem ??= result.problem;
      if (result.outOfTime) {
        // The budget is shared: once it is spent nothing more is tried for this output.
        skipped = requests.length - index - 1;
        break;
      }
    }
    if (firstProblem === undefined) return { outcome };
    const notSent = outcome.requests - outcome.succeeded;
    const warning =
      `${output}: ${plural(notSent, REQUEST_WORD[output])} of ${outcome.requests} not delivered ` +
      `(${outcome.selected - outcome.delivered} of ${outcome.selected} alerts): ${firstProblem}` +
      (skipped > 0 ? `; ${skipped} not tried` : '');
    return { outcome, warning: withoutSecrets(warning, secrets) };
  };

  for (const note of settings.notes) deps.log.warning(`Forwarding Falco alerts: ${note}`);
  const results = await Promise.all(configured(settings).map(runOutput));
  const warnings: string[] = [];
  for (const { outcome, warning } of results) {
    if (warning !== undefined) {
      warnings.push(warning);
      deps.log.warning(`Forwarding Falco alerts: ${warning}`);
    } else if (outcome.selected > 0) {
      deps.log.info(`Forwarded ${outcome.delivered} alert${outcome.delivered === 1 ? '' : 's'} to ${outcome.output} (${plural(outcome.requests, REQUEST_WORD[outcome.output])}).`);
    } else {
      const minimum = settings.minimumPriority[outcome.output];
      deps.log.info(`No alert${minimum === undefined ? '' : ` at or above ${minimum}`}: nothing forwarded to ${outcome.output}.`);
    }
  }
  return { outputs: results.map((result) => result.outcome), warnings, notes: [...settings.notes] };
}

/** One plain line per output for a summary or the command line: "slack: 3 of 4 alerts delivered". */
export function describeOutcome(outcome: OutputOutcome): string {
  return `${outcome.output}: ${outcome.delivered} of ${outcome.selected} alert${outcome.selected === 1 ? '' : 's'} delivered`;
}

/** The message that fails the step, when forward-fail-on-error is set and an output failed; else undefined. */
export function forwardFailure(result: ForwardResult, settings: ForwardSettings): string | undefined {
  if (!settings.failOnError || result.warnings.length === 0) return undefined;
  return `Forwarding Falco alerts failed (forward-fail-on-error: true): ${result.warnings.join('; ')}`;
}
