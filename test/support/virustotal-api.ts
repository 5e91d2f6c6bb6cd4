// A real HTTP server on 127.0.0.1 that answers VirusTotal API v3's object lookups the way
// www.virustotal.com/api/v3 does, so the production lookup (src/enrich/virustotal/api.ts, global fetch)
// is tested without mocks:
// - GET /api/v3/ip_addresses/{ip}, /domains/{domain}, /files/{sha256}, authenticated by `x-apikey`;
// - found: `{"data":{"id","type","links":{"self"},"attributes":{...}}}` with the attributes of the IP
//   address, domain and file objects documented at docs.virustotal.com (docs/ip-object, the domain
//   object as recorded in demisto/content's VirusTotalV3 test_data/domain.json, the file object's
//   last_analysis_stats with the file-only categories "confirmed-timeout", "failure", "type-unsupported");
// - errors as `{"error":{"code","message"}}` with the statuses of docs.virustotal.com/reference/errors:
//   404 NotFoundError, 429 QuotaExceededError, 401 WrongCredentialsError / AuthenticationRequiredError
//   ("X-Apikey header is missing", the documented example), 403 ForbiddenError.
// Every request is recorded (method, path, headers, and the time of the clock handed in, so that tests
// on a fake clock can check the rate).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IndicatorKind } from '../../src/enrich/model.ts';

export interface RecordedVirusTotalRequest {
  method: string;
  /** Path as received (percent-encoded), e.g. /api/v3/ip_addresses/8.8.8.8 */
  path: string;
  kind: IndicatorKind | null;
  /** The decoded indicator, or null for a path that is no lookup. */
  indicator: string | null;
  headers: IncomingHttpHeaders;
  /** The test clock's time (ms) when the request arrived. */
  at: number;
}

export interface EngineCounts {
  malicious?: number;
  suspicious?: number;
  harmless?: number;
  undetected?: number;
  timeout?: number;
}

/** A scripted answer to the next lookups, whatever they ask for. */
export type ScriptedAnswer = 'quota' | 'too-many-requests' | 'wrong-key' | 'forbidden' | 'server-error' | 'not-json' | 'wrong-shape' | { status: number; body: string };

export interface VirusTotalApi {
  /** The API base URL to use as virustotal-api-url, e.g. http://127.0.0.1:41234/api/v3 */
  url: string;
  requests: RecordedVirusTotalRequest[];
  /** VirusTotal knows this indicator with these engine counts (others are 404 NotFoundError). */
  know(kind: IndicatorKind, indicator: string, counts: EngineCounts): void;
  /** The next `times` lookups get this answer instead (in order of calls: a queue). */
  answerNext(answer: ScriptedAnswer, times?: number): void;
  close(): Promise<void>;
}

const PATHS: Record<string, IndicatorKind> = { ip_addresses: 'ip', domains: 'domain', files: 'file' };
const TYPES: Record<IndicatorKind, string> = { ip: 'ip_address', domain: 'domain', file: 'file' };
const NOT_FOUND_NAMES: Record<IndicatorKind, string> = { ip: 'IP address', domain: 'Domain', file: 'File' };

const ENGINES = ['Abusix', 'BitDefender', 'ESET', 'Fortinet', 'Kaspersky', 'Sophos'];
const ANALYSIS_DATE = 1_764_900_000;

function stats(kind: IndicatorKind, counts: EngineCounts): Record<string, number> {
  const base = { malicious: counts.malicious ?? 0, suspicious: counts.suspicious ?? 0, harmless: counts.harmless ?? 0, undetected: counts.undetected ?? 0, timeout: counts.timeout ?? 0 };
  return kind === 'file' ? { harmless: base.harmless, 'type-unsupported': 4, suspicious: base.suspicious, 'confirmed-timeout': 0, timeout: base.timeout, failure: 0, malicious: base.malicious, undetected: base.undetected } : base;
}

function results(kind: IndicatorKind, counts: EngineCounts): Record<string, Record<string, string | null>> {
  const out: Record<string, Record<string, string | null>> = {};
  ENGINES.forEach((engine, index) => {
    const malicious = index < (counts.malicious ?? 0);
    const entry: Record<string, string | null> = {
      category: malicious ? 'malicious' : kind === 'file' ? 'undetected' : 'harmless',
      engine_name: engine,
      method: 'blacklist',
      result: malicious ? 'malicious' : kind === 'file' ? null : 'clean',
    };
    if (kind === 'file') Object.assign(entry, { method: 'blacklist', engine_version: '1.0.0', engine_update: '20251205' });
    out[engine] = entry;
  });
  return out;
}

/** The object VirusTotal returns for a known indicator. */
export function virusTotalObject(kind: IndicatorKind, id: string, counts: EngineCounts, baseUrl = 'https://www.virustotal.com/api/v3'): unknown {
  const common = {
    last_analysis_date: ANALYSIS_DATE,
    last_analysis_results: results(kind, counts),
    last_analysis_stats: stats(kind, counts),
    last_modification_date: ANALYSIS_DATE + 60,
    reputation: -(counts.malicious ?? 0),
    tags: [],
    total_votes: { harmless: 0, malicious: counts.malicious ?? 0 },
  };
  const attributes =
    kind === 'ip'
      ? { ...common, as_owner: 'EXAMPLE-AS', asn: 64496, continent: 'EU', country: 'DE', network: `${id}/24`, regional_internet_registry: 'RIPE NCC', whois: 'NetRange: ...', whois_date: ANALYSIS_DATE - 86_400 }
      : kind === 'domain'
        ? { ...common, categories: { 'Forcepoint ThreatSeeker': 'information technology' }, creation_date: 1_485_015_979, last_dns_records: [{ ttl: 300, type: 'A', value: '93.184.216.34' }], last_dns_records_date: ANALYSIS_DATE, registrar: 'Example Registrar', whois: 'Domain Name: ...' }
        : { ...common, md5: '0'.repeat(32), sha1: '0'.repeat(40), sha256: id, size: 12_345, type_description: 'ELF', meaningful_name: 'helper', names: ['helper'], first_submission_date: ANALYSIS_DATE - 1_000_000, times_submitted: 3 };
  const path = kind === 'ip' ? 'ip_addresses' : kind === 'domain' ? 'domains' : 'files';
  return { data: { id, type: TYPES[kind], links: { self: `${baseUrl}/${path}/${id}` }, attributes } };
}

const error = (code: string, message: string): string => JSON.stringify({ error: { code, message } });

const SCRIPTED: Record<Exclude<ScriptedAnswer, { status: number }>, { status: number; body: string }> = {
  quota: { status: 429, body: error('QuotaExceededError', 'Quota exceeded') },
  'too-many-requests': { status: 429, body: error('TooManyRequestsError', 'Too many requests') },
  'wrong-key': { status: 401, body: error('WrongCredentialsError', 'Wrong API key') },
  forbidden: { status: 403, body: error('ForbiddenError', 'You are not allowed to perform the requested operation') },
  'server-error': { status: 503, body: error('TransientError', 'Transient server error. Retry might work.') },
  'not-json': { status: 200, body: '<html><body>Service unavailable</body></html>' },
  'wrong-shape': { status: 200, body: JSON.stringify({ data: { id: 'x', type: 'ip_address', attributes: { last_analysis_stats: { malicious: 'many' } } } }) },
};

export async function startVirusTotalApi(options: { apiKey: string; now?: () => number }): Promise<VirusTotalApi> {
  const now = options.now ?? Date.now;
  const known = new Map<string, EngineCounts>();
  const queue: ScriptedAnswer[] = [];
  const requests: RecordedVirusTotalRequest[] = [];
  let baseUrl = '';

  const server = createServer((request, response) => {
    const path = request.url ?? '';
    const match = /^\/api\/v3\/(ip_addresses|domains|files)\/([^/?#]+)$/.exec(path);
    const kind = match === null ? null : (PATHS[match[1] as string] as IndicatorKind);
    let indicator: string | null = null;
    try {
      indicator = match === null ? null : decodeURIComponent(match[2] as string);
    } catch {
      indicator = null;
    }
    requests.push({ method: request.method ?? '', path, kind, indicator, headers: request.headers, at: now() });
    const send = (status: number, body: string): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body);
    };
    request.resume();
    const key = request.headers['x-apikey'];
    if (key === undefined) return send(401, error('AuthenticationRequiredError', 'X-Apikey header is missing'));
    if (key !== options.apiKey) return send(401, error('WrongCredentialsError', 'Wrong API key'));
    if (request.method !== 'GET' || kind === null || indicator === null) return send(404, error('NotFoundError', `Resource not found.`));
    const scripted = queue.shift();
    if (scripted !== undefined) {
      const answer = typeof scripted === 'string' ? SCRIPTED[scripted] : scripted;
      return send(answer.status, answer.body);
    }
    const counts = known.get(`${kind}:${indicator}`);
    if (counts === undefined) return send(404, error('NotFoundError', `${NOT_FOUND_NAMES[kind]} "${indicator}" not found`));
    return send(200, JSON.stringify(virusTotalObject(kind, indicator, counts, baseUrl)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/api/v3`;
  return {
    url: baseUrl,
    requests,
    know(kind, indicator, counts) {
      known.set(`${kind}:${indicator}`, counts);
    },
    answerNext(answer, times = 1) {
      for (let index = 0; index < times; index += 1) queue.push(answer);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
      }),
  };
}
