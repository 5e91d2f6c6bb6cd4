// The forwarding inputs (Slack, Loki, a Falcosidekick-style webhook), shared by stop and analyze:
// spread forwardInputsShape into an action's inputs schema and call toForwardSettings on the parsed
// values. The command line's `forward` reads the same names (src/cli/forward.ts).
//
// URLs, the Loki password and the webhook's header values are secrets (a Slack incoming webhook URL
// is its own credential): forwardSecrets lists them for core.setSecret, and src/forward never writes
// them to a log line or a warning. The password is an input, not an environment variable: an input
// fed from `${{ secrets.X }}` is already masked by the runner, it is documented in action.yml with the
// others, and the command line can still take it from the environment (FALCO_ACTIONS_LOKI_PASSWORD).
import { z } from 'zod';
import { FALCO_PRIORITIES, parseFalcoPriority, type FalcoPriority } from '../falco/priority.ts';
import { booleanInput, parseInputs, SettingsError, type InputReader } from './inputs.ts';

export const FORWARD_OUTPUTS = ['slack', 'loki', 'webhook'] as const;
export type ForwardOutput = (typeof FORWARD_OUTPUTS)[number];

const urlInput = (input: string) =>
  z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw === '' || isHttpUrl(raw), {
      // The value is a secret: the message never quotes it.
      error: `Invalid value for input '${input}': not an http:// or https:// URL (the value is not shown: it is a secret). Accepted values: an http(s) URL, or empty to send nothing there.`,
    });

function isHttpUrl(raw: string): boolean {
  if (/\s/.test(raw)) return false;
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const oneLine = (input: string, max: number) =>
  z
    .string()
    .transform((raw) => raw.trim())
    .refine((raw) => raw.length <= max && !/[\u0000-\u001f\u007f]/.test(raw), {
      error: `Invalid value for input '${input}': expected one line of at most ${max} characters without control characters.`,
    });

// RFC 9110's token: what a header name may be.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers fetch sets or refuses itself, or that would change what the receiver reads as the body.
const FORBIDDEN_HEADERS = new Set(['content-length', 'content-type', 'host', 'transfer-encoding', 'connection']);

export type HeaderList = Array<[name: string, value: string]>;

const headersSchema = z.string().transform((raw, context): HeaderList => {
  const headers: HeaderList = [];
  for (const [index, line] of raw.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    // Only the name is shown: header values are usually credentials.
    const problem =
      colon < 0 || !HEADER_NAME.test(name)
        ? `line ${index + 1} is not "Name: value" with a header name of letters, digits and !#$%&'*+.^_\`|~-`
        : FORBIDDEN_HEADERS.has(name.toLowerCase())
          ? `line ${index + 1} sets ${name}, which is set by falco-actions itself`
          : /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)
            ? `the value of ${name} (line ${index + 1}) holds a control character`
            : undefined;
    if (problem !== undefined) {
      context.addIssue({
        code: 'custom',
        message: `Invalid value for input 'webhook-headers': ${problem}. Accepted values: one "Name: value" header per line.`,
      });
      return z.NEVER;
    }
    headers.push([name, value]);
  }
  return headers;
});

export type MinimumPriorities = Partial<Record<ForwardOutput, FalcoPriority>>;

const MINIMUM_PRIORITY_HELP = `Accepted values: one priority for every output (${FALCO_PRIORITIES.join(', ')}), or one "output: priority" per line for ${FORWARD_OUTPUTS.join(', ')}, or empty to send every alert.`;

const minimumPrioritySchema = z.string().transform((raw, context): MinimumPriorities => {
  const lines = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const fail = (problem: string): never => {
    context.addIssue({ code: 'custom', message: `Invalid value for input 'forward-minimum-priority': ${problem}. ${MINIMUM_PRIORITY_HELP}` });
    return z.NEVER as never;
  };
  if (lines.length === 0) return {};
  if (lines.length === 1 && !lines[0]!.includes(':')) {
    const priority = parseFalcoPriority(lines[0]!);
    if (priority === undefined) return fail(`${JSON.stringify(lines[0])} is not a Falco priority`);
    return Object.fromEntries(FORWARD_OUTPUTS.map((output) => [output, priority]));
  }
  const result: MinimumPriorities = {};
  for (const line of lines) {
    const match = /^([a-z]+)\s*:\s*(\S+)$/i.exec(line);
    const output = match?.[1]?.toLowerCase();
    if (!match || !(FORWARD_OUTPUTS as readonly string[]).includes(output ?? '')) {
      return fail(`${JSON.stringify(line)} is not "output: priority" with output one of ${FORWARD_OUTPUTS.join(', ')}`);
    }
    const priority = parseFalcoPriority(match[2]!);
    if (priority === undefined) return fail(`${JSON.stringify(match[2])} is not a Falco priority`);
    if (result[output as ForwardOutput] !== undefined) return fail(`${output} is given twice`);
    result[output as ForwardOutput] = priority;
  }
  return result;
});

/** The forwarding inputs, to spread into an action's inputs schema (z.object({...own, ...forwardInputsShape})). */
export const forwardInputsShape = {
  'slack-webhook-url': urlInput('slack-webhook-url'),
  'loki-url': urlInput('loki-url'),
  'loki-tenant': oneLine('loki-tenant', 256),
  'loki-username': oneLine('loki-username', 256),
  'loki-password': oneLine('loki-password', 4096),
  'webhook-url': urlInput('webhook-url'),
  'webhook-headers': headersSchema,
  'forward-minimum-priority': minimumPrioritySchema,
  'forward-fail-on-error': booleanInput('forward-fail-on-error', false),
};

export const forwardInputsSchema = z.object(forwardInputsShape);
export type ForwardInputs = z.output<typeof forwardInputsSchema>;

export interface LokiSettings {
  /** The base URL; the push endpoint is {url}/loki/api/v1/push. */
  url: string;
  /** X-Scope-OrgID, when Loki runs multi-tenant. */
  tenant: string | null;
  /** HTTP basic auth, when both are given. */
  basicAuth: { username: string; password: string } | null;
}

export interface ForwardSettings {
  slack: { webhookUrl: string } | null;
  loki: LokiSettings | null;
  webhook: { url: string; headers: HeaderList } | null;
  /** Per output: alerts at or above it are sent (Falcosidekick's minimumpriority); absent: all. */
  minimumPriority: MinimumPriorities;
  /** A delivery failure fails the step (else it is a warning). */
  failOnError: boolean;
  /** What the inputs switched off and why, plain text, for a warning (never a failure). */
  notes: string[];
}

/** Settings from already-parsed values of forwardInputsShape (inside a larger schema's output). */
export function toForwardSettings(inputs: ForwardInputs): ForwardSettings {
  const lokiUrl = inputs['loki-url'];
  const username = inputs['loki-username'];
  const password = inputs['loki-password'];
  const notes: string[] = [];
  let lokiOn = lokiUrl !== '';
  if (lokiOn && username === '' && password !== '') {
    // Checked here rather than in the schema: the schema's fields are spread into other objects.
    throw new SettingsError('loki-username', "Input 'loki-username' is empty but loki-password is set: Loki's basic auth needs both (or neither).");
  }
  if (lokiOn && username !== '' && password === '') {
    // The usual cause is a secret this run cannot read (a fork's pull request gets none): forwarding is
    // then skipped rather than failing the job or sending alerts unauthenticated.
    notes.push('loki: loki-username is set but loki-password is empty (a secret this run cannot read, as in a pull request from a fork?): nothing is sent to Loki.');
    lokiOn = false;
  }
  return {
    slack: inputs['slack-webhook-url'] === '' ? null : { webhookUrl: inputs['slack-webhook-url'] },
    loki: !lokiOn
      ? null
      : {
          url: lokiUrl.replace(/\/+$/, ''),
          tenant: inputs['loki-tenant'] === '' ? null : inputs['loki-tenant'],
          basicAuth: username === '' ? null : { username, password },
        },
    webhook: inputs['webhook-url'] === '' ? null : { url: inputs['webhook-url'], headers: inputs['webhook-headers'] },
    minimumPriority: inputs['forward-minimum-priority'],
    failOnError: inputs['forward-fail-on-error'],
    notes,
  };
}

/** Reads and parses the forwarding inputs alone (the command line; tests). */
export function parseForwardSettings(read: InputReader): ForwardSettings {
  return toForwardSettings(parseInputs(forwardInputsSchema, read));
}

/** True when at least one output is configured. */
export function forwardingEnabled(settings: ForwardSettings): boolean {
  return settings.slack !== null || settings.loki !== null || settings.webhook !== null;
}

/**
 * Every value to mask in the log (core.setSecret): the URLs (a Slack webhook URL is a credential; a
 * Loki or webhook URL may carry one in its user info or query), the password, the basic-auth header
 * value as sent, and every webhook header value.
 */
export function forwardSecrets(settings: ForwardSettings): string[] {
  const secrets = new Set<string>();
  if (settings.slack) secrets.add(settings.slack.webhookUrl);
  if (settings.loki) {
    secrets.add(settings.loki.url);
    if (settings.loki.basicAuth) {
      secrets.add(settings.loki.basicAuth.password);
      secrets.add(basicAuthToken(settings.loki.basicAuth));
    }
  }
  if (settings.webhook) {
    secrets.add(settings.webhook.url);
    for (const [, value] of settings.webhook.headers) if (value !== '') secrets.add(value);
  }
  return [...secrets].filter((secret) => secret.length > 0);
}

/** The credentials of an Authorization: Basic header. */
export function basicAuthToken(auth: { username: string; password: string }): string {
  return Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
}
