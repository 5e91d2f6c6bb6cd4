// Loki push requests (POST {loki-url}/loki/api/v1/push, JSON): streams of [nanosecond timestamp as a
// decimal string, line]. The labels are Falcosidekick's (falcosecurity/falcosidekick outputs/loki.go):
// rule, source, priority as Falco spells it, hostname when known, tags sorted and joined with ",",
// k8s_ns_name/k8s_pod_name when the alert has them; ours adds repository, workflow and job so a query
// can select one pipeline. The line is the webhook payload's JSON (Falcosidekick's loki format "json"),
// so `| json` exposes every field, the CI context included.
import { isoToEpochNs } from '../falco/alert.ts';
import { falcoPriorityLabel } from '../falco/priority.ts';
import type { ForwardAlert } from './alert.ts';
import { buildWebhookPayload } from './webhook.ts';

export const LOKI_PUSH_PATH = '/loki/api/v1/push';
/** Alerts per push request: one request for a job's usual handful, a few for a noisy one. */
export const LOKI_ALERTS_PER_PUSH = 500;
// Loki refuses label values over limits_config max_label_value_length (2048 by default): ours stay far below.
const MAX_LABEL_VALUE = 1024;

export interface LokiStream {
  stream: Record<string, string>;
  values: Array<[string, string]>;
}

export interface LokiPush {
  streams: LokiStream[];
}

/**
 * A label value Loki accepts and a reader can trust: well-formed UTF-8, control and format characters
 * (newlines, bidi overrides) as spaces, trimmed and cut. Loki itself allows any UTF-8 in a value.
 */
export function lokiLabelValue(text: string): string {
  const cleaned = text
    .replace(/\p{Cs}/gu, '\uFFFD')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu, ' ')
    .trim();
  const chars = Array.from(cleaned);
  return chars.length <= MAX_LABEL_VALUE ? cleaned : chars.slice(0, MAX_LABEL_VALUE).join('');
}

export function lokiLabels(alert: ForwardAlert): Record<string, string> {
  const labels: Record<string, string> = {
    rule: alert.rule,
    source: alert.source ?? '',
    priority: falcoPriorityLabel(alert.priority),
  };
  for (const [field, label] of [
    ['k8s.ns.name', 'k8s_ns_name'],
    ['k8s.pod.name', 'k8s_pod_name'],
  ] as const) {
    const value = alert.outputFields[field];
    if (typeof value === 'string') labels[label] = value;
  }
  if (alert.hostname !== null && alert.hostname !== '') labels.hostname = alert.hostname;
  if (alert.tags.length > 0) labels.tags = [...alert.tags].sort().join(',');
  if (alert.ci.repository !== null) labels.repository = alert.ci.repository;
  if (alert.ci.workflow !== null) labels.workflow = alert.ci.workflow;
  if (alert.ci.job !== null) labels.job = alert.ci.job;
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    const cleaned = lokiLabelValue(value);
    // Loki drops a label whose value is empty; leaving it out says the same without a surprise.
    if (cleaned !== '') clean[name] = cleaned;
  }
  return clean;
}

/** Nanoseconds since the epoch as Loki wants them: a decimal string. */
export function lokiTimestamp(time: string, fallbackMs: number): string {
  const ns = isoToEpochNs(time);
  if (ns !== undefined) return ns.toString();
  const ms = Date.parse(time);
  return (BigInt(Number.isNaN(ms) ? fallbackMs : ms) * 1_000_000n).toString();
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The push requests for these alerts: LOKI_ALERTS_PER_PUSH alerts each, alerts with the same labels in
 * one stream, each stream's values in time order. `uuid` names each alert's line like the webhook's.
 */
export function buildLokiPushes(alerts: readonly ForwardAlert[], uuid: () => string, nowMs: number): LokiPush[] {
  const pushes: LokiPush[] = [];
  for (let index = 0; index < alerts.length; index += LOKI_ALERTS_PER_PUSH) {
    const streams = new Map<string, LokiStream>();
    for (const alert of alerts.slice(index, index + LOKI_ALERTS_PER_PUSH)) {
      const labels = lokiLabels(alert);
      const key = labelKey(labels);
      let stream = streams.get(key);
      if (stream === undefined) {
        stream = { stream: labels, values: [] };
        streams.set(key, stream);
      }
      const timestamp = lokiTimestamp(alert.time, nowMs);
      stream.values.push([timestamp, JSON.stringify(buildWebhookPayload(alert, uuid()))]);
    }
    pushes.push({
      streams: [...streams.values()].map(({ stream, values }) => ({
        stream,
        values: [...values].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0)),
      })),
    });
  }
  return pushes;
}
