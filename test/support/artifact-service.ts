// A real HTTP server on 127.0.0.1 that plays GitHub's artifact backend for @actions/artifact v6 (the
// client used in production), so uploads and downloads in tests go through the real client, the real
// Azure block-blob uploader and the real unzip; the client is pointed here only through its environment
// (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN), never mocked.
//
// What it answers, and where each shape comes from (node_modules/@actions/artifact 6.2.1 and
// node_modules/@azure/storage-blob 12.32.0, read in place):
// - Twirp JSON at POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>, bodies in proto field
//   names (lib/generated/results/api/v1/artifact.js: CreateArtifact, FinalizeArtifact, ListArtifacts,
//   GetSignedArtifactURL, DeleteArtifact; artifact.twirp-client.js uses useProtoFieldName). Protobuf JSON
//   mapping: int64 as a decimal string, google.protobuf.StringValue/Int64Value as the bare value,
//   Timestamp as RFC 3339.
// - Twirp errors as {"code","msg"} with Twirp's HTTP status per code (unauthenticated 401,
//   permission_denied 403, not_found 404, already_exists 409, invalid_argument/malformed 400, bad_route
//   404); the client prints them as "Failed request: (STATUS) REASON: msg"
//   (lib/internal/shared/artifact-twirp-client.js). The name conflict message is the real service's, as
//   users quote it: "(409) Conflict: an artifact with this name already exists on the workflow run"
//   (e.g. actions/upload-artifact#634). The message for a refused token is ours; the code and status are
//   Twirp's for a missing or bad credential.
// - The runtime token is a JWT whose `scp` claim holds "Actions.Results:<run backend id>:<job backend id>"
//   (lib/internal/shared/util.js getBackendIdsFromToken). Ours are HS256-signed with a per-service secret
//   and verified on every call; a request naming another run than its token's is refused.
// - Blob storage as Azure's block blob API at the signed URL returned in signed_upload_url: the client's
//   BlockBlobClient.uploadStream (lib/internal/upload/blob-upload.js) sends PUT ?comp=block&blockid=ID per
//   8 MiB chunk (201) and then PUT ?comp=blocklist with an XML <BlockList> and x-ms-blob-content-type
//   (201); the URL is path-style (/account/container/blob) because the host is an IP address
//   (@azure/storage-blob utils.common.js isIpEndpointStyle). Downloads are a GET of signed_url
//   (lib/internal/download/download-artifact.js): 200, Content-Type decides unzip vs raw file,
//   Content-Disposition names a raw file. A bad or expired signature gets Azure's 403
//   AuthenticationFailed XML error.
// - Environment traps for harnesses (lib/internal/shared/config.js, @actions/github lib/utils.js): the
//   client refuses to run (GHESNotSupportedError) when GITHUB_SERVER_URL names a host other than
//   github.com, *.ghe.com or *.localhost, so leave it unset or https://github.com; the findBy path's
//   REST base (GITHUB_API_URL) is read once when @actions/github is first imported.
// - Only finalized artifacts are listed, and ListArtifacts covers the whole run (any job's artifacts),
//   which is how a later job of the same run downloads what an earlier one uploaded.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const STORAGE_ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-results';
/** Twirp JSON bodies are small; a block is at most the client's 8 MiB chunk (config.js getUploadChunkSize). */
const MAX_TWIRP_BODY = 1024 * 1024;
const MAX_BLOCK_BYTES = 16 * 1024 * 1024;
/** Bound on everything one service instance keeps in memory (staged and committed blobs). */
const MAX_STORED_BYTES = 512 * 1024 * 1024;
const SIGNED_URL_LIFETIME_MS = 60 * 60 * 1000;

export const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
} as const;
export type TwirpCode = keyof typeof TWIRP_STATUS;

export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

const backendIds = {
  workflow_run_backend_id: z.string().min(1),
  workflow_job_run_backend_id: z.string().min(1),
};
const artifactName = z.string().min(1).max(256);
const createArtifactRequest = z.object({
  ...backendIds,
  name: artifactName,
  expires_at: z.string().optional(),
  version: z.number().int(),
  mime_type: z.string().optional(),
});
const finalizeArtifactRequest = z.object({
  ...backendIds,
  name: artifactName,
  size: z.string().regex(/^\d+$/),
  hash: z.string().optional(),
});
const listArtifactsRequest = z.object({
  ...backendIds,
  name_filter: z.string().optional(),
  id_filter: z.string().regex(/^\d+$/).optional(),
});
const namedArtifactRequest = z.object({ ...backendIds, name: artifactName });
const tokenClaims = z.object({ scp: z.string(), exp: z.number() });

export interface StoredArtifact {
  id: number;
  runId: number;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  name: string;
  mimeType: string;
  createdAt: Date;
  expiresAt: Date | undefined;
  /** Set by FinalizeArtifact; only finalized artifacts are listed or downloadable. */
  finalized: boolean;
  size: number;
  /** "sha256:<hex>" as the client sent it in FinalizeArtifact. */
  digest: string | undefined;
  blob: Buffer | undefined;
  blobContentType: string | undefined;
}

export interface RecordedArtifactRequest {
  method: string;
  /** Path only: the signature of a blob URL is kept out of the record. */
  path: string;
  status: number;
}

export interface JobIdentity {
  /** GITHUB_RUN_ID of the run (the REST API's id; the backend id is derived from it). */
  runId: number;
  /** The job's name within the run; each name gets its own job backend id. */
  job: string;
}

export interface ArtifactService {
  /** ACTIONS_RESULTS_URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The variables the runner gives a job for @actions/artifact: results URL, runtime token, run id. */
  jobEnv(identity: JobIdentity): Record<string, string>;
  /** A runtime token for that job, signed by this service. */
  tokenFor(identity: JobIdentity): string;
  backendIdsOf(identity: JobIdentity): { workflowRunBackendId: string; workflowJobRunBackendId: string };
  /** Finalized artifacts of a run, oldest first (for the REST API's "list workflow run artifacts"). */
  artifactsOfRun(runId: number): StoredArtifact[];
  /** A signed, short-lived download URL of a finalized artifact, or undefined when there is none. */
  signedDownloadUrl(artifactId: number): string | undefined;
  requests: RecordedArtifactRequest[];
  close(): Promise<void>;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export class BodyTooLarge extends Error {}



/** Answers a failed Twirp call as the real services do: the error's code as its HTTP status, `{code, msg}`. */
export function sendTwirpError(response: ServerResponse, error: unknown): number {
  const twirp =
    error instanceof TwirpError
      ? error
      : error instanceof z.ZodError
        ? new TwirpError('invalid_argument', z.prettifyError(error))
        : new TwirpError('malformed', (error as Error).message);
  const status = TWIRP_STATUS[twirp.code];
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ code: twirp.code, msg: twirp.message }));
  return status;
}

/** A Twirp JSON request's body, or the Twirp error the real services answer for a wrong one. */
export async function readTwirpJson(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
    throw new TwirpError('bad_route', 'unexpected Content-Type; this service speaks Twirp JSON');
  }
  try {
    return JSON.parse((await readBody(request, MAX_TWIRP_BODY)).toString('utf8'));
  } catch (error) {
    throw new TwirpError('malformed', `the request body is not JSON: ${(error as Error).message}`);
  }
}

export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A blob path with each segment decoded: clients escape a name differently (@azure/storage-blob's
 * escapeURLPath encodes "'" that encodeURIComponent leaves), and Azure signs the decoded resource name.
 */
function canonicalBlobPath(pathname: string): string | undefined {
  try {
    return pathname.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function startArtifactService(): Promise<ArtifactService> {
  const secret = randomBytes(32);
  const runBackendIds = new Map<number, string>();
  const jobBackendIds = new Map<string, string>();
  const runIdOfBackend = new Map<string, number>();
  const artifacts: StoredArtifact[] = [];
  /** Staged (uncommitted) blocks per blob path, keyed by block id. */
  const stagedBlocks = new Map<string, Map<string, Buffer>>();
  const requests: RecordedArtifactRequest[] = [];
  let nextArtifactId = 1;
  let storedBytes = 0;
  let origin = '';

  const backendIdsOf = ({ runId, job }: JobIdentity) => {
    let run = runBackendIds.get(runId);
    if (run === undefined) {
      run = randomUUID();
      runBackendIds.set(runId, run);
      runIdOfBackend.set(run, runId);
    }
    const jobKey = `${runId}\n${job}`;
    let jobId = jobBackendIds.get(jobKey);
    if (jobId === undefined) {
      jobId = randomUUID();
      jobBackendIds.set(jobKey, jobId);
    }
    return { workflowRunBackendId: run, workflowJobRunBackendId: jobId };
  };

  const sign = (text: string): string => createHmac('sha256', secret).update(text).digest('base64url');

  const tokenFor = (identity: JobIdentity): string => {
    const ids = backendIdsOf(identity);
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      scp: `Actions.ExampleScope Actions.Results:${ids.workflowRunBackendId}:${ids.workflowJobRunBackendId}`,
      iat: now,
      exp: now + 6 * 60 * 60,
    };
    const unsigned = `${header}.${base64url(JSON.stringify(claims))}`;
    return `${unsigned}.${sign(unsigned)}`;
  };

  /** The run and job the bearer token was issued for, or a Twirp unauthenticated error. */
  const authenticate = (request: IncomingMessage): { run: string; job: string } => {
    const refused = new TwirpError('unauthenticated', 'the runtime token is missing, malformed, expired or not signed by this service');
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    const parts = match?.[1]?.split('.');
    if (parts?.length !== 3) throw refused;
    const [header, payload, signature] = parts as [string, string, string];
    if (!sameText(sign(`${header}.${payload}`), signature)) throw refused;
    let claims: z.infer<typeof tokenClaims>;
    try {
      claims = tokenClaims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw refused;
    }
    if (claims.exp * 1000 < Date.now()) throw refused;
    for (const scope of claims.scp.split(' ')) {
      const [kind, run, job, ...rest] = scope.split(':');
      if (kind === 'Actions.Results' && run && job && rest.length === 0) return { run, job };
    }
    throw refused;
  };

  const blobPath = (artifact: StoredArtifact): string =>
    `/${STORAGE_ACCOUNT}/${CONTAINER}/${artifact.workflowRunBackendId}/${artifact.workflowJobRunBackendId}/${encodeURIComponent(artifact.name)}`;

  const signedUrl = (artifact: StoredArtifact, permissions: 'cw' | 'r'): string => {
    const path = canonicalBlobPath(blobPath(artifact)) ?? '';
    const expiry = new Date(Date.now() + SIGNED_URL_LIFETIME_MS).toISOString();
    const url = new URL(blobPath(artifact), origin);
    url.searchParams.set('sv', '2024-11-04');
    url.searchParams.set('sr', 'b');
    url.searchParams.set('sp', permissions);
    url.searchParams.set('se', expiry);
    url.searchParams.set('sig', sign(`${permissions}\n${expiry}\n${path}`));
    return url.toString();
  };

  const findArtifact = (run: string, name: string): StoredArtifact | undefined =>
    artifacts.find((artifact) => artifact.workflowRunBackendId === run && artifact.name === name);

  const requireOwnRun = (token: { run: string }, body: { workflow_run_backend_id: string }): void => {
    if (body.workflow_run_backend_id !== token.run) {
      throw new TwirpError('permission_denied', 'the runtime token does not grant access to this workflow run');
    }
  };

  const listed = (artifact: StoredArtifact) => ({
    workflow_run_backend_id: artifact.workflowRunBackendId,
    workflow_job_run_backend_id: artifact.workflowJobRunBackendId,
    database_id: String(artifact.id),
    name: artifact.name,
    size: String(artifact.size),
    created_at: artifact.createdAt.toISOString(),
    ...(artifact.digest === undefined ? {} : { digest: artifact.digest }),
  });

  const twirpMethods: Record<string, (body: unknown, token: { run: string; job: string }) => unknown> = {
    CreateArtifact(raw, token) {
      const body = createArtifactRequest.parse(raw);
      requireOwnRun(token, body);
      if (body.workflow_job_run_backend_id !== token.job) {
        throw new TwirpError('permission_denied', 'the runtime token does not grant access to this job');
      }
      if (findArtifact(body.workflow_run_backend_id, body.name)) {
        throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
      }
      const artifact: StoredArtifact = {
        id: nextArtifactId++,
        runId: runIdOfBackend.get(body.workflow_run_backend_id) ?? 0,
        workflowRunBackendId: body.workflow_run_backend_id,
        workflowJobRunBackendId: body.workflow_job_run_backend_id,
        name: body.name,
        mimeType: body.mime_type ?? 'application/zip',
        createdAt: new Date(),
        expiresAt: body.expires_at === undefined ? undefined : new Date(body.expires_at),
        finalized: false,
        size: 0,
        digest: undefined,
        blob: undefined,
        blobContentType: undefined,
      };
      artifacts.push(artifact);
      return { ok: true, signed_upload_url: signedUrl(artifact, 'cw') };
    },
    FinalizeArtifact(raw, token) {
      const body = finalizeArtifactRequest.parse(raw);
      requireOwnRun(token, body);
      const artifact = findArtifact(body.workflow_run_backend_id, body.name);
      if (!artifact || artifact.workflowJobRunBackendId !== body.workflow_job_run_backend_id) {
        throw new TwirpError('not_found', 'artifact not found');
      }
      if (artifact.blob === undefined) throw new TwirpError('failed_precondition', 'the artifact has no committed upload');
      if (Number(body.size) !== artifact.blob.length) {
        throw new TwirpError('invalid_argument', `size ${body.size} does not match the ${artifact.blob.length} bytes uploaded`);
      }
      artifact.finalized = true;
      artifact.size = artifact.blob.length;
      artifact.digest = body.hash;
      return { ok: true, artifact_id: String(artifact.id) };
    },
    ListArtifacts(raw, token) {
      const body = listArtifactsRequest.parse(raw);
      requireOwnRun(token, body);
      const matching = artifacts.filter(
        (artifact) =>
          artifact.finalized &&
          artifact.workflowRunBackendId === body.workflow_run_backend_id &&
          (body.name_filter === undefined || artifact.name === body.name_filter) &&
          (body.id_filter === undefined || String(artifact.id) === body.id_filter),
      );
      return { artifacts: matching.map(listed) };
    },
    GetSignedArtifactURL(raw, token) {
      const body = namedArtifactRequest.parse(raw);
      requireOwnRun(token, body);
      const artifact = findArtifact(body.workflow_run_backend_id, body.name);
      if (!artifact?.finalized) throw new TwirpError('not_found', 'artifact not found');
      return { signed_url: signedUrl(artifact, 'r') };
    },
    DeleteArtifact(raw, token) {
      const body = namedArtifactRequest.parse(raw);
      requireOwnRun(token, body);
      const artifact = findArtifact(body.workflow_run_backend_id, body.name);
      if (!artifact?.finalized) throw new TwirpError('not_found', 'artifact not found');
      artifacts.splice(artifacts.indexOf(artifact), 1);
      storedBytes -= artifact.blob?.length ?? 0;
      return { ok: true, artifact_id: String(artifact.id) };
    },
  };

  const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const handleTwirp = async (request: IncomingMessage, response: ServerResponse, method: string): Promise<number> => {
    try {
      const handler = Object.hasOwn(twirpMethods, method) ? twirpMethods[method] : undefined;
      if (request.method !== 'POST' || !handler) {
        throw new TwirpError('bad_route', `no handler for path "${TWIRP_PREFIX}${method}"`);
      }
      const token = authenticate(request);
      const body = await readTwirpJson(request);
      const answer = handler(body, token);
      sendJson(response, 200, answer);
      return 200;
    } catch (error) {
      return sendTwirpError(response, error);
    }
  };

  const sendStorageError = (response: ServerResponse, status: number, code: string, message: string): number => {
    response.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': randomUUID() });
    response.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    return status;
  };

  const handleBlob = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<number> => {
    const path = canonicalBlobPath(url.pathname);
    const artifact = artifacts.find((candidate) => canonicalBlobPath(blobPath(candidate)) === path);
    const permissions = url.searchParams.get('sp') ?? '';
    const expiry = url.searchParams.get('se') ?? '';
    const signature = url.searchParams.get('sig') ?? '';
    if (path === undefined || !sameText(sign(`${permissions}\n${expiry}\n${path}`), signature) || !(Date.parse(expiry) > Date.now())) {
      return sendStorageError(
        response,
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
      );
    }
    if (!artifact) return sendStorageError(response, 404, 'BlobNotFound', 'The specified blob does not exist.');
    const headers = { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2024-11-04' };
    const comp = url.searchParams.get('comp');

    if (request.method === 'PUT' && permissions.includes('w') && !artifact.finalized) {
      let body: Buffer;
      try {
        body = await readBody(request, MAX_BLOCK_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) return sendStorageError(response, 413, 'RequestBodyTooLarge', error.message);
        throw error;
      }
      if (storedBytes + body.length > MAX_STORED_BYTES) {
        return sendStorageError(response, 413, 'RequestBodyTooLarge', `the test artifact store holds at most ${MAX_STORED_BYTES} bytes`);
      }
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid');
        if (!blockId) return sendStorageError(response, 400, 'InvalidQueryParameterValue', 'blockid is required');
        const blocks = stagedBlocks.get(path) ?? new Map<string, Buffer>();
        stagedBlocks.set(path, blocks);
        storedBytes += body.length - (blocks.get(blockId)?.length ?? 0);
        blocks.set(blockId, body);
        response.writeHead(201, { ...headers, 'x-ms-request-server-encrypted': 'true' });
        response.end();
        return 201;
      }
      if (comp === 'blocklist') {
        const blocks = stagedBlocks.get(path) ?? new Map<string, Buffer>();
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((match) => match[2] ?? '');
        const missing = ids.find((id) => !blocks.has(id));
        if (missing !== undefined || ids.length === 0) {
          return sendStorageError(response, 400, 'InvalidBlockList', 'The specified block list is invalid.');
        }
        const content = Buffer.concat(ids.map((id) => blocks.get(id) as Buffer));
        for (const block of blocks.values()) storedBytes -= block.length;
        stagedBlocks.delete(path);
        storedBytes += content.length - (artifact.blob?.length ?? 0);
        artifact.blob = content;
        artifact.blobContentType = request.headers['x-ms-blob-content-type']?.toString() ?? 'application/octet-stream';
        const etag = `"0x${createHash('sha256').update(content).digest('hex').slice(0, 16).toUpperCase()}"`;
        response.writeHead(201, { ...headers, etag, 'last-modified': new Date().toUTCString(), 'x-ms-request-server-encrypted': 'true' });
        response.end();
        return 201;
      }
      return sendStorageError(response, 400, 'UnsupportedQueryParameter', 'only block uploads (comp=block, comp=blocklist) are served');
    }

    if (request.method === 'GET' && permissions.includes('r') && artifact.finalized && artifact.blob) {
      const contentType = artifact.blobContentType ?? artifact.mimeType;
      response.writeHead(200, {
        ...headers,
        'content-type': contentType,
        'content-length': String(artifact.blob.length),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(artifact.name)}`,
      });
      response.end(artifact.blob);
      return 200;
    }
    return sendStorageError(response, 403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.');
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const record = (status: number) => requests.push({ method: request.method ?? '', path: url.pathname, status });
    const handled = url.pathname.startsWith(TWIRP_PREFIX)
      ? handleTwirp(request, response, url.pathname.slice(TWIRP_PREFIX.length))
      : url.pathname.startsWith(`/${STORAGE_ACCOUNT}/`)
        ? handleBlob(request, response, url)
        : Promise.resolve(sendStorageError(response, 404, 'ResourceNotFound', 'The specified resource does not exist.'));
    handled.then(record, (error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { code: 'internal', msg: (error as Error).message });
      else response.destroy();
      record(500);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/`,
    jobEnv(identity) {
      return {
        ACTIONS_RESULTS_URL: `${origin}/`,
        ACTIONS_RUNTIME_TOKEN: tokenFor(identity),
        GITHUB_RUN_ID: String(identity.runId),
      };
    },
    tokenFor,
    backendIdsOf,
    artifactsOfRun(runId) {
      const run = runBackendIds.get(runId);
      return artifacts.filter((artifact) => artifact.finalized && artifact.workflowRunBackendId === run);
    },
    signedDownloadUrl(artifactId) {
      const artifact = artifacts.find((candidate) => candidate.id === artifactId && candidate.finalized);
      return artifact && signedUrl(artifact, 'r');
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
