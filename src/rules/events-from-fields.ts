// Events for `rules test --event/--events` and case files, given as Falco field values
// ({"evt.type": "execve", "proc.name": "nc", "proc.pname": "java"}): each becomes a small process tree
// (systemd > parent > process) and one event of that process in a capture description, which the capture
// writer (src/scap/writer/) writes; the rules then run on that capture as on any other. Only fields the
// writer can put into a capture are settable; any other field is an error naming it and listing these,
// never a field silently left at a default.
import { z } from 'zod';
import { ERRNO } from '../scap/errno.ts';
import type { CaptureDescriptionInput } from '../scap/writer/index.ts';

/** The settable fields and what each sets, shown when a field is not one of them. */
export const SETTABLE_FIELDS: Readonly<Record<string, string>> = {
  'evt.type': 'execve, openat, connect, accept or ptrace (the syscalls the capture writer writes)',
  'evt.dir': "'<' only: Falco 0.42 and later give rules exit events only",
  'evt.res': 'SUCCESS, or an errno name (ENOENT, EACCES, ...); connect: EINPROGRESS, ECONNREFUSED, ETIMEDOUT, ENETUNREACH',
  'evt.arg.flags': "openat: open flags joined by | (e.g. 'O_WRONLY|O_TRUNC')",
  'evt.is_open_read': 'openat: true opens for reading',
  'evt.is_open_write': 'openat: true opens for writing',
  'proc.name': 'the process name (at most 15 characters, as the kernel keeps it)',
  'proc.exepath': 'the absolute path of the executable',
  'proc.exe': 'argv[0]',
  'proc.args': 'the arguments, split at spaces (or a JSON array)',
  'proc.cmdline': 'the name and the arguments, split at spaces',
  'proc.cwd': 'the working directory (absolute)',
  'proc.pname': "the parent's name",
  'proc.pexepath': "the parent's executable path",
  'proc.pcmdline': "the parent's name and arguments, split at spaces",
  'user.uid': 'the user id',
  'user.name': 'the user name (a user of that name is added if need be)',
  'fd.name': "openat: the path; connect/accept: 'CLIENT_IP:PORT->SERVER_IP:PORT'",
  'fd.num': 'openat: the fd the call returns',
  'fd.l4proto': 'connect: tcp or udp',
  'fd.sip': 'connect/accept: the server address',
  'fd.sport': 'connect/accept: the server port',
  'fd.cip': 'connect/accept: the client address',
  'fd.cport': 'connect/accept: the client port',
  'fd.rip': 'connect: the remote (server) address',
  'fd.rport': 'connect: the remote (server) port',
  'fd.lip': 'connect: the local (client) address',
  'fd.lport': 'connect: the local (client) port',
  'container.id': "12 or 64 hex digits ('host' or absent: on the host)",
  'container.name': 'the container name',
  'container.image': 'the image (repository:tag)',
  'container.image.repository': 'the image repository',
  'container.image.tag': 'the image tag',
  'container.privileged': 'true or false',
  'container.label.KEY': 'a container label (also container.label[KEY]); KEY: 1 to 256 characters, no spaces, brackets or control characters',
};

/** At most this many labels on one container (the capture reader keeps no more). */
export const MAX_CONTAINER_LABELS = 100;
const LABEL_FIELD = /^container\.label(?:\.(.+)|\[(.*)\])$/s;
/** Label keys a test event may set: what Docker accepts and a rule can name, bounded as the reader bounds them. */
const LABEL_KEY = /^[^\s\[\]\p{Cc}]{1,256}$/u;

/** The label key a field names (container.label.KEY or container.label[KEY]), or undefined for other fields. */
export function labelKeyOf(field: string): string | undefined {
  const match = LABEL_FIELD.exec(field);
  return match === null ? undefined : (match[1] ?? match[2]);
}

/** At most this many events in one capture built from fields (the case file's cap, too). */
export const MAX_FIELD_EVENTS = 200;

const fieldValue = z.union([z.string().max(4096), z.number(), z.boolean(), z.array(z.string().max(4096)).max(256)]);
/** One event as field values; which fields are settable is checked by eventsFromFields (one message for all). */
export const FieldEventSchema = z.record(z.string().min(1).max(128), fieldValue);
export type FieldEvent = z.infer<typeof FieldEventSchema>;

/** A field event that cannot be built; the message names the event, the field and the fix. */
export class FieldEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldEventError';
  }
}

const SYSCALLS = ['execve', 'openat', 'connect', 'accept', 'ptrace'] as const;
type Syscall = (typeof SYSCALLS)[number];
/** Fields only some syscalls use: given with another, they would be silently ignored. */
const ONLY_FOR: Readonly<Record<string, readonly Syscall[]>> = {
  'evt.arg.flags': ['openat'],
  'evt.is_open_read': ['openat'],
  'evt.is_open_write': ['openat'],
  'fd.num': ['openat'],
  'fd.name': ['openat', 'connect', 'accept'],
  'fd.l4proto': ['connect'],
  'fd.sip': ['connect', 'accept'],
  'fd.sport': ['connect', 'accept'],
  'fd.cip': ['connect', 'accept'],
  'fd.cport': ['connect', 'accept'],
  'fd.rip': ['connect'],
  'fd.rport': ['connect'],
  'fd.lip': ['connect'],
  'fd.lport': ['connect'],
};
const OPEN_FLAGS = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_APPEND', 'O_TRUNC', 'O_EXCL', 'O_NONBLOCK', 'O_CLOEXEC', 'O_DIRECTORY'] as const;
type OpenFlag = (typeof OPEN_FLAGS)[number];
const CONNECT_RESULTS = ['EINPROGRESS', 'ECONNREFUSED', 'ETIMEDOUT', 'ENETUNREACH'] as const;

/** The list shown with every "cannot be set" error (SETTABLE_FIELDS says what each one sets). */
export function settableFieldsText(): string {
  return Object.keys(SETTABLE_FIELDS).join(', ');
}

const words = (value: string): string[] => value.split(' ').filter((word) => word !== '');
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1) || path;

/**
 * A capture description holding, per field event, a parent and a process with the given properties and
 * the event itself. `label(i)` names event i in errors (e.g. "--event 2" or "cases.yaml:14").
 */
export function eventsFromFields(events: readonly FieldEvent[], label: (index: number) => string): CaptureDescriptionInput {
  if (events.length === 0) throw new FieldEventError('no events given: give at least one');
  if (events.length > MAX_FIELD_EVENTS) throw new FieldEventError(`${events.length} events given; at most ${MAX_FIELD_EVENTS} fit in one test`);
  const users = [
    { uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash' },
    { uid: 1001, gid: 118, name: 'runner', home: '/home/runner', shell: '/bin/bash' },
  ];
  const containers = new Map<string, NonNullable<CaptureDescriptionInput['containers']>[number]>();
  const processes: CaptureDescriptionInput['processes'] = [{ pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' }];
  const out: NonNullable<CaptureDescriptionInput['events']> = [];
  events.forEach((fields, index) => {
    const where = label(index);
    const fail = (field: string, problem: string): never => {
      throw new FieldEventError(`${where}: ${field}: ${problem}`);
    };
    for (const field of Object.keys(fields)) {
      const labelKey = labelKeyOf(field);
      if (labelKey !== undefined) {
        if (!LABEL_KEY.test(labelKey) || labelKey === '__proto__') fail(field, `${JSON.stringify(labelKey)} is not a label key this test can set: 1 to 256 characters, no spaces, brackets or control characters`);
        continue;
      }
      if (!Object.hasOwn(SETTABLE_FIELDS, field)) {
        const hint = field === 'container.label' || field === 'container.labels' ? ': set each label as container.label.KEY' : '';
        throw new FieldEventError(`${where}: the field ${JSON.stringify(field)} cannot be set in a test event (the capture writer has no place for it${hint}). Settable fields: ${settableFieldsText()}`);
      }
    }
    const text = (field: string): string | undefined => {
      const value = fields[field];
      if (value === undefined) return undefined;
      if (Array.isArray(value)) return fail(field, 'give a string, not a list');
      return String(value);
    };
    const integer = (field: string, min: number, max: number): number | undefined => {
      const value = text(field);
      if (value === undefined) return undefined;
      const number = Number(value);
      if (!Number.isInteger(number) || number < min || number > max) return fail(field, `must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
      return number;
    };
    const bool = (field: string): boolean | undefined => {
      const value = text(field);
      if (value === undefined) return undefined;
      if (value !== 'true' && value !== 'false') return fail(field, `must be true or false, not ${JSON.stringify(value)}`);
      return value === 'true';
    };
    const listOf = (field: string): string[] | undefined => {
      const value = fields[field];
      if (value === undefined) return undefined;
      return Array.isArray(value) ? [...value] : words(String(value));
    };

    const type = text('evt.type') ?? fail('evt.type', `give the syscall: ${SYSCALLS.join(', ')}`);
    if (!(SYSCALLS as readonly string[]).includes(type)) {
      const hint = type === 'open' || type === 'openat2' || type === 'creat' ? ' (the capture writer writes every open as openat)' : type === 'execveat' ? ' (the capture writer writes execve)' : '';
      fail('evt.type', `${JSON.stringify(type)} cannot be written${hint}; give one of ${SYSCALLS.join(', ')}`);
    }
    const syscall = type as Syscall;
    const dir = text('evt.dir');
    if (dir !== undefined && dir !== '<') fail('evt.dir', "only '<' (exit events): Falco 0.42 and later never give syscall enter events to rules");
    for (const [field, syscalls] of Object.entries(ONLY_FOR)) {
      if (fields[field] !== undefined && !syscalls.includes(syscall)) fail(field, `applies to ${syscalls.join(', ')} only, not to ${syscall}`);
    }

    // The process and its parent: each event gets its own pair, so events never change each other's state.
    const parentPid = 1000 + index * 10;
    const pid = parentPid + 1;
    const pcmdline = listOf('proc.pcmdline');
    const pname = text('proc.pname') ?? pcmdline?.[0] ?? 'fa-test-parent';
    if (pname.length > 15) fail('proc.pname', `at most 15 characters (the kernel keeps no more), not ${pname.length}`);
    if (pcmdline !== undefined && pcmdline[0] !== pname) fail('proc.pcmdline', `starts with ${JSON.stringify(pcmdline[0] ?? '')}, but proc.pname is ${JSON.stringify(pname)}`);
    const pexepath = text('proc.pexepath') ?? `/usr/bin/${pname}`;
    if (!pexepath.startsWith('/')) fail('proc.pexepath', 'must be an absolute path');

    const cmdline = listOf('proc.cmdline');
    const exepathGiven = text('proc.exepath');
    const name = text('proc.name') ?? cmdline?.[0] ?? (exepathGiven === undefined ? 'fa-test-proc' : baseName(exepathGiven).slice(0, 15));
    if (name.length > 15) fail('proc.name', `at most 15 characters (the kernel keeps no more; Falco's proc.name is that), not ${name.length}`);
    if (cmdline !== undefined && cmdline[0] !== name) fail('proc.cmdline', `starts with ${JSON.stringify(cmdline[0] ?? '')}, but proc.name is ${JSON.stringify(name)}`);
    const argsGiven = listOf('proc.args');
    if (argsGiven !== undefined && cmdline !== undefined && argsGiven.join(' ') !== cmdline.slice(1).join(' ')) fail('proc.args', 'disagrees with proc.cmdline: give one of them');
    const args = argsGiven ?? cmdline?.slice(1) ?? [];
    const exepath = exepathGiven ?? `/usr/bin/${name}`;
    if (!exepath.startsWith('/')) fail('proc.exepath', 'must be an absolute path');
    const exe = text('proc.exe');
    const cwd = text('proc.cwd');
    if (cwd !== undefined && !cwd.startsWith('/')) fail('proc.cwd', 'must be an absolute path');

    let uid = integer('user.uid', 0, 0xfffffffe);
    const userName = text('user.name');
    if (userName !== undefined) {
      const known = users.find((user) => user.name === userName);
      if (known !== undefined && uid !== undefined && known.uid !== uid) fail('user.name', `${JSON.stringify(userName)} has uid ${known.uid}, not ${uid}`);
      if (known !== undefined) uid = known.uid;
      else {
        if (uid === undefined || users.some((user) => user.uid === uid)) uid = 2000 + users.length;
        users.push({ uid, gid: uid, name: userName, home: `/home/${userName}`, shell: '/bin/sh' });
      }
    }

    const containerId = containerOf(fields, fail, text, bool, containers);

    processes.push({ pid: parentPid, ppid: 1, comm: pname, exepath: pexepath, args: pcmdline?.slice(1) ?? [], ...(containerId ? { containerId } : {}) });
    const res = text('evt.res');
    const errno = (allowed: readonly string[] = Object.keys(ERRNO)): number => {
      if (res === undefined || res === 'SUCCESS') return 0;
      const code = (ERRNO as Record<string, number>)[res];
      if (code === undefined || !allowed.includes(res)) return fail('evt.res', `give SUCCESS or one of ${allowed.join(', ')}, not ${JSON.stringify(res)}`);
      return -code;
    };
    if (syscall === 'execve') {
      // Before the execve the process runs its parent's program (it was forked from it); the execve
      // gives it the event's properties, as a real exec does.
      processes.push({ pid, ppid: parentPid, comm: pname, exepath: pexepath, ...(containerId ? { containerId } : {}) });
      out.push({
        type: 'exec',
        pid,
        exepath,
        comm: name,
        args,
        ...(exe !== undefined ? { exe } : {}),
        ...(cwd !== undefined ? { cwd } : {}),
        ...(uid !== undefined ? { uid } : {}),
        res: errno(['ENOENT', 'EACCES']),
      });
      return;
    }
    processes.push({
      pid,
      ppid: parentPid,
      comm: name,
      exepath,
      args,
      ...(exe !== undefined ? { exe } : {}),
      ...(cwd !== undefined ? { cwd } : {}),
      ...(uid !== undefined ? { uid } : {}),
      ...(containerId ? { containerId } : {}),
    });
    if (syscall === 'openat') {
      const path = text('fd.name') ?? fail('fd.name', 'give the path the openat opens');
      const flags = openFlags(text('evt.arg.flags'), bool('evt.is_open_read'), bool('evt.is_open_write'), fail);
      const fd = integer('fd.num', 0, 1048576);
      const code = errno(['ENOENT', 'EACCES']);
      out.push({ type: 'open', pid, path, flags, ...(fd !== undefined ? { fd } : {}), ...(code !== 0 ? { res: code } : {}) });
      return;
    }
    if (syscall === 'ptrace') {
      out.push({ type: 'ptrace', pid, target: parentPid, res: errno(['EACCES']) });
      return;
    }
    const ends = endpoints(syscall, text, integer, fail);
    if (syscall === 'connect') {
      const proto = text('fd.l4proto') ?? 'tcp';
      if (proto !== 'tcp' && proto !== 'udp') fail('fd.l4proto', `tcp or udp, not ${JSON.stringify(proto)}`);
      const result = res === undefined || res === 'SUCCESS' ? 'ok' : (CONNECT_RESULTS as readonly string[]).includes(res) ? res : fail('evt.res', `give SUCCESS or one of ${CONNECT_RESULTS.join(', ')}, not ${JSON.stringify(res)}`);
      out.push({ type: 'connect', pid, protocol: proto as 'tcp' | 'udp', local: ends.client, remote: ends.server, result: result as 'ok' });
      return;
    }
    if (res !== undefined && res !== 'SUCCESS') fail('evt.res', 'the capture writer writes successful accepts only');
    out.push({ type: 'accept', pid, local: ends.server, remote: ends.client });
  });
  return { users, processes, containers: [...containers.values()], events: out };
}

function openFlags(given: string | undefined, read: boolean | undefined, write: boolean | undefined, fail: (field: string, problem: string) => never): OpenFlag[] {
  if (given !== undefined) {
    const flags = given.split('|').map((flag) => flag.trim());
    for (const flag of flags) if (!(OPEN_FLAGS as readonly string[]).includes(flag)) fail('evt.arg.flags', `unknown flag ${JSON.stringify(flag)}; the writer knows ${OPEN_FLAGS.join(', ')}`);
    const typed = flags as OpenFlag[];
    const writes = typed.includes('O_WRONLY') || typed.includes('O_RDWR');
    const reads = !typed.includes('O_WRONLY');
    if ((write !== undefined && write !== writes) || (read !== undefined && read !== reads)) fail('evt.arg.flags', 'disagrees with evt.is_open_read/evt.is_open_write: give one of them');
    return typed;
  }
  if (read === true && write === true) return ['O_RDWR'];
  if (write === true) return ['O_WRONLY'];
  if (read === false) fail('evt.is_open_read', 'false needs evt.is_open_write: true (or evt.arg.flags)');
  return ['O_RDONLY'];
}

interface Endpoint {
  ip: string;
  port: number;
}

function endpoints(
  syscall: 'connect' | 'accept',
  text: (field: string) => string | undefined,
  integer: (field: string, min: number, max: number) => number | undefined,
  fail: (field: string, problem: string) => never,
): { client: Endpoint; server: Endpoint } {
  // connect: we are the client (local), the server is remote; accept: we are the server.
  const client: Endpoint = syscall === 'connect' ? { ip: '10.1.0.4', port: 40000 } : { ip: '203.0.113.9', port: 51000 };
  const server: Endpoint = syscall === 'connect' ? { ip: '203.0.113.5', port: 443 } : { ip: '172.18.0.3', port: 5000 };
  const name = text('fd.name');
  if (name !== undefined) {
    const match = /^([0-9.]+):(\d+)->([0-9.]+):(\d+)$/.exec(name);
    if (match === null) fail('fd.name', `give 'CLIENT_IP:PORT->SERVER_IP:PORT' (IPv4; for IPv6 use fd.cip/fd.sip), not ${JSON.stringify(name)}`);
    const [, cip, cport, sip, sport] = match as RegExpExecArray;
    Object.assign(client, { ip: cip, port: Number(cport) });
    Object.assign(server, { ip: sip, port: Number(sport) });
  }
  const pick = (target: Endpoint, ipFields: string[], portFields: string[]): void => {
    for (const field of ipFields) {
      const value = text(field);
      if (value !== undefined) target.ip = value;
    }
    for (const field of portFields) {
      const value = integer(field, 0, 65535);
      if (value !== undefined) target.port = value;
    }
  };
  pick(client, ['fd.cip', 'fd.lip'], ['fd.cport', 'fd.lport']);
  pick(server, ['fd.sip', 'fd.rip'], ['fd.sport', 'fd.rport']);
  return { client, server };
}

function containerOf(
  fields: FieldEvent,
  fail: (field: string, problem: string) => never,
  text: (field: string) => string | undefined,
  bool: (field: string) => boolean | undefined,
  containers: Map<string, NonNullable<CaptureDescriptionInput['containers']>[number]>,
): string | undefined {
  const given = Object.keys(fields).filter((field) => field.startsWith('container.'));
  if (given.length === 0) return undefined;
  const raw = text('container.id');
  if (raw === 'host') {
    if (given.length > 1) fail(given.find((field) => field !== 'container.id') ?? 'container.id', "a host process (container.id 'host') has no container properties");
    return undefined;
  }
  // Falco's container.id is the 12-digit short id; the writer needs the full 64-digit id it comes from.
  let id = raw ?? 'fa7e57'.padEnd(64, '0');
  if (/^[0-9a-f]{12}$/.test(id)) id = id.padEnd(64, '0');
  if (!/^[0-9a-f]{64}$/.test(id)) fail('container.id', `give 12 or 64 lowercase hex digits (or 'host'), not ${JSON.stringify(raw)}`);
  const repository = text('container.image.repository');
  const tag = text('container.image.tag');
  const image = text('container.image') ?? `${repository ?? 'docker.io/library/fa-test'}:${tag ?? 'latest'}`;
  const container = {
    id,
    name: text('container.name') ?? 'fa-test-container',
    image,
    ...(repository !== undefined ? { imageRepository: repository } : {}),
    ...(tag !== undefined ? { imageTag: tag } : {}),
    privileged: bool('container.privileged') ?? false,
    labels: labelsOf(fields, text, fail),
  };
  const known = containers.get(id);
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(container)) fail('container.id', 'another event gives this container different properties');
  containers.set(id, container);
  return id;
}

/** The labels an event gives its container; container.label.KEY and container.label[KEY] name the same one. */
function labelsOf(fields: FieldEvent, text: (field: string) => string | undefined, fail: (field: string, problem: string) => never): Record<string, string> {
  const labels = Object.create(null) as Record<string, string>;
  const from = new Map<string, string>();
  for (const field of Object.keys(fields).sort()) {
    const key = labelKeyOf(field);
    if (key === undefined) continue;
    const value = text(field) as string;
    const earlier = from.get(key);
    if (earlier !== undefined && labels[key] !== value) fail(field, `disagrees with ${earlier}: give the label once`);
    labels[key] = value;
    from.set(key, field);
  }
  if (from.size > MAX_CONTAINER_LABELS) fail('container.label', `${from.size} labels given; at most ${MAX_CONTAINER_LABELS}`);
  return labels;
}
