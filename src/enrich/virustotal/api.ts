// One VirusTotal API v3 lookup (GET /ip_addresses/{ip}, /domains/{domain}, /files/{sha256} with the
// `x-apikey` header) and what its answer means. Every body is validated: an object without
// `data.attributes.last_analysis_stats`, or an error body that is not VirusTotal's
// `{"error":{"code","message"}}`, is an error for that indicator, never a crash and never a guess.
// Error codes and their HTTP statuses: https://docs.virustotal.com/reference/errors.
//
// The API key goes into the request header and nowhere else: no outcome, message or error carries it.
import { z } from 'zod';
import { analysisStatsSchema, type AnalysisStats, type IndicatorKind } from '../model.ts';
import { plainLine } from '../../report/escape.ts';
import { withoutSecrets } from '../../action/mask.ts';

/** What one request came to. */
export type LookupOutcome =
  | { kind: 'found'; stats: AnalysisStats }
  /** 404 NotFoundError: VirusTotal has never seen it. */
  | { kind: 'not-found' }
  /** 429 (QuotaExceededError, TooManyRequestsError): try later. */
  | { kind: 'quota'; code: string }
  /** 401/403 (WrongCredentialsError, AuthenticationRequiredError, UserNotActiveError, ForbiddenError): no lookup will work. */
  | { kind: 'refused'; status: number; code: string }
  /** Anything else: a network failure, a timeout, a 5xx, an unexpected body. `message` is plain text, key-free. */
  | { kind: 'error'; message: string };

export type FetchFunction = (input: string, init: { method: string; headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

const API_PATHS: Record<IndicatorKind, string> = { ip: 'ip_addresses', domain: 'domains', file: 'files' };
const OBJECT_TYPES: Record<IndicatorKind, string> = { ip: 'ip_address', domain: 'domain', file: 'file' };

const objectResponseSchema = z.object({
  data: z.object({
    id: z.string(),
    type: z.string(),
    attributes: z.object({ last_analysis_stats: analysisStatsSchema }),
  }),
});

const errorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

/** The request URL of an indicator under the API's base URL. */
export function lookupUrl(apiUrl: string, kind: IndicatorKind, indicator: string): string {
  // An IPv6 address's colons are allowed in a path segment (RFC 3986 pchar) and sent as they are, as
  // VirusTotal's Python client (vt-py) does: it appends the path as the caller wrote it. Anything else
  // is percent-encoded.
  return `${apiUrl.replace(/\/+$/, '')}/${API_PATHS[kind]}/${encodeURIComponent(indicator).replaceAll('%3A', ':')}`;
}

export interface LookupOptions {
  apiUrl: string;
  apiKey: string;
  fetch: FetchFunction;
  timeoutMs: number;
}

export async function lookUp(options: LookupOptions, kind: IndicatorKind, indicator: string): Promise<LookupOutcome> {
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(lookupUrl(options.apiUrl, kind, indicator), {
      method: 'GET',
      headers: { 'x-apikey': options.apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return { kind: 'error', message: networkMessage(error, options.timeoutMs) };
  }
  const body = parseJson(text);
  if (response.status === 200) {
    const parsed = objectResponseSchema.safeParse(body);
    if (!parsed.success) return { kind: 'error', message: `HTTP 200 with a body that is not a VirusTotal object with last_analysis_stats (${describeIssues(parsed.error)})` };
    if (parsed.data.data.type !== OBJECT_TYPES[kind]) return { kind: 'error', message: `HTTP 200 with an object of type "${plainLine(keylessText(parsed.data.data.type, options.apiKey), 40)}", expected "${OBJECT_TYPES[kind]}"` };
    return { kind: 'found', stats: parsed.data.data.attributes.last_analysis_stats };
  }
  const error = errorResponseSchema.safeParse(body);
  // The key is taken out before any cut, so that no part of it survives a server that echoes it.
  const keyless = (text: string): string => keylessText(text, options.apiKey);
  const code = error.success ? plainLine(keyless(error.data.error.code), 60) : null;
  if (response.status === 404 && code === 'NotFoundError') return { kind: 'not-found' };
  if (response.status === 429) return { kind: 'quota', code: code ?? 'HTTP 429' };
  if (response.status === 401 || response.status === 403) return { kind: 'refused', status: response.status, code: code ?? `HTTP ${response.status}` };
  const detail = error.success ? `${code}${error.data.error.message === undefined ? '' : `: ${plainLine(keyless(error.data.error.message), 200)}`}` : 'a body that is not a VirusTotal error';
  return { kind: 'error', message: `HTTP ${response.status} (${detail})` };
}

function keylessText(text: string, apiKey: string): string {
  return withoutSecrets(text, [apiKey], '[VT_API_KEY]');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`)
    .join('; ');
}

// undici's "fetch failed" hides the reason in `cause` (ECONNREFUSED, a DNS failure); a timeout is a
// DOMException named TimeoutError. Neither names the request's headers.
function networkMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${plainLine(error.cause.message, 200)})` : '';
    return `request failed: ${plainLine(error.message, 200)}${cause}`;
  }
  return 'request failed';
}
