// A real HTTP server on 127.0.0.1 that plays GitHub's cache service v2 for @actions/cache 6.3 (the client
// used in production), so restores and saves in tests go through the real client, the real tar and
// zstd/gzip and the real Azure blob uploader; the client is pointed here only through its environment,
// never mocked.
//
// What it answers, and where each shape comes from (node_modules/@actions/cache 6.3.0 and
// node_modules/@azure/storage-blob, read in place):
// - The client speaks v2 when ACTIONS_CACHE_SERVICE_V2 is set and GITHUB_SERVER_URL is unset, github.com,
//   *.ghe.com or *.localhost (lib/internal/config.js getCacheServiceVersion, isGhes); it then POSTs Twirp
//   JSON to ACTIONS_RESULTS_URL + /twirp/github.actions.results.api.v1.CacheService/<Method> with
//   `Authorization: Bearer $ACTIONS_RUNTIME_TOKEN` (lib/internal/shared/cacheTwirpClient.js), bodies in
//   proto field names (lib/generated/results/api/v1/cache.twirp-client.js useProtoFieldName):
//   GetCacheEntryDownloadURL {key, restore_keys, version} -> {ok, signed_download_url, matched_key};
//   CreateCacheEntry {key, version} -> {ok, signed_upload_url, message};
//   FinalizeCacheEntryUpload {key, version, size_bytes (int64 as a decimal string)} -> {ok, entry_id, message}.
// - Lookup (GitHub's documented matching): entries of the same version only; the primary key exactly,
//   then as a prefix, then each restore key as a prefix, the newest entry first. A miss is 200 {ok: false}.
// - Entries are immutable: a second CreateCacheEntry for a key and version is Twirp already_exists (409)
//   with the real service's message as users quote it (actions/cache#1541, DeLaGuardo/setup-clojure#118:
//   "(409) Conflict: cache entry with the same key, version, and scope already exists"). A read-only
//   token gets 200 {ok: false, message: "cache write denied: ..."} (the prefix cache.js
//   CACHE_WRITE_DENIED_PREFIX dispatches on).
// - Twirp errors as {"code","msg"} with Twirp's HTTP status per code (shared with artifact-service.ts).
//   The client retries 500/502/503/504 five times with a 3 s backoff, anything else fails at once.
// - Blob upload: the client uploads with BlockBlobClient.uploadFile (lib/internal/uploadUtils.js), a
//   single Put Blob (`PUT`, x-ms-blob-type: BlockBlob) below its 128 MiB single-shot size; staged blocks
//   (comp=block/blocklist) only come above it and are refused here. The URL is path-style because the
//   host is an IP address.
// - Blob download: for a host that is not *.blob.core.windows.net the client GETs the signed URL with the
//   plain http-client, no Range, and checks Content-Length (lib/internal/cacheHttpClient.js downloadCache,
//   downloadUtils.js downloadCacheHttpClient); the Azure SDK's ranged reads are for Azure hosts only.
//   A 500 on the blob is not retried by that path (requestUtils.js isRetryableStatusCode).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { z } from 'zod';
import { BodyTooLarge, readBody, readTwirpJson, sameText, sendTwirpError, TwirpError } from './artifact-service.ts';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
const STORAGE_ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-cache';
/** Bound on one upload request and on everything one service instance keeps in memory. */
const MAX_BLOB_BYTES = 256 * 1024 * 1024;
const MAX_STORED_BYTES = 512 * 1024 * 1024;
const SIGNED_URL_LIFETIME_MS = 60 * 60 * 1000;
/** The real service's message for a second CreateCacheEntry of a key and version. */
export const ALREADY_EXISTS_MESSAGE = 'cache entry with the same key, version, and scope already exists';
export const WRITE_DENIED_MESSAGE = 'cache write denied: token has no writable scopes';

const cacheKey = z.string().min(1).max(512);
const version = z.string().min(1);
const lookupRequest = z.object({ key: cacheKey, restore_keys: z.array(cacheKey).max(9).optional(), version });
const createRequest = z.object({ key: cacheKey, version });
const finalizeRequest = z.object({ key: cacheKey, version, size_bytes: z.string().regex(/^\d+$/) });

export interface StoredCacheEntry {
  id: number;
  key: string;
  version: string;
  /** Creation order: "newest" in lookups. */
  sequence: number;
  finalized: boolean;
  blob: Buffer | undefined;
}

export type CacheRoute = 'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'blob-upload' | 'blob-download';

export interface RecordedCacheRequest {
  route: CacheRoute | 'other';
  /** The Twirp request's key, restore keys and version, as received. */
  key?: string;
  restoreKeys?: string[];
  version?: string;
  /** For a lookup: the key it answered with, if any. */
  matchedKey?: string;
  status: number;
}

export interface CacheService {
  /** ACTIONS_RESULTS_URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The variables a runner gives a node action for the cache client (v2); `readOnly` gets a token that cannot save. */
  jobEnv(options?: { readOnly?: boolean }): Record<string, string>;
  entries: StoredCacheEntry[];
  requests: RecordedCacheRequest[];
  /** Every request on `route` answers `status` (Twirp internal / Azure InternalError) until cleared. */
  fail(route: CacheRoute, status: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** The variables the cache client reads, all set (or removed) together for one test. */
export const CACHE_CLIENT_ENV = [
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'NO_PROXY',
] as const;

/** Sets `vars` in process.env (undefined removes) for the duration of test `t`, then restores the previous values. */
export function setEnvForTest(t: TestContext, vars: Record<string, string | undefined>): void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    if (!previous.has(name)) previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  t.after(() => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

export async function startCacheService(): Promise<CacheService> {
  const secret = randomBytes(32);
  const entries: StoredCacheEntry[] = [];
  const requests: RecordedCacheRequest[] = [];
  const faults = new Map<CacheRoute, number>();
  let nextId = 1;
  let sequence = 0;
  let storedBytes = 0;
  let origin = '';

  const sign = (text: string): string => createHmac('sha256', secret).update(text).digest('base64url');
  // Opaque bearer tokens signed by this service; the real ones are JWTs whose scopes the service reads.
  const tokenFor = (scope: 'read' | 'write'): string => `${scope}.${sign(`token:${scope}`)}`;

  const authenticate = (request: IncomingMessage): 'read' | 'write' => {
    const match = /^Bearer (read|write)\.(\S+)$/.exec(request.headers.authorization ?? '');
    if (match && sameText(sign(`token:${match[1]}`), match[2] ?? '')) return match[1] as 'read' | 'write';
    throw new TwirpError('unauthenticated', 'the runtime token is missing, malformed or not signed by this service');
  };

  const blobPath = (entry: StoredCacheEntry): string => `/${STORAGE_ACCOUNT}/${CONTAINER}/entries/${entry.id}`;

  const signedUrl = (entry: StoredCacheEntry, permissions: 'cw' | 'r'): string => {
    const expiry = new Date(Date.now() + SIGNED_URL_LIFETIME_MS).toISOString();
    const url = new URL(blobPath(entry), origin);
    url.searchParams.set('sv', '2024-11-04');
    url.searchParams.set('sr', 'b');
    url.searchParams.set('sp', permissions);
    url.searchParams.set('se', expiry);
    url.searchParams.set('sig', sign(`${permissions}\n${expiry}\n${blobPath(entry)}`));
    return url.toString();
  };

  const newestFirst = (candidates: StoredCacheEntry[]) => [...candidates].sort((a, b) => b.sequence - a.sequence);

  const lookup = (key: string, restoreKeys: readonly string[], wanted: string): StoredCacheEntry | undefined => {
    const usable = entries.filter((entry) => entry.finalized && entry.version === wanted);
    const exact = usable.find((entry) => entry.key === key);
    if (exact) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const [newest] = newestFirst(usable.filter((entry) => entry.key.startsWith(prefix)));
      if (newest) return newest;
    }
    return undefined;
  };

  type TwirpAnswer = { answer: unknown; record: Omit<RecordedCacheRequest, 'route' | 'status'> };
  const twirpMethods: Record<string, (body: unknown, scope: 'read' | 'write') => TwirpAnswer> = {
    GetCacheEntryDownloadURL(raw) {
      const body = lookupRequest.parse(raw);
      const restoreKeys = body.restore_keys ?? [];
      const record = { key: body.key, restoreKeys, version: body.version };
      const entry = lookup(body.key, restoreKeys, body.version);
      if (!entry) return { answer: { ok: false, signed_download_url: '', matched_key: '' }, record };
      return {
        answer: { ok: true, signed_download_url: signedUrl(entry, 'r'), matched_key: entry.key },
        record: { ...record, matchedKey: entry.key },
      };
    },
    CreateCacheEntry(raw, scope) {
      const body = createRequest.parse(raw);
      const record = { key: body.key, version: body.version };
      if (scope !== 'write') return { answer: { ok: false, signed_upload_url: '', message: WRITE_DENIED_MESSAGE }, record };
      if (entries.some((entry) => entry.key === body.key && entry.version === body.version)) {
        throw new TwirpError('already_exists', ALREADY_EXISTS_MESSAGE);
      }
      const entry: StoredCacheEntry = { id: nextId++, key: body.key, version: body.version, sequence: sequence++, finalized: false, blob: undefined };
      entries.push(entry);
      return { answer: { ok: true, signed_upload_url: signedUrl(entry, 'cw'), message: '' }, record };
    },
    FinalizeCacheEntryUpload(raw, scope) {
      const body = finalizeRequest.parse(raw);
      const record = { key: body.key, version: body.version };
      if (scope !== 'write') return { answer: { ok: false, entry_id: '0', message: WRITE_DENIED_MESSAGE }, record };
      const entry = entries.find((candidate) => candidate.key === body.key && candidate.version === body.version && !candidate.finalized);
      if (!entry) throw new TwirpError('not_found', 'no cache entry is being created with this key and version');
      if (entry.blob === undefined) throw new TwirpError('failed_precondition', 'the cache entry has no committed upload');
      if (Number(body.size_bytes) !== entry.blob.length) {
        throw new TwirpError('invalid_argument', `size ${body.size_bytes} does not match the ${entry.blob.length} bytes uploaded`);
      }
      entry.finalized = true;
      return { answer: { ok: true, entry_id: String(entry.id), message: '' }, record };
    },
  };

  const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const handleTwirp = async (request: IncomingMessage, response: ServerResponse, method: string): Promise<RecordedCacheRequest> => {
    const route = (Object.hasOwn(twirpMethods, method) ? method : 'other') as CacheRoute | 'other';
    let record: Omit<RecordedCacheRequest, 'route' | 'status'> = {};
    try {
      const handler = route === 'other' ? undefined : twirpMethods[method];
      if (request.method !== 'POST' || !handler) throw new TwirpError('bad_route', `no handler for path "${TWIRP_PREFIX}${method}"`);
      const scope = authenticate(request);
      const body = await readTwirpJson(request);
      // Recorded before the request is judged, so refused ones show what was asked too.
      const asked = z.object({ key: z.string().optional(), version: z.string().optional() }).safeParse(body);
      if (asked.success) record = { key: asked.data.key, version: asked.data.version };
      const injected = faults.get(route as CacheRoute);
      if (injected !== undefined) {
        sendJson(response, injected, { code: 'internal', msg: 'injected failure' });
        return { route, ...record, status: injected };
      }
      const answered = handler(body, scope);
      record = answered.record;
      sendJson(response, 200, answered.answer);
      return { route, ...record, status: 200 };
    } catch (error) {
      return { route, ...record, status: sendTwirpError(response, error) };
    }
  };

  const sendStorageError = (response: ServerResponse, status: number, code: string, message: string): number => {
    response.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': randomUUID() });
    response.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    return status;
  };

  const commit = (entry: StoredCacheEntry, content: Buffer): void => {
    storedBytes += content.length - (entry.blob?.length ?? 0);
    entry.blob = content;
  };

  const handleBlob = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<RecordedCacheRequest> => {
    const route: CacheRoute = request.method === 'GET' ? 'blob-download' : 'blob-upload';
    const done = (status: number): RecordedCacheRequest => ({ route, status });
    const entry = entries.find((candidate) => blobPath(candidate) === url.pathname);
    const permissions = url.searchParams.get('sp') ?? '';
    const expiry = url.searchParams.get('se') ?? '';
    const signature = url.searchParams.get('sig') ?? '';
    if (!sameText(sign(`${permissions}\n${expiry}\n${url.pathname}`), signature) || !(Date.parse(expiry) > Date.now())) {
      return done(sendStorageError(response, 403, 'AuthenticationFailed', 'Server failed to authenticate the request.'));
    }
    if (!entry) return done(sendStorageError(response, 404, 'BlobNotFound', 'The specified blob does not exist.'));
    const injected = faults.get(route);
    if (injected !== undefined) return done(sendStorageError(response, injected, 'InternalError', 'injected failure'));
    const headers = { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2024-11-04' };

    if (request.method === 'PUT' && permissions.includes('w') && !entry.finalized) {
      let body: Buffer;
      try {
        body = await readBody(request, MAX_BLOB_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) return done(sendStorageError(response, 413, 'RequestBodyTooLarge', error.message));
        throw error;
      }
      if (storedBytes + body.length > MAX_STORED_BYTES) {
        return done(sendStorageError(response, 413, 'RequestBodyTooLarge', `the test cache store holds at most ${MAX_STORED_BYTES} bytes`));
      }
      // Put Blob: what uploadFile sends below its 128 MiB single-shot size, the only size a verdict file has.
      if (url.searchParams.has('comp') || request.headers['x-ms-blob-type'] !== 'BlockBlob') {
        return done(sendStorageError(response, 400, 'UnsupportedQueryParameter', 'only Put Blob (a single PUT of a block blob) is served'));
      }
      commit(entry, body);
      response.writeHead(201, { ...headers, etag: `"0x${entry.id.toString(16).toUpperCase()}"`, 'last-modified': new Date().toUTCString() });
      response.end();
      return done(201);
    }

    if (request.method === 'GET' && permissions.includes('r') && entry.finalized && entry.blob) {
      response.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(entry.blob.length) });
      response.end(entry.blob);
      return done(200);
    }
    return done(
      sendStorageError(response, 403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.'),
    );
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const handled: Promise<RecordedCacheRequest> = url.pathname.startsWith(TWIRP_PREFIX)
      ? handleTwirp(request, response, url.pathname.slice(TWIRP_PREFIX.length))
      : url.pathname.startsWith(`/${STORAGE_ACCOUNT}/`)
        ? handleBlob(request, response, url)
        : Promise.resolve({ route: 'other', status: sendStorageError(response, 404, 'ResourceNotFound', 'The specified resource does not exist.') });
    handled.then(
      (record) => requests.push(record),
      (error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { code: 'internal', msg: (error as Error).message });
        else response.destroy();
        requests.push({ route: 'other', status: 500 });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    jobEnv(options = {}) {
      return {
        ACTIONS_CACHE_SERVICE_V2: 'True',
        ACTIONS_RESULTS_URL: `${origin}/`,
        ACTIONS_RUNTIME_TOKEN: tokenFor(options.readOnly ? 'read' : 'write'),
      };
    },
    entries,
    requests,
    fail(route, status) {
      faults.set(route, status);
    },
    clearFaults() {
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
