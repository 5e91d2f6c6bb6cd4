// The AI triage stage (Enrichers.triage): sends a scrubbed, bounded digest of the report's findings
// (findings.ts) to an OpenAI chat model and maps its structured answer back to the report (answer.ts).
//
// Chat completions, not the newer Responses API: OpenAI-compatible endpoints that openai-base-url may
// point at (Azure OpenAI, gateways, local servers) speak chat completions. Structured output through
// the SDK's zod helper (zodResponseFormat + chat.completions.parse), which works with zod v4.
//
// The `openai` package is loaded here only, by dynamic import when a triage runs: every other path of
// the bundle (and every run without OPENAI_API_KEY) never loads it.
//
// The API key goes to the SDK and nowhere else: errors are rewritten (describeFailure) with the key
// and secret-looking text removed, and the SDK's own logging is off (its debug log prints requests).
import { UserError } from '../../action/errors.ts';
import { plainLine } from '../../report/escape.ts';
import type { AnalyzeReport } from '../../analyze/report.ts';
import type { AnalyzeSettings } from '../../settings/analyze.ts';
import type { Triage } from '../model.ts';
import { modelAnswerSchema, triageFromAnswer } from './answer.ts';
import { buildFindings, FINDINGS_LIMITS } from './findings.ts';
import { newNonce, triageMessages } from './prompt.ts';
import { REDACTED, scrubSecrets } from './scrub.ts';
import { withoutSecrets } from '../../action/mask.ts';

export const TRIAGE_REQUEST = {
  /** Per attempt (the SDK's timeout); an endpoint that does not answer costs at most three of these. */
  timeoutMs: 60_000,
  /** Retries of a 408/409/429/5xx or a connection failure (the SDK's maxRetries, with its backoff and retry-after). */
  maxRetries: 2,
} as const;

export interface OpenAiTriageOptions {
  settings: AnalyzeSettings['openai'];
  /** The fetch the SDK uses (default: the global one). */
  fetch?: typeof globalThis.fetch;
  log: (line: string) => void;
  /** Per-attempt timeout in milliseconds (default TRIAGE_REQUEST.timeoutMs). */
  timeoutMs?: number;
  /** Bytes of findings JSON sent at most (default FINDINGS_LIMITS.maxBytes). */
  maxBytes?: number;
}

const DEFAULT_ENDPOINT = 'https://api.openai.com/v1';

/** Where the requests go, for messages: scheme, host and path, never user info or query. */
function endpointName(baseUrl: string): string {
  try {
    const url = new URL(baseUrl === '' ? DEFAULT_ENDPOINT : baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'the configured openai-base-url';
  }
}

function withoutKey(text: string, apiKey: string): string {
  return scrubSecrets(withoutSecrets(text, [apiKey], REDACTED));
}

/** A clear, key-free message for whatever the SDK threw; enrichReport's note prefixes it with "The AI triage failed: ". */
function describeFailure(error: unknown, where: string, apiKey: string, timeoutMs: number): UserError {
  const name = error instanceof Error ? error.constructor.name : '';
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const detail = error instanceof Error ? plainLine(withoutKey(error.message, apiKey), 300) : '';
  if (name === 'APIConnectionTimeoutError') {
    return new UserError(`no answer from ${where} within ${timeoutMs / 1000} s (${TRIAGE_REQUEST.maxRetries + 1} attempts).`, 'Try again later, or check openai-base-url.');
  }
  if (name === 'APIConnectionError') {
    return new UserError(`could not reach ${where} (${detail}).`, 'Check openai-base-url and the runner\'s network.');
  }
  if (status === 401 || status === 403) {
    return new UserError(`${where} refused the request (HTTP ${status}: ${detail}).`, 'Check the OPENAI_API_KEY secret and its access to openai-model.');
  }
  if (status === 404) {
    return new UserError(`${where} has no such model or no chat completions endpoint (HTTP 404: ${detail}).`, 'Check openai-model and openai-base-url.');
  }
  if (status !== undefined) {
    const retried = status === 429 || status >= 500 ? ` after ${TRIAGE_REQUEST.maxRetries} retries` : '';
    return new UserError(`${where} answered HTTP ${status}${retried} (${detail}).`);
  }
  if (name === 'LengthFinishReasonError') return new UserError(`the answer from ${where} was cut off at the model's length limit.`);
  if (name === 'ContentFilterFinishReasonError') return new UserError(`the answer from ${where} was stopped by the endpoint's content filter.`);
  return new UserError(`the answer from ${where} could not be read (${detail}).`);
}

/** The triage stage for enrichReport. Requires the API key (the stage is off without one). */
export function openAiTriage(options: OpenAiTriageOptions): (report: AnalyzeReport) => Promise<Triage> {
  const { settings, log } = options;
  const apiKey = settings.apiKey;
  if (apiKey === undefined || apiKey === '') throw new Error('openAiTriage needs settings.apiKey (the stage is off without OPENAI_API_KEY)');
  const timeoutMs = options.timeoutMs ?? TRIAGE_REQUEST.timeoutMs;
  const where = endpointName(settings.baseUrl);
  // Each failed attempt is logged (the SDK's own log is off): the status only, never a header.
  const baseFetch = options.fetch ?? globalThis.fetch;
  const loggingFetch: typeof globalThis.fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (!response.ok) log(`AI triage: ${where} answered HTTP ${response.status}${response.status === 429 || response.status >= 500 ? ' (retried up to twice)' : ''}.`);
    return response;
  };

  return async (report) => {
    const digest = buildFindings(report, options.maxBytes ?? FINDINGS_LIMITS.maxBytes);
    if (digest.refs.size === 0) {
      // Nothing to judge: no request (and no cost). The summary says so in our words.
      log('AI triage: the report has no findings to triage; the model was not asked.');
      return { model: settings.model, summary: 'No findings to triage: the model was not asked.', findings: [], refusedExceptions: 0, cut: digest.cut };
    }
    const messages = triageMessages(digest, { userPrompt: settings.userPrompt, nonce: newNonce() });
    log(`AI triage: asking ${settings.model} at ${where} about ${digest.refs.size} findings${digest.cut.length > 0 ? ` (${digest.cut.length} cuts to stay within the size bound)` : ''}.`);
    const [{ default: OpenAI }, { zodResponseFormat }] = await Promise.all([import('openai'), import('openai/helpers/zod')]);
    const client = new OpenAI({
      apiKey,
      ...(settings.baseUrl === '' ? {} : { baseURL: settings.baseUrl }),
      timeout: timeoutMs,
      maxRetries: TRIAGE_REQUEST.maxRetries,
      fetch: loggingFetch,
      logLevel: 'off',
    });
    let completion;
    try {
      completion = await client.chat.completions.parse({
        model: settings.model,
        messages,
        response_format: zodResponseFormat(modelAnswerSchema, 'falco_actions_triage'),
      });
    } catch (error) {
      throw describeFailure(error, where, apiKey, timeoutMs);
    }
    const message = completion.choices[0]?.message;
    if (message === undefined) throw new UserError(`the answer from ${where} had no message.`);
    if (typeof message.refusal === 'string' && message.refusal !== '') {
      throw new UserError(`the model refused: ${plainLine(withoutKey(message.refusal, apiKey), 300)}`);
    }
    if (message.parsed === null) throw new UserError(`the answer from ${where} was empty.`);
    const triage = triageFromAnswer(message.parsed, { model: settings.model, sent: digest.refs, cut: digest.cut });
    log(`AI triage: ${triage.findings.length} finding${triage.findings.length === 1 ? '' : 's'} triaged${triage.refusedExceptions > 0 ? `, ${triage.refusedExceptions} suggested exceptions refused (not valid Falco conditions)` : ''}.`);
    return triage;
  };
}
