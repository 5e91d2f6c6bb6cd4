// A real HTTP server on 127.0.0.1 that answers POST /v1/chat/completions the way api.openai.com does, so
// the production client (the `openai` SDK with baseURL) is tested without mocks. The shapes are those of
// recorded responses: a `chat.completion` object (id, object, created, model, choices[{ index,
// message{ role, content, refusal, annotations }, logprobs, finish_reason }], usage with
// prompt_tokens_details / completion_tokens_details, service_tier, system_fingerprint), with the
// structured output as the message's JSON `content`, or `content: null` and a `refusal` string; errors
// as { error: { message, type, param, code } }. Every request body is recorded so tests assert what was sent.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChatRequest {
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: { model: string; messages: Array<{ role: string; content: string }>; response_format?: unknown } & Record<string, unknown>;
}

/** How the next request is answered. */
export type ChatReply =
  | { kind: 'answer'; content: unknown }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  /** A 4xx the SDK does not retry, with this error message (e.g. an invalid key echoed masked). */
  | { kind: 'client-error'; status: number; message: string; code: string | null }
  /** Accept the request and never answer. */
  | { kind: 'hang' };

export interface OpenAiApi {
  /** The SDK's baseURL, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  /** Replies for the coming requests, in order; once used up, the last one repeats. */
  reply(...replies: ChatReply[]): void;
  requests: RecordedChatRequest[];
  close(): Promise<void>;
}

let sequence = 0;

function completion(model: string, message: { content: string | null; refusal: string | null }): unknown {
  sequence += 1;
  return {
    id: `chatcmpl-test${String(sequence).padStart(8, '0')}`,
    object: 'chat.completion',
    created: 1733126996,
    model,
    choices: [{ index: 0, message: { role: 'assistant', ...message, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 1200,
      completion_tokens: 180,
      total_tokens: 1380,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 64, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_0705bf87c0',
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const errorBody = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

export async function startOpenAiApi(): Promise<OpenAiApi> {
  const requests: RecordedChatRequest[] = [];
  let replies: ChatReply[] = [{ kind: 'answer', content: { summary: 'Nothing of note.', findings: [] } }];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        send(res, 404, errorBody(`Invalid URL (${req.method} ${req.url})`, 'invalid_request_error', null));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedChatRequest['body'];
      requests.push({ url: req.url, headers: req.headers, body });
      const reply = (replies.length > 1 ? replies.shift() : replies[0]) as ChatReply;
      switch (reply.kind) {
        case 'answer':
          send(res, 200, completion(body.model, { content: JSON.stringify(reply.content), refusal: null }));
          return;
        case 'refusal':
          send(res, 200, completion(body.model, { content: null, refusal: reply.refusal }));
          return;
        case 'rate-limited':
          send(res, 429, errorBody(`Rate limit reached for ${body.model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`, 'requests', 'rate_limit_exceeded'), {
            'retry-after': String(reply.retryAfterSeconds),
          });
          return;
        case 'server-error':
          send(res, 500, errorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null));
          return;
        case 'client-error':
          send(res, reply.status, errorBody(reply.message, 'invalid_request_error', reply.code));
          return;
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    reply(...next: ChatReply[]) {
      replies = next;
    },
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
