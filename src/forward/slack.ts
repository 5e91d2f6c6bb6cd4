// Slack incoming-webhook messages in the shape Falcosidekick sends (falcosecurity/falcosidekick
// outputs/slack.go): one attachment per alert, coloured by priority, text = the alert's output, fields
// rule, priority, source, hostname, tags, each string output field (sorted by name; short when under
// 36 characters), then time, and a footer. Ours adds the CI context fields and a link to the run, and
// batches alerts into few messages.
//
// Everything in an alert is hostile. Slack parses control sequences in every text it shows, formatted
// or not (<!channel>, <!here>, <@U…>, <#C…>, <url|text>); its formatting guide asks apps to escape
// exactly &, < and > as &amp; &lt; &gt;, after which no sequence can open. Plain "@channel"/"@here"/
// "@everyone" words become mentions only with link_names (legacy incoming webhooks honour it even in
// attachments): we send link_names false AND write the @ of those words as U+FF20 (＠, visibly an at
// sign), so no webhook configuration can turn an alert into a channel-wide ping.
import type { FalcoPriority } from '../falco/priority.ts';
import { falcoPriorityLabel } from '../falco/priority.ts';
import type { ForwardAlert } from './alert.ts';

// Falcosidekick's colours per priority (outputs/slack.go with outputs/constants.go).
export const SLACK_COLORS: Readonly<Record<FalcoPriority, string>> = {
  emergency: '#e20b0b',
  alert: '#ff5400',
  critical: '#ff5400',
  error: '#e20b0b',
  warning: '#ffc700',
  notice: '#5bffb5',
  informational: '#68c2ff',
  debug: '#ccfff2',
};

/** Slack truncates a message's text beyond 40,000 characters; a message takes at most 100 attachments. */
export const SLACK_MAX_TEXT = 40_000;
export const SLACK_MAX_ATTACHMENTS = 100;
/** Ours, well inside Slack's limits: a message of 50 alerts stays readable and far below a megabyte. */
export const ALERTS_PER_MESSAGE = 50;
/** At most this many alerts go to Slack per forwarding (ten messages); the rest are counted in the last. */
export const MAX_SLACK_ALERTS = 500;
const MAX_OUTPUT = 3_000;
const MAX_FIELD = 1_000;
const MAX_FALLBACK = 300;
// Falcosidekick's threshold for a short field (outputs/slack.go).
const SHORT_FIELD = 36;
export const SLACK_FOOTER = 'falco-actions';

export interface SlackField {
  title: string;
  value: string;
  short: boolean;
}

export interface SlackAttachment {
  fallback: string;
  color: string;
  text: string;
  fields: SlackField[];
  footer: string;
}

export interface SlackMessage {
  text: string;
  link_names: false;
  attachments: SlackAttachment[];
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Hostile text made inert for Slack: &, <, > escaped (no control sequence can open), the @ of
 * @channel/@here/@everyone made a fullwidth at, lone surrogates replaced, cut to `max` characters
 * (before escaping, so an entity is never cut in half).
 */
export function slackEscape(text: string, max: number = MAX_FIELD): string {
  return cut(text.replace(/\p{Cs}/gu, '\uFFFD'), max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=(?:channel|here|everyone)\b)/gi, '\uFF20');
}

/** A <url|label> link when the URL is one Slack can carry unchanged; else the label alone, escaped. */
export function slackLink(url: string | null, label: string): string {
  if (url === null || !/^https?:\/\/[^\s<>|]+$/.test(url)) return slackEscape(label);
  return `<${url.replace(/&/g, '&amp;')}|${slackEscape(label, 200)}>`;
}

function field(title: string, value: string, short: boolean): SlackField {
  return { title: slackEscape(title, 100), value: slackEscape(value), short };
}

function runLabel(alert: ForwardAlert): string {
  return alert.ci.runNumber !== null ? `run #${alert.ci.runNumber}` : 'the run';
}

export function slackAttachment(alert: ForwardAlert): SlackAttachment {
  const fields: SlackField[] = [
    field('rule', alert.rule, true),
    field('priority', falcoPriorityLabel(alert.priority), true),
    field('source', alert.source ?? '', true),
  ];
  if (alert.hostname !== null && alert.hostname !== '') fields.push(field('hostname', alert.hostname, true));
  if (alert.tags.length > 0) fields.push(field('tags', [...alert.tags].sort().join(', '), true));
  const ci = alert.ci;
  for (const [title, value] of [
    ['repository', ci.repository],
    ['workflow', ci.workflow],
    ['job', ci.job],
    ['step', ci.step],
    ['action', ci.action],
  ] as const) {
    if (value !== null) fields.push(field(title, value, true));
  }
  if (ci.runUrl !== null) fields.push({ title: 'run', value: slackLink(ci.runUrl, runLabel(alert)), short: true });
  // Falcosidekick shows string-valued output fields only.
  for (const name of Object.keys(alert.outputFields).sort()) {
    const value = alert.outputFields[name];
    if (typeof value !== 'string') continue;
    fields.push(field(name, value, Array.from(value).length < SHORT_FIELD));
  }
  fields.push(field('time', alert.time, false));
  return {
    fallback: slackEscape(alert.output, MAX_FALLBACK),
    color: SLACK_COLORS[alert.priority],
    text: slackEscape(alert.output, MAX_OUTPUT),
    fields,
    footer: SLACK_FOOTER,
  };
}

function headline(alerts: readonly ForwardAlert[], first: ForwardAlert): string {
  const where = [first.ci.repository, first.ci.workflow, first.ci.job].filter((part): part is string => part !== null).join(' · ');
  const count = `${alerts.length} Falco alert${alerts.length === 1 ? '' : 's'}`;
  const place = where === '' ? '' : ` in ${slackEscape(where, 300)}`;
  const link = first.ci.runUrl !== null ? ` (${slackLink(first.ci.runUrl, runLabel(first))})` : '';
  return `${count}${place}${link}`;
}

/**
 * The messages for these alerts (already filtered), in order: at most ALERTS_PER_MESSAGE attachments
 * each and MAX_SLACK_ALERTS alerts in all; the last message says how many were left out.
 */
export function buildSlackMessages(alerts: readonly ForwardAlert[]): SlackMessage[] {
  const first = alerts[0];
  if (first === undefined) return [];
  const sent = alerts.slice(0, MAX_SLACK_ALERTS);
  const messages: SlackMessage[] = [];
  for (let index = 0; index < sent.length; index += ALERTS_PER_MESSAGE) {
    const batch = sent.slice(index, index + ALERTS_PER_MESSAGE);
    const part = sent.length > ALERTS_PER_MESSAGE ? ` [${index + 1}–${index + batch.length}]` : '';
    messages.push({ text: `${headline(alerts, first)}${part}`, link_names: false, attachments: batch.map(slackAttachment) });
  }
  const leftOut = alerts.length - sent.length;
  const last = messages[messages.length - 1];
  if (last !== undefined && leftOut > 0) {
    last.text += `\n${leftOut} more alert${leftOut === 1 ? ' was' : 's were'} not sent to Slack: see the run's report.`;
  }
  return messages;
}
