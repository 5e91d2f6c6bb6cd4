// One HTTP POST, retried: 429 and 5xx answers and network failures or timeouts are tried again with
// exponential backoff and jitter (a 429's or 503's Retry-After is honoured), until it succeeds, a
// 4xx says it never will, the attempts run out, or the deadline the caller shares between all outputs
// would pass. Nothing here names the URL in a problem: URLs are secrets (settings/forward.ts); a
// problem is the status, the error's code or a timeout, in our words.
import type { ForwardOutput } from '../settings/forward.ts';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface DeliveryDeps {
  fetch: Fetch;
  sleep: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch: the deadline and Retry-After dates are measured with it. */
  now: () => number;
  /** [0, 1): the jitter. */
  random: () => number;
  /**
   * Runs one attempt with a signal that aborts after `ms` (AbortSignal.timeout in production); the
   * attempt reads the whole answer inside it, so a receiver that stops mid-body is timed out too.
   */
  withTimeout: <T>(ms: number, attempt: (signal: AbortSignal) => Promise<T>) => Promise<T>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 20_000, attemptTimeoutMs: 15_000 };

export interface DeliveryRequest {
  output: ForwardOutput;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type DeliveryResult =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; problem: string; outOfTime: boolean };

/** The delay a Retry-After header asks for, in ms: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

function retryable(status: number): boolean {
  // 501 and 505 say the server will never take this request.
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

// A receiver's error body in our log only when it is a short plain phrase, as Slack's ("invalid_payload",
// "no_service") and Loki's ("entry out of order") are: anything with markup, a URL or a line break
// (a proxy's page, an echo of the request) is left out rather than cleaned, so no part of it shows.
function bodyWords(text: string): string {
  const trimmed = text.trim();
  return /^[A-Za-z0-9_.,' -]{1,120}$/.test(trimmed) ? ` (${trimmed})` : '';
}

function errorWords(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  // fetch's network failures are a TypeError whose cause carries an errno code (ECONNREFUSED…);
  // their messages can hold the host, so only the code is shown.
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' && /^[A-Z0-9_]{2,40}$/.test(cause.code) ? cause.code : undefined;
  return code !== undefined ? `network error ${code}` : 'network error';
}

export async function deliver(request: DeliveryRequest, deps: DeliveryDeps, deadline: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<DeliveryResult> {
  let problem = '';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    const remaining = deadline - deps.now();
    if (remaining <= 0) {
      return { ok: false, attempts: attempt - 1, problem: attempt === 1 ? 'the time budget was spent before it was tried' : `${problem}; the time budget is spent`, outOfTime: true };
    }
    const timeoutMs = Math.min(policy.attemptTimeoutMs, remaining);
    let waitMs: number | undefined;
    try {
      const { response, text } = await deps.withTimeout(timeoutMs, async (signal) => {
        const answer = await deps.fetch(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal,
          // A redirect could carry the body (and a tenant or credentials) elsewhere: none is followed.
          redirect: 'manual',
        });
        return { response: answer, text: await answer.text() };
      });
      if (response.status >= 200 && response.status < 300) return { ok: true, attempts: attempt };
      problem = `HTTP ${response.status}${bodyWords(text)}`;
      if (response.status >= 300 && response.status < 400) problem += ', a redirect (not followed)';
      if (!retryable(response.status)) return { ok: false, attempts: attempt, problem, outOfTime: false };
      waitMs = retryAfterMs(response.headers.get('retry-after'), deps.now());
    } catch (error) {
      problem = errorWords(error, timeoutMs);
    }
    if (attempt === policy.maxAttempts) break;
    const delay = waitMs ?? backoffMs(attempt, policy, deps.random);
    if (deps.now() + delay >= deadline) {
      return { ok: false, attempts: attempt, problem: `${problem}; no time left to retry within the time budget`, outOfTime: true };
    }
    await deps.sleep(delay);
  }
  return { ok: false, attempts: policy.maxAttempts, problem: `${problem} after ${policy.maxAttempts} attempts`, outOfTime: false };
}

/** Production's attempt timeout: AbortSignal.timeout. */
export function abortAfter<T>(ms: number, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return attempt(AbortSignal.timeout(ms));
}
