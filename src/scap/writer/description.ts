// The readable description a capture is written from. Every field is validated here; types come from
// the schema. Times: `start` is an ISO 8601 instant; each event's `at` is milliseconds after it
// (fractions allowed, down to nanoseconds); an event without `at` happens 1 ms after the previous one.
import { isIP } from 'node:net';
import { z } from 'zod';

const ipAddress = z.string().refine((value) => isIP(value) !== 0, { message: 'must be an IPv4 or IPv6 address' });
const port = z.number().int().min(0).max(65535);
const pidNumber = z.number().int().min(1).max(4194304);
const fdNumber = z.number().int().min(0).max(1048576);
const uid = z.number().int().min(0).max(0xffffffff);
const absolutePath = z.string().min(1).startsWith('/', { message: 'must be an absolute path' });
/** Full 64-hex container ids, as the cgroup path of a Docker container carries them. */
const containerId = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a full container id (64 lowercase hex characters)' });
const offsetMs = z.number().min(0).max(1e12);

export const endpointSchema = z.object({ ip: ipAddress, port }).strict();

export const openFlagNames = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_APPEND', 'O_TRUNC', 'O_EXCL', 'O_NONBLOCK', 'O_CLOEXEC', 'O_DIRECTORY'] as const;
export const openFlagSchema = z.enum(openFlagNames);

export const machineSchema = z
  .object({
    hostname: z.string().min(1).max(127).default('fv-az1234-567'),
    cpus: z.number().int().min(1).max(4096).default(2),
    memoryBytes: z.number().int().min(0).default(7 * 1024 ** 3),
    maxPid: z.number().int().min(1).default(4194304),
  })
  .strict();

export const interfaceSchema = z
  .object({
    name: z.string().min(1).max(64),
    ip: ipAddress,
    /** Prefix length of the network. */
    prefix: z.number().int().min(0).max(128),
  })
  .strict();

export const userSchema = z
  .object({ uid, gid: uid, name: z.string().min(1).max(255), home: z.string().default('/'), shell: z.string().default('/bin/sh') })
  .strict();
export const groupSchema = z.object({ gid: uid, name: z.string().min(1).max(255) }).strict();

const fdBase = { fd: fdNumber };
export const fdSchema = z.discriminatedUnion('kind', [
  z.object({ ...fdBase, kind: z.literal('file'), path: absolutePath, flags: z.array(openFlagSchema).default(['O_RDONLY']) }).strict(),
  z.object({ ...fdBase, kind: z.literal('directory'), path: absolutePath }).strict(),
  z.object({ ...fdBase, kind: z.literal('pipe'), name: z.string().default('pipe:[1]') }).strict(),
  z
    .object({ ...fdBase, kind: z.literal('socket'), protocol: z.enum(['tcp', 'udp']).default('tcp'), local: endpointSchema, remote: endpointSchema })
    .strict(),
]);

export const processSchema = z
  .object({
    pid: pidNumber,
    ppid: z.number().int().min(0).max(4194304),
    /** The kernel's comm: at most 15 characters. */
    comm: z.string().min(1).max(15),
    exepath: absolutePath,
    /** argv[0]; defaults to exepath. */
    exe: z.string().optional(),
    /** argv[1..]. */
    args: z.array(z.string()).default([]),
    cwd: absolutePath.default('/'),
    uid: uid.default(0),
    gid: uid.default(0),
    /** Login uid; omitted means unset (-1 in the kernel). */
    loginuid: uid.optional(),
    env: z.array(z.string()).default([]),
    containerId: containerId.optional(),
    fds: z.array(fdSchema).default([]),
  })
  .strict();

const eventBase = { at: offsetMs.optional(), pid: pidNumber };

export const execEventSchema = z
  .object({
    ...eventBase,
    type: z.literal('exec'),
    exepath: absolutePath,
    exe: z.string().optional(),
    args: z.array(z.string()).default([]),
    /** Defaults to the exepath's base name, cut to 15 characters as the kernel does. */
    comm: z.string().min(1).max(15).optional(),
    /** execve keeps the working directory: a different cwd is written as a chdir before the exec. */
    cwd: absolutePath.optional(),
    env: z.array(z.string()).optional(),
    uid: uid.optional(),
    gid: uid.optional(),
    /** 0 for success, or a negative errno (e.g. -2 for ENOENT): a failed execve changes nothing. */
    res: z.number().int().max(0).default(0),
  })
  .strict();

export const forkEventSchema = z
  .object({ ...eventBase, type: z.enum(['clone', 'fork', 'vfork']), childPid: pidNumber })
  .strict();

export const openEventSchema = z
  .object({
    ...eventBase,
    type: z.literal('open'),
    path: z.string().min(1),
    /** Directory fd the path is relative to; -100 is AT_FDCWD. */
    dirfd: z.number().int().min(-100).default(-100),
    flags: z.array(openFlagSchema).min(1).default(['O_RDONLY']),
    mode: z.number().int().min(0).max(0o7777).default(0o644),
    /** The fd the call returns; by default the lowest free one. */
    fd: fdNumber.optional(),
    /** A negative errno makes the open fail. */
    res: z.number().int().max(-1).optional(),
  })
  .strict();

export const connectEventSchema = z
  .object({
    ...eventBase,
    type: z.literal('connect'),
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    local: endpointSchema,
    remote: endpointSchema,
    /** 'ok', 'EINPROGRESS' (a non-blocking connect under way) or a failure. */
    result: z.enum(['ok', 'EINPROGRESS', 'ECONNREFUSED', 'ETIMEDOUT', 'ENETUNREACH']).default('ok'),
    fd: fdNumber.optional(),
  })
  .strict();

export const dnsEventSchema = z
  .object({
    ...eventBase,
    type: z.literal('dns'),
    server: z.object({ ip: ipAddress, port: port.default(53) }).strict(),
    local: endpointSchema,
    name: z.string().min(1).max(253),
    qtype: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'PTR']).default('A'),
    id: z.number().int().min(0).max(65535).default(0x1234),
    fd: fdNumber.optional(),
    /** Close the socket after the query (the default). */
    close: z.boolean().default(true),
  })
  .strict();

export const sendtoEventSchema = z
  .object({
    ...eventBase,
    type: z.literal('sendto'),
    local: endpointSchema,
    remote: endpointSchema,
    data: z.string(),
    fd: fdNumber.optional(),
  })
  .strict();

/** The fd an I/O event acts on: its number, or the path a previous open event of the process used. */
const fdTarget = { fd: fdNumber.optional(), path: z.string().min(1).optional() };
const oneTarget = (value: { fd?: number | undefined; path?: string | undefined }): boolean => (value.fd === undefined) !== (value.path === undefined);
const oneTargetMessage = { message: 'give exactly one of fd and path', path: ['fd'] };

export const writeEventSchema = z
  .object({ ...eventBase, type: z.literal('write'), ...fdTarget, data: z.string(), res: z.number().int().optional() })
  .strict()
  .refine(oneTarget, oneTargetMessage);

export const readEventSchema = z
  .object({ ...eventBase, type: z.literal('read'), ...fdTarget, data: z.string() })
  .strict()
  .refine(oneTarget, oneTargetMessage);

export const ptraceEventSchema = z
  .object({
    ...eventBase,
    type: z.literal('ptrace'),
    request: z.enum(['PTRACE_ATTACH', 'PTRACE_SEIZE', 'PTRACE_PEEKDATA', 'PTRACE_TRACEME']).default('PTRACE_ATTACH'),
    /** The traced process. */
    target: pidNumber,
    res: z.number().int().max(0).default(0),
  })
  .strict();

/** A server socket accepting a connection: `local` is the listening side, `remote` the client. */
export const acceptEventSchema = z
  .object({ ...eventBase, type: z.literal('accept'), local: endpointSchema, remote: endpointSchema, fd: fdNumber.optional() })
  .strict();

export const chdirEventSchema = z.object({ ...eventBase, type: z.literal('chdir'), path: absolutePath }).strict();

export const closeEventSchema = z
  .object({ ...eventBase, type: z.literal('close'), ...fdTarget })
  .strict()
  .refine(oneTarget, oneTargetMessage);

export const exitEventSchema = z
  .object({ ...eventBase, type: z.literal('procexit'), status: z.number().int().min(0).max(255).default(0) })
  .strict();

/** A container label: the bounds the capture reader keeps (src/scap/container.ts CONTAINER_LABEL_LIMITS). */
const labelKey = z.string().min(1).max(256);
const labelValue = z.string().max(4096);

export const containerSchema = z
  .object({
    id: containerId,
    name: z.string().min(1),
    image: z.string().min(1),
    imageRepository: z.string().optional(),
    imageTag: z.string().optional(),
    privileged: z.boolean().default(false),
    /** Labels (key to value), written into the container event's JSON as the container plugin reads them. */
    labels: z
      .unknown()
      // zod copies records into a plain object, where "__proto__" would vanish without a word.
      .refine((raw) => typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, '__proto__'), { message: 'a label may not be named __proto__' })
      .pipe(z.record(labelKey, labelValue).refine((labels) => Object.keys(labels).length <= 100, { message: 'at most 100 labels' }))
      .default({}),
  })
  .strict();

export const containerEventSchema = containerSchema.extend({ at: offsetMs.optional(), type: z.literal('container') }).strict();

export const eventSchema = z.discriminatedUnion('type', [
  execEventSchema,
  forkEventSchema,
  openEventSchema,
  connectEventSchema,
  dnsEventSchema,
  sendtoEventSchema,
  writeEventSchema,
  readEventSchema,
  chdirEventSchema,
  ptraceEventSchema,
  acceptEventSchema,
  closeEventSchema,
  exitEventSchema,
  containerEventSchema,
]);

export const captureDescriptionSchema = z
  .object({
    /** When the capture starts; event times are offsets from it. */
    start: z.iso.datetime({ offset: true }).default('2025-06-02T09:30:00Z'),
    machine: machineSchema.prefault({}),
    interfaces: z
      .array(interfaceSchema)
      .default([
        { name: 'lo', ip: '127.0.0.1', prefix: 8 },
        { name: 'eth0', ip: '10.1.0.4', prefix: 16 },
        { name: 'lo', ip: '::1', prefix: 128 },
      ]),
    users: z
      .array(userSchema)
      .default([
        { uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash' },
        { uid: 1001, gid: 118, name: 'runner', home: '/home/runner', shell: '/bin/bash' },
      ]),
    groups: z
      .array(groupSchema)
      .default([
        { gid: 0, name: 'root' },
        { gid: 118, name: 'docker' },
      ]),
    processes: z.array(processSchema).min(1),
    /** Containers known when the capture starts (written as container events before all others). */
    containers: z.array(containerSchema).default([]),
    events: z.array(eventSchema).default([]),
  })
  .strict();

export type CaptureDescription = z.infer<typeof captureDescriptionSchema>;
export type CaptureDescriptionInput = z.input<typeof captureDescriptionSchema>;
export type ProcessDescription = z.infer<typeof processSchema>;
export type FdDescription = z.infer<typeof fdSchema>;
export type EventDescription = z.infer<typeof eventSchema>;
export type ContainerDescription = z.infer<typeof containerSchema>;
export type OpenFlagName = z.infer<typeof openFlagSchema>;

/** A description that failed validation; the message names the source and every bad field. */
export class CaptureDescriptionError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`${source}: invalid capture description:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'CaptureDescriptionError';
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  return text === '' ? '(top level)' : text;
}

/** Validates a parsed JSON value; `source` (usually the file path) appears in every error. */
export function parseCaptureDescription(value: unknown, source = 'description'): CaptureDescription {
  const result = captureDescriptionSchema.safeParse(value);
  if (!result.success) {
    throw new CaptureDescriptionError(
      source,
      result.error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`),
    );
  }
  return result.data;
}
