// Local receivers for the forwarding outputs: real HTTP servers on 127.0.0.1 that check every request
// against the protocol it claims (a zod schema per protocol) and keep what they accepted, so tests read
// what Slack, Loki or a Falcosidekick webhook consumer would have got. A receiver can misbehave for its
// first N requests: answer 429 with a Retry-After, 500, or hold the request without answering (the
// sender's timeout must end it). A request that breaks the protocol gets 400 and is recorded in
// `rejected` with the schema's complaint, so a test sees payload mistakes instead of a timeout.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const PRIORITY_LABELS = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;

// Slack's incoming webhook with legacy attachments, as Falcosidekick (outputs/slack.go) sends them.
export const slackMessageSchema = z
  .object({
    text: z.string().max(40_000),
    link_names: z.literal(false),
    attachments: z
      .array(
        z
          .object({
            fallback: z.string(),
            color: z.string().regex(/^#[0-9a-f]{6}$/),
            text: z.string(),
            fields: z.array(z.object({ title: z.string(), value: z.string(), short: z.boolean() }).strict()),
            footer: z.string(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();
export type ReceivedSlackMessage = z.infer<typeof slackMessageSchema>;

// Loki's push API (POST /loki/api/v1/push, JSON): label names as Prometheus allows, values as strings
// of nanoseconds since the epoch (19 digits for any date after 2001).
export const lokiPushSchema = z
  .object({
    streams: z
      .array(
        z
          .object({
            stream: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string().min(1)),
            values: z.array(z.tuple([z.string().regex(/^\d{19}$/), z.string()])).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ReceivedLokiPush = z.infer<typeof lokiPushSchema>;

// Falcosidekick's webhook payload (types.FalcoPayload), plus our CI context key.
export const webhookPayloadSchema = z
  .object({
    uuid: z.string().min(1),
    output: z.string(),
    priority: z.enum(PRIORITY_LABELS),
    rule: z.string().min(1),
    time: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/),
    output_fields: z.record(z.string(), z.unknown()),
    source: z.string(),
    tags: z.array(z.string()).min(1).optional(),
    hostname: z.string().min(1).optional(),
    falco_actions: z
      .object({
        repository: z.string().nullable(),
        workflow: z.string().nullable(),
        job: z.string().nullable(),
        run_number: z.string().nullable(),
        run_url: z.string().nullable(),
        step: z.string().nullable(),
        action: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type ReceivedWebhookPayload = z.infer<typeof webhookPayloadSchema>;

export type Misbehaviour = { kind: '429'; retryAfterSeconds: number } | { kind: '500' } | { kind: 'hang' };

export interface ReceivedRequest<T> {
  path: string;
  headers: IncomingHttpHeaders;
  body: T;
}

export interface Receiver<T> {
  /** Base URL, e.g. http://127.0.0.1:41234 (append the protocol's path, or use `endpoint`). */
  url: string;
  /** The URL the sender is configured with (Slack and webhook: a path; Loki: the base URL). */
  endpoint: string;
  /** Requests accepted with 2xx, parsed. */
  accepted: Array<ReceivedRequest<T>>;
  /** Requests that broke the protocol: what the schema said. */
  rejected: string[];
  /** Every request that reached the server, misbehaved-on ones included. */
  hits: number;
  /** Misbehave for the next `count` requests. */
  misbehave(count: number, how: Misbehaviour): void;
  close(): Promise<void>;
}

interface Protocol<T> {
  schema: z.ZodType<T>;
  /** The path requests must use. */
  path: string;
  /** The base URL's suffix the sender is given. */
  endpointPath: string;
  /** What a success answers (Slack: 200 "ok"; Loki: 204; webhook: 200). */
  ok: (response: ServerResponse) => void;
}

async function startReceiver<T>(protocol: Protocol<T>): Promise<Receiver<T>> {
  let pending: { count: number; how: Misbehaviour } = { count: 0, how: { kind: '500' } };
  const hanging = new Set<ServerResponse>();
  const receiver: Omit<Receiver<T>, 'url' | 'endpoint' | 'close'> = {
    accepted: [],
    rejected: [],
    hits: 0,
    misbehave(count, how) {
      pending = { count, how };
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.hits += 1;
      if (pending.count > 0) {
        pending.count -= 1;
        const how = pending.how;
        if (how.kind === 'hang') {
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        }
        if (how.kind === '429') {
          response.writeHead(429, { 'retry-after': String(how.retryAfterSeconds), 'content-type': 'text/plain' }).end('rate_limited');
          return;
        }
        response.writeHead(500, { 'content-type': 'text/plain' }).end('internal_error');
        return;
      }
      const refuse = (problem: string) => {
        receiver.rejected.push(problem);
        response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
      };
      if (request.method !== 'POST') return refuse(`method ${request.method}`);
      const path = new URL(request.url ?? '/', 'http://receiver').pathname;
      if (path !== protocol.path) return refuse(`path ${path}`);
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return refuse(`content-type ${request.headers['content-type']}`);
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return refuse('body is not JSON');
      }
      const parsed = protocol.schema.safeParse(json);
      if (!parsed.success) return refuse(JSON.stringify(parsed.error.issues.slice(0, 3)));
      receiver.accepted.push({ path, headers: request.headers, body: parsed.data });
      protocol.ok(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return Object.assign(receiver, {
    url,
    endpoint: `${url}${protocol.endpointPath}`,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const SLACK_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

/** A Slack incoming webhook: POST of a message to a secret path, "ok" in return. */
export function startSlackReceiver(): Promise<Receiver<ReceivedSlackMessage>> {
  return startReceiver({
    schema: slackMessageSchema,
    path: SLACK_PATH,
    endpointPath: SLACK_PATH,
    ok: (response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
  });
}

/** Loki's push endpoint: 204 No Content on success. */
export function startLokiReceiver(): Promise<Receiver<ReceivedLokiPush>> {
  return startReceiver({
    schema: lokiPushSchema,
    path: '/loki/api/v1/push',
    endpointPath: '',
    ok: (response) => response.writeHead(204).end(),
  });
}

/** A consumer of Falcosidekick's webhook output. */
export function startWebhookReceiver(): Promise<Receiver<ReceivedWebhookPayload>> {
  return startReceiver({
    schema: webhookPayloadSchema,
    path: '/falco',
    endpointPath: '/falco',
    ok: (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  });
}
