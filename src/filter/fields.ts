// The filter fields we can answer from a capture, with libsinsp's types and meanings.
//
// Each field extracts one value from a ScapEvent (seen with the state of its thread and fd, as libsinsp
// sees it), or `undefined` when the event has no value for it (libsinsp's "extract failed"), in which
// case every check on it is false, whatever the operator. A field that is not in this table is refused
// when a condition is compiled: we never guess.
import { constants as osConstants } from 'node:os';
import { EC, EF, EVENT_TABLE, eventInfo, PPME, PT } from '../scap/event-table.ts';
import { OPEN_EVENT_NAMES, OPEN_FLAG_NAMES, PPM_O } from '../scap/open-flags.ts';
import { isoTime } from '../scap/time.ts';
import { FALCO_FIELD_NAMES } from './falco-fields.ts';
import type { ContainerInfo, FdState, ParamValue, ScapEvent, ThreadState, UserInfo } from '../scap/model.ts';

export type FieldType = 'string' | 'int' | 'uint' | 'bool' | 'ipaddr' | 'ipnet' | 'port' | 'bytes' | 'dynamic';
export type FieldValue = string | bigint | boolean | Uint8Array;

/** What a capture tells beyond single events: its user and container tables. */
export interface EvalContext {
  users: ReadonlyMap<number, UserInfo>;
  containers: ReadonlyMap<string, ContainerInfo>;
}

export const EMPTY_CONTEXT: EvalContext = { users: new Map(), containers: new Map() };

type Extractor = (event: ScapEvent, context: EvalContext) => FieldValue | undefined;

export interface FieldDefinition {
  name: string;
  type: FieldType;
  /** 'none': no [arg]; 'index': [N] required; 'optional-index': [N] or none; 'name': evt.arg.X / [N]. */
  argument: 'none' | 'index' | 'optional-index' | 'arg-name';
  description: string;
  /** Builds the extractor for a given argument (validated by the caller). */
  build(arg: string | undefined): Extractor;
}

export class UnknownFieldError extends Error {
  constructor(
    readonly field: string,
    reason: string,
    /** True when the field name itself is not in our table (false: a bad argument to a known field). */
    readonly unsupportedName = false,
  ) {
    super(`field '${field}' ${reason}`);
    this.name = 'UnknownFieldError';
  }
}

// --- helpers over the event model --------------------------------------------------------------------

function mainThread(event: ScapEvent, thread: ThreadState): ThreadState {
  return thread.pid === thread.tid ? thread : (event.lookupThread(thread.pid) ?? thread);
}

/** The parent process of a thread, as libsinsp's get_ancestor_process (parent of the main thread). */
function parentOf(event: ScapEvent, thread: ThreadState): ThreadState | undefined {
  const main = mainThread(event, thread);
  if (main.ptid <= 0) return undefined;
  const found = event.lookupThread(main.ptid);
  if (found !== undefined) return found;
  if (event.thread !== undefined && main === mainThread(event, event.thread)) {
    return event.parent !== undefined && event.parent.tid === main.ptid ? event.parent : undefined;
  }
  return undefined;
}

/** The N-th ancestor (0 = the process itself). */
function ancestor(event: ScapEvent, level: number): ThreadState | undefined {
  let current = event.thread;
  for (let step = 0; step < level && current !== undefined; step++) current = parentOf(event, current);
  return current;
}

/** Every ancestor, nearest first (the process itself excluded), stopping at loops. */
export function ancestors(event: ScapEvent): ThreadState[] {
  const result: ThreadState[] = [];
  const seen = new Set<number>();
  let current = event.thread === undefined ? undefined : parentOf(event, event.thread);
  while (current !== undefined && !seen.has(current.tid) && result.length < 256) {
    seen.add(current.tid);
    result.push(current);
    current = parentOf(event, current);
  }
  return result;
}

function cmdline(thread: ThreadState): string {
  return [thread.comm, ...thread.args].join(' ');
}

/** libsinsp's fd.directory post-processing: cut at the last '/', '/' when there is none or it is first. */
function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  if (index <= 0) return '/';
  return index < path.length - 1 ? path.slice(0, index) : path;
}

function basename(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '/';
  return index < path.length - 1 ? path.slice(index + 1) : path;
}

const ERRNO_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(osConstants.errno).map(([name, code]) => [code, name]),
);

export function errnoName(res: bigint | number): string {
  const code = -Number(res);
  return ERRNO_NAMES.get(code) ?? String(res);
}

const PPM_O_RDONLY = PPM_O.RDONLY;
const PPM_O_WRONLY = PPM_O.WRONLY;
const PPM_O_TMPFILE = PPM_O.TMPFILE;
const PPM_O_F_CREATED = PPM_O.F_CREATED;
/** The exits evt.is_open_* looks at (libsinsp: OPEN_X, OPENAT_2_X, OPENAT2_X, OPEN_BY_HANDLE_AT_X). */
const OPEN_EXIT_CODES: ReadonlySet<number> = new Set(
  ['SYSCALL_OPEN_X', 'SYSCALL_OPENAT_2_X', 'SYSCALL_OPENAT2_X', 'SYSCALL_OPEN_BY_HANDLE_AT_X'].flatMap((symbol) => (PPME[symbol] === undefined ? [] : [PPME[symbol] as number])),
);

/** Formats PPM open flags as libsinsp's resolved parameter string ("O_RDONLY|O_CLOEXEC"). */
export function formatOpenFlags(initial: number): string {
  const names: string[] = [];
  let remaining = initial;
  for (const [name, value] of OPEN_FLAG_NAMES) {
    const match = (value === 0 && initial === 0) || (value !== 0 && (remaining & value) === value && remaining !== 0);
    if (!match) continue;
    remaining &= ~value;
    names.push(name);
    if (value === initial) break;
  }
  return names.join('|');
}

function toBigInt(value: ParamValue | undefined): bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'bigint') return value;
  return undefined;
}

/**
 * The syscall return value, as libsinsp's has_return_value/get_syscall_return_value: the first
 * parameter of an exit syscall event that has parameters (generic events have none).
 */
function returnValue(event: ScapEvent): bigint | undefined {
  if (event.dir !== '<' || event.type === PPME.GENERIC_X) return undefined;
  const info = eventInfo(event.type);
  const first = info?.params[0];
  if (info === undefined || first === undefined || (info.category & EC.SYSCALL) === 0) return undefined;
  const value = toBigInt(event.params[first.name]);
  return value === undefined ? undefined : BigInt.asIntN(64, value);
}

const FD_EVENT_FLAGS = EF.CREATES_FD | EF.USES_FD | EF.DESTROYS_FD;

/** libsinsp's extract_fd: fd fields exist only for events that create, use or destroy an fd. */
function isFdEvent(event: ScapEvent): boolean {
  return ((eventInfo(event.type)?.flags ?? 0) & FD_EVENT_FLAGS) !== 0;
}

function fdOf(event: ScapEvent): FdState | undefined {
  return isFdEvent(event) ? event.fd : undefined;
}

const TYPECHAR_WITHOUT_FD: ReadonlyMap<number, string> = new Map(
  ([
    ['SYSCALL_OPENAT_2_X', 'f'], ['SYSCALL_OPENAT2_X', 'f'], ['SYSCALL_CREAT_X', 'f'],
    ['SOCKET_SOCKET_X', '4'], ['SOCKET_ACCEPT_5_X', '4'], ['SOCKET_ACCEPT4_6_X', '4'],
    ['SYSCALL_PIPE_X', 'p'], ['SYSCALL_PIPE2_X', 'p'], ['SYSCALL_EVENTFD_X', 'e'], ['SYSCALL_EVENTFD2_X', 'e'],
    ['SYSCALL_SIGNALFD_X', 's'], ['SYSCALL_SIGNALFD4_X', 's'], ['SYSCALL_TIMERFD_CREATE_X', 't'],
    ['SYSCALL_INOTIFY_INIT_X', 'i'], ['SYSCALL_INOTIFY_INIT1_X', 'i'],
  ] as const)
    .filter(([symbol]) => PPME[symbol] !== undefined)
    .map(([symbol, char]) => [PPME[symbol] as number, char]),
);

/** libsinsp's extract_typechar for an fd event whose fd is not in the table (e.g. a failed open). */
function typecharWithoutFd(event: ScapEvent): string {
  const exitCode = event.dir === '>' ? event.type + 1 : event.type;
  return TYPECHAR_WITHOUT_FD.get(exitCode) ?? 'o';
}

function joinPath(directory: string, name: string): string {
  if (name.startsWith('/')) return name;
  return `${directory.endsWith('/') ? directory : `${directory}/`}${name}`;
}

function formatTuple(value: ParamValue | undefined): string | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || !('family' in value)) return undefined;
  if ((value.family === 'ipv4' || value.family === 'ipv6') && value.source !== undefined && value.dest !== undefined) {
    return `${value.source.ip}:${value.source.port}->${value.dest.ip}:${value.dest.port}`;
  }
  return undefined;
}

/**
 * libsinsp's extract_fdname_from_event: the name an fd event carries when its fd is not in the table
 * (a failed open shows the path it tried). Enter events have none; other exit events give ''.
 */
function fdNameFromEvent(event: ScapEvent): string | undefined {
  if (event.dir === '>') return undefined;
  const code = event.type;
  if (code === PPME.SYSCALL_OPEN_X || code === PPME.SYSCALL_CREAT_X) {
    const name = event.params.name;
    return typeof name === 'string' ? joinPath(event.thread?.cwd ?? '/', name) : '';
  }
  if (code === PPME.SOCKET_ACCEPT_5_X || code === PPME.SOCKET_ACCEPT4_6_X || code === PPME.SOCKET_CONNECT_X) {
    return formatTuple(event.params.tuple);
  }
  if (code === PPME.SYSCALL_OPENAT_2_X || code === PPME.SYSCALL_OPENAT2_X) {
    const name = event.params.name;
    if (typeof name !== 'string') return undefined;
    // Relative to a directory fd other than the cwd: we do not resolve it (libsinsp does), so no value.
    const dirfd = toBigInt(event.params.dirfd ?? undefined);
    if (!name.startsWith('/') && dirfd !== -100n) return undefined;
    return joinPath(event.thread?.cwd ?? '/', name);
  }
  if (code === PPME.SYSCALL_OPEN_BY_HANDLE_AT_X) {
    const path = event.params.path;
    return typeof path === 'string' ? path : undefined;
  }
  return '';
}

function openFlags(event: ScapEvent): number | undefined {
  if (event.dir !== '<' || !OPEN_EXIT_CODES.has(event.type)) return undefined;
  const flags = event.params.flags;
  return typeof flags === 'number' ? flags : typeof flags === 'bigint' ? Number(flags) : 0;
}

/** evt.arg.X: libsinsp's resolved parameter string when it has one, else the plain one. */
function formatParam(event: ScapEvent, name: string, type: number | undefined): string | undefined {
  const value = event.params[name];
  if (value === undefined || value === null) return undefined;
  if (type === PT.FLAGS32 && name === 'flags' && OPEN_EVENT_NAMES.has(event.name) && typeof value === 'number') {
    return formatOpenFlags(value);
  }
  if (type === PT.ERRNO) {
    const number = toBigInt(value);
    if (number === undefined) return undefined;
    return number < 0n ? errnoName(number) : number.toString();
  }
  if (type === PT.FD || type === PT.FD32) {
    const number = toBigInt(value);
    if (number === undefined) return undefined;
    if (number < 0n) return errnoName(number);
    if (event.fd !== undefined && BigInt(event.fd.num) === number) return `<${event.fd.typechar}>${event.fd.name}`;
    return number.toString();
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') {
    // Flags and enums other than open's are printed symbolically by libsinsp; we do not have their
    // name tables, so we give no value rather than a number that would compare differently.
    if (type === PT.FLAGS8 || type === PT.FLAGS16 || type === PT.FLAGS32 || type === PT.ENUMFLAGS8 ||
      type === PT.ENUMFLAGS16 || type === PT.ENUMFLAGS32 || type === PT.MODE || type === PT.SIGTYPE ||
      type === PT.SYSCALLID || type === PT.SOCKFAMILY || type === PT.L4PROTO) {
      return undefined;
    }
    return value.toString();
  }
  return undefined;
}

const PARAM_NAMES: ReadonlySet<string> = new Set(EVENT_TABLE.flatMap((info) => info.params.map((param) => param.name)));
const MAX_PARAMS = Math.max(...EVENT_TABLE.map((info) => info.params.length));

/** A parameter name no event has is a typo: refuse it rather than never match. */
function requireParamName(field: string, name: string): void {
  if (!PARAM_NAMES.has(name)) throw new UnknownFieldError(`${field}.${name}`, `names a parameter no event has`);
}

function paramTypeOf(event: ScapEvent, name: string): number | undefined {
  const info = eventInfo(event.type);
  const index = info?.paramIndex.get(name);
  return index === undefined ? undefined : info?.params[index]?.type;
}

function endpointRole(event: ScapEvent): { local?: { ip: string; port: number }; remote?: { ip: string; port: number } } {
  const fd = fdOf(event);
  if (fd === undefined) return {};
  if (fd.role === 'server') return { local: fd.server, remote: fd.client };
  return { local: fd.client, remote: fd.server };
}

function isIpFd(event: ScapEvent): boolean {
  const fd = fdOf(event);
  return fd !== undefined && (fd.kind === 'ipv4' || fd.kind === 'ipv6');
}

/** libsinsp gives endpoints only once a socket has a role (after connect/accept): is_role_none. */
function hasEndpoints(event: ScapEvent): boolean {
  return isIpFd(event) && event.fd?.role !== undefined;
}

function threadField(read: (thread: ThreadState, event: ScapEvent, context: EvalContext) => FieldValue | undefined): Extractor {
  return (event, context) => (event.thread === undefined ? undefined : read(event.thread, event, context));
}

function fixed(type: FieldType, description: string, extract: Extractor): Omit<FieldDefinition, 'name'> {
  return { type, argument: 'none', description, build: () => extract };
}

function parseIndex(field: string, arg: string | undefined): number {
  if (arg === undefined || !/^[0-9]+$/.test(arg)) {
    throw new UnknownFieldError(field, `needs a numeric argument, e.g. ${field}[1] (got ${arg === undefined ? 'none' : `'${arg}'`})`);
  }
  return Number(arg);
}

function containerOf(event: ScapEvent, context: EvalContext): ContainerInfo | undefined {
  const id = event.thread?.containerId;
  if (id === undefined || id === '' || id === 'host') return undefined;
  return context.containers.get(id);
}

/** The container plugin (falcosecurity/plugins container 0.7.1) gives the host empty image fields. */
function imageField(read: (container: ContainerInfo) => string | undefined): Extractor {
  return (event, context) => {
    const id = event.thread?.containerId;
    if (id === undefined) return undefined;
    if (id === '' || id === 'host') return '';
    const container = context.containers.get(id);
    return container === undefined ? undefined : read(container);
  };
}

function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

const bool = (value: boolean): FieldValue => value;
const big = (value: number | bigint): bigint => BigInt(value);

const DEFINITIONS: Record<string, Omit<FieldDefinition, 'name'>> = {
  // --- evt -----------------------------------------------------------------------------------------
  'evt.num': fixed('uint', "the event's 1-based position in the capture", (event) => big(event.num)),
  'evt.rawtime': fixed('uint', 'event time, nanoseconds since the epoch', (event) => event.ts),
  'evt.time': fixed('string', 'event time as HH:MM:SS.nnnnnnnnn (UTC)', (event) => formatTime(event.ts)),
  'evt.time.iso8601': fixed('string', 'event time as ISO 8601 (UTC)', (event) => isoTime(event.ts)),
  'evt.type': fixed('string', 'the event name, e.g. openat', (event) => event.name),
  'evt.dir': fixed('string', "'>' for enter events, '<' for exit events", (event) => event.dir),
  'evt.cpu': fixed('int', 'the CPU the event happened on', (event) => big(event.cpu)),
  'evt.source': fixed('string', "always 'syscall'", () => 'syscall'),
  'evt.res': fixed('string', "'SUCCESS' or the errno name (e.g. ENOENT) of a failed call", (event) => {
    const res = returnValue(event);
    if (res === undefined) return undefined;
    return res >= 0n ? 'SUCCESS' : errnoName(res);
  }),
  'evt.rawres': fixed('int', 'the raw return value of the call', (event) => returnValue(event)),
  'evt.failed': fixed('bool', 'true for a call that returned an error', (event) => {
    const res = returnValue(event);
    return res === undefined ? false : res < 0n;
  }),
  'evt.is_open_read': fixed('bool', 'an open exit whose flags ask for reading', (event) => {
    const flags = openFlags(event);
    return bool(flags !== undefined && (flags & PPM_O_RDONLY) !== 0);
  }),
  'evt.is_open_write': fixed('bool', 'an open exit whose flags ask for writing', (event) => {
    const flags = openFlags(event);
    return bool(flags !== undefined && (flags & PPM_O_WRONLY) !== 0);
  }),
  // libsinsp (sinsp_filtercheck_event.cpp, TYPE_ISOPEN_CREATE): the kernel says the open created the file
  // (PPM_O_F_CREATED), or an O_TMPFILE open succeeded; O_CREAT alone does not create an existing file.
  'evt.is_open_create': fixed('bool', 'an open exit that created the file', (event) => {
    const flags = openFlags(event);
    if (flags === undefined) return bool(false);
    const res = returnValue(event);
    return bool((flags & PPM_O_F_CREATED) !== 0 || ((flags & PPM_O_TMPFILE) !== 0 && res !== undefined && res >= 0n));
  }),
  'evt.arg': {
    type: 'string',
    argument: 'arg-name',
    description: 'a parameter as libsinsp prints it: evt.arg.name or evt.arg[N] (0-based)',
    build(arg) {
      if (arg === undefined) throw new UnknownFieldError('evt.arg', 'needs a parameter: evt.arg.NAME or evt.arg[N]');
      if (/^[0-9]+$/.test(arg)) {
        const index = Number(arg);
        if (index >= MAX_PARAMS) throw new UnknownFieldError(`evt.arg[${arg}]`, `is beyond every event's parameters (at most ${MAX_PARAMS})`);
        return (event) => {
          const param = eventInfo(event.type)?.params[index];
          return param === undefined ? undefined : formatParam(event, param.name, param.type);
        };
      }
      requireParamName('evt.arg', arg);
      return (event) => formatParam(event, arg, paramTypeOf(event, arg));
    },
  },
  'evt.rawarg': {
    type: 'dynamic',
    argument: 'arg-name',
    description: 'a parameter raw value: numbers compare as numbers, strings as strings',
    build(arg) {
      if (arg === undefined || /^[0-9]+$/.test(arg)) throw new UnknownFieldError('evt.rawarg', 'needs a parameter name: evt.rawarg.NAME');
      requireParamName('evt.rawarg', arg);
      return (event) => {
        const value = event.params[arg];
        if (typeof value === 'string' || value instanceof Uint8Array) return value;
        return toBigInt(value ?? undefined);
      };
    },
  },
  // --- proc / thread --------------------------------------------------------------------------------
  'proc.pid': fixed('int', 'process id', threadField((thread) => big(thread.pid))),
  'proc.vpid': fixed('int', 'process id in its pid namespace', threadField((thread) => big(thread.vpid))),
  // The tid is on the event itself, so it has a value even for a thread missing from the table.
  'thread.tid': fixed('int', 'thread id', (event) => big(event.thread?.tid ?? event.tid)),
  'proc.tid': fixed('int', 'thread id', threadField((thread) => big(thread.tid))),
  'proc.ppid': fixed('int', "parent process id (the main thread's ptid)", threadField((thread, event) => big(mainThread(event, thread).ptid))),
  'proc.name': fixed('string', 'the process comm', threadField((thread) => thread.comm)),
  'proc.exe': fixed('string', 'argv[0]', threadField((thread) => thread.exe)),
  // As libsinsp: the stored string, '' when the capture did not tell (a value, not a missing one).
  'proc.exepath': fixed('string', 'full path of the executable', threadField((thread) => thread.exepath)),
  'proc.args': fixed('string', 'arguments joined by spaces', threadField((thread) => thread.args.join(' '))),
  'proc.cmdline': fixed('string', 'comm followed by the arguments', threadField((thread) => cmdline(thread))),
  'proc.exeline': fixed('string', 'argv[0] followed by the arguments', threadField((thread) => [thread.exe, ...thread.args].join(' '))),
  'proc.duration': fixed('uint', 'nanoseconds since the process started (clone/exec time known)', threadField((thread, event) => {
    const start = mainThread(event, thread).startTs;
    return start > 0n && event.ts >= start ? event.ts - start : undefined;
  })),
  'proc.cwd': fixed('string', 'working directory (ends with /)', threadField((thread) => thread.cwd)),
  'proc.pname': fixed('string', "the parent's comm", threadField((thread, event) => parentOf(event, thread)?.comm)),
  'proc.pexe': fixed('string', "the parent's argv[0]", threadField((thread, event) => parentOf(event, thread)?.exe)),
  'proc.pexepath': fixed('string', "the parent's executable path", threadField((thread, event) => parentOf(event, thread)?.exepath)),
  'proc.pcmdline': fixed('string', "the parent's command line", threadField((thread, event) => {
    const parent = parentOf(event, thread);
    return parent === undefined ? undefined : cmdline(parent);
  })),
  'proc.aname': {
    type: 'string',
    argument: 'optional-index',
    description: 'proc.aname[N]: the comm of the N-th ancestor (0 = the process); without [N]: any ancestor',
    build(arg) {
      if (arg === undefined) return () => undefined; // handled as "any ancestor" by the compiler
      const level = parseIndex('proc.aname', arg);
      return (event) => ancestor(event, level)?.comm;
    },
  },
  'proc.apid': {
    type: 'int',
    argument: 'optional-index',
    description: 'proc.apid[N]: the pid of the N-th ancestor; without [N]: any ancestor',
    build(arg) {
      if (arg === undefined) return () => undefined;
      const level = parseIndex('proc.apid', arg);
      return (event) => {
        const found = ancestor(event, level);
        return found === undefined ? undefined : big(found.pid);
      };
    },
  },
  'proc.aexepath': {
    type: 'string',
    argument: 'optional-index',
    description: 'proc.aexepath[N]: the executable path of the N-th ancestor; without [N]: any ancestor',
    build(arg) {
      if (arg === undefined) return () => undefined;
      const level = parseIndex('proc.aexepath', arg);
      return (event) => ancestor(event, level)?.exepath;
    },
  },
  'user.uid': fixed('uint', 'user id', threadField((thread) => big(thread.uid))),
  'user.loginuid': fixed('int', 'login user id (-1 when unset)', threadField((thread) => big(thread.loginuid))),
  'user.name': fixed('string', "the user name from the capture's user table", threadField((thread, _event, context) => context.users.get(thread.uid)?.name)),
  'user.loginname': fixed('string', "the login user's name (from user.loginuid)", threadField((thread, _event, context) => (thread.loginuid < 0 ? undefined : context.users.get(thread.loginuid)?.name))),
  'user.homedir': fixed('string', "the user's home directory", threadField((thread, _event, context) => context.users.get(thread.uid)?.home)),
  'user.shell': fixed('string', "the user's shell", threadField((thread, _event, context) => context.users.get(thread.uid)?.shell)),
  'group.gid': fixed('uint', 'group id', threadField((thread) => big(thread.gid))),
  // --- fd -------------------------------------------------------------------------------------------
  'fd.num': fixed('int', 'the fd number the event acts on', (event) => {
    if (!isFdEvent(event)) return undefined;
    if (event.fd !== undefined) return big(event.fd.num);
    // libsinsp answers from the thread's last event fd even when the fd is not in its table (e.g. an
    // fd inherited before the capture started): the event's own fd parameter.
    const param = event.params.fd;
    if (typeof param !== 'number' && typeof param !== 'bigint') return undefined;
    const fd = BigInt.asIntN(64, BigInt(param));
    // On an event that creates an fd, the 'fd' parameter is the return value: a failed open has no fd,
    // and libsinsp's thread m_lastevent_fd stays -1 (userspace/libsinsp/parsers.cpp, reset()).
    return fd < 0n && ((eventInfo(event.type)?.flags ?? 0) & EF.CREATES_FD) !== 0 ? -1n : fd;
  }),
  'fd.type': fixed('string', "fd kind: file, directory, ipv4, ipv6, unix, pipe, ...", (event) => fdOf(event)?.kind),
  'fd.typechar': fixed('string', 'fd kind as one character (f, 4, 6, u, p, ...)', (event) => {
    if (!isFdEvent(event)) return undefined;
    return event.fd?.typechar ?? typecharWithoutFd(event);
  }),
  'fd.name': fixed('string', 'path, or cip:cport->sip:sport for sockets', (event) => {
    if (!isFdEvent(event)) return undefined;
    return event.fd?.name ?? fdNameFromEvent(event);
  }),
  'fd.directory': fixed('string', 'the directory of a file fd', (event) => {
    if (!isFdEvent(event)) return undefined;
    const fd = event.fd;
    if (fd === undefined) {
      const name = fdNameFromEvent(event);
      return name === undefined ? undefined : dirname(name);
    }
    if (fd.kind === 'directory') return fd.name;
    return fd.kind === 'file' ? dirname(fd.name) : undefined;
  }),
  'fd.filename': fixed('string', 'the file name of a file fd', (event) => {
    const fd = fdOf(event);
    return fd?.kind === 'file' ? basename(fd.name) : undefined;
  }),
  'fd.l4proto': fixed('string', "tcp, udp, icmp or raw for IP sockets; '<NA>' before connect/accept", (event) => {
    if (!isIpFd(event)) return undefined;
    const proto = event.fd?.l4proto;
    if (proto === 'raw') return proto;
    return !hasEndpoints(event) || proto === undefined || proto === 'unknown' ? '<NA>' : proto;
  }),
  'fd.sip': fixed('ipaddr', 'server IP', (event) => (hasEndpoints(event) ? event.fd?.server?.ip : undefined)),
  'fd.cip': fixed('ipaddr', 'client IP', (event) => (hasEndpoints(event) ? event.fd?.client?.ip : undefined)),
  'fd.lip': fixed('ipaddr', 'local IP', (event) => (hasEndpoints(event) ? endpointRole(event).local?.ip : undefined)),
  'fd.rip': fixed('ipaddr', 'remote IP', (event) => (hasEndpoints(event) ? endpointRole(event).remote?.ip : undefined)),
  'fd.sport': fixed('port', 'server port', (event) => portOf(event, event.fd?.server?.port)),
  'fd.cport': fixed('port', 'client port', (event) => portOf(event, event.fd?.client?.port)),
  'fd.lport': fixed('port', 'local port', (event) => portOf(event, endpointRole(event).local?.port)),
  'fd.rport': fixed('port', 'remote port', (event) => portOf(event, endpointRole(event).remote?.port)),
  'fd.net': fixed('ipnet', 'matches if either end is in the CIDR', () => undefined),
  'fd.snet': fixed('ipnet', 'server IP in the CIDR', (event) => (hasEndpoints(event) ? event.fd?.server?.ip : undefined)),
  'fd.cnet': fixed('ipnet', 'client IP in the CIDR', (event) => (hasEndpoints(event) ? event.fd?.client?.ip : undefined)),
  'fd.lnet': fixed('ipnet', 'local IP in the CIDR', (event) => (hasEndpoints(event) ? endpointRole(event).local?.ip : undefined)),
  'fd.rnet': fixed('ipnet', 'remote IP in the CIDR', (event) => (hasEndpoints(event) ? endpointRole(event).remote?.ip : undefined)),
  // --- container ------------------------------------------------------------------------------------
  'container.id': fixed('string', "container id, 'host' on the host", threadField((thread) => thread.containerId)),
  'container.name': fixed('string', "container name, 'host' on the host", (event, context) => {
    if (event.thread === undefined) return undefined;
    if (event.thread.containerId === 'host' || event.thread.containerId === '') return 'host';
    return containerOf(event, context)?.name;
  }),
  'container.image': fixed('string', "container image, '' on the host", imageField((container) => container.image)),
  'container.image.repository': fixed('string', "container image repository, '' on the host", imageField((container) => container.imageRepository ?? imageRepository(container.image))),
  'container.type': fixed('string', 'container runtime type (e.g. docker)', (event, context) => containerOf(event, context)?.type),
  'container.privileged': fixed('bool', 'the container runs privileged', (event, context) => containerOf(event, context)?.privileged),
  'container.image.tag': fixed('string', "container image tag, '' on the host", imageField((container) => container.imageTag)),
  // As the container plugin 0.7.1 extracts them (caps/extract/extract.cpp): a label the container does not
  // have, a host process and an unknown container give no value; labels come from the container event's JSON.
  'container.label': {
    type: 'string',
    argument: 'arg-name',
    description: 'a container label: container.label[KEY] (Falco 0.44 refuses container.label.KEY)',
    build(arg) {
      requireLabelKey(arg);
      const key = arg as string;
      return (event, context) => {
        const labels = containerOf(event, context)?.labels;
        return labels !== undefined && Object.hasOwn(labels, key) ? labels[key] : undefined;
      };
    },
  },
  'container.labels': fixed('string', "the container's labels as 'key:value, key2:value2' (annotation.* and io.kubernetes.* left out)", (event, context) => {
    const id = event.thread?.containerId;
    if (id === undefined) return undefined;
    if (id === '' || id === 'host') return '';
    const container = context.containers.get(id);
    if (container === undefined) return undefined;
    return Object.keys(container.labels ?? {})
      .sort()
      .filter((key) => !key.startsWith('annotation.') && !key.startsWith('io.kubernetes.'))
      .map((key) => {
        const value = container.labels?.[key] ?? '';
        return value === '' ? key : `${key}:${value}`;
      })
      .join(', ');
  }),
};

/** Longest label key a container.label field may name (the capture reader keeps no longer ones). */
export const MAX_LABEL_KEY_CHARS = 256;

function requireLabelKey(arg: string | undefined): void {
  if (arg === undefined || arg === '') throw new UnknownFieldError('container.label', 'needs a label key: container.label[KEY]');
  if (arg.length > MAX_LABEL_KEY_CHARS) throw new UnknownFieldError('container.label', `label key longer than ${MAX_LABEL_KEY_CHARS} characters`);
}

function portOf(event: ScapEvent, port: number | undefined): FieldValue | undefined {
  return hasEndpoints(event) && port !== undefined ? big(port) : undefined;
}

function formatTime(ts: bigint): string {
  const date = new Date(Number(ts / 1_000_000n));
  const pad = (value: number) => String(value).padStart(2, '0');
  const nanos = String(ts % 1_000_000_000n).padStart(9, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${nanos}`;
}

export { isoTime };

/** Fields that, without an argument, compare against every ancestor (libsinsp's compare_full_*). */
export const ANY_ANCESTOR_FIELDS: ReadonlyMap<string, (thread: ThreadState) => FieldValue | undefined> = new Map<
  string,
  (thread: ThreadState) => FieldValue | undefined
>([
  ['proc.aname', (thread) => thread.comm],
  ['proc.apid', (thread) => BigInt(thread.pid)],
  ['proc.aexepath', (thread) => thread.exepath],
]);

/** The field names we evaluate, sorted. */
export const SUPPORTED_FIELDS: readonly string[] = Object.keys(DEFINITIONS).sort();

/**
 * Resolves a field reference as the parser produced it. libsinsp writes evt.arg.NAME as a dotted name;
 * the parser sees 'evt.arg.NAME' as one field name, so the argument is split off here.
 */
export function resolveField(name: string, arg: string | undefined): { definition: FieldDefinition; arg: string | undefined } {
  for (const prefix of ['evt.arg.', 'evt.rawarg.']) {
    if (name.startsWith(prefix) && arg === undefined) {
      const base = prefix.slice(0, -1);
      const definition = DEFINITIONS[base] as Omit<FieldDefinition, 'name'>;
      return { definition: { name: base, ...definition }, arg: name.slice(prefix.length) };
    }
  }
  // Falco 0.44.1 with its container plugin 0.7.1 takes a plugin field's argument in brackets only: it
  // refuses container.label.app ("container.label requires an argument but none provided", seen on a replay
  // with the shared Falco), although the plugin's field description shows that form.
  if (name.startsWith('container.label.') && arg === undefined) {
    throw new UnknownFieldError(name, `is not accepted by Falco 0.44 (its container plugin takes the key in brackets only): write container.label[${name.slice('container.label.'.length)}]`);
  }
  const definition = DEFINITIONS[name];
  if (definition === undefined) {
    throw new UnknownFieldError(
      name,
      FALCO_FIELD_NAMES.has(name)
        ? 'is a Falco field that falco-actions cannot evaluate on a capture'
        : 'is not a Falco field (a typo?) and not one we can evaluate',
      true,
    );
  }
  if (definition.argument === 'none' && arg !== undefined) {
    throw new UnknownFieldError(name, `takes no argument (got [${arg}])`);
  }
  if (definition.argument === 'index' && arg === undefined) {
    throw new UnknownFieldError(name, `needs an argument, e.g. ${name}[1]`);
  }
  return { definition: { name, ...definition }, arg };
}

/** fd.net: matches when either end is in the network; returns both ends. */
export function bothEnds(event: ScapEvent): string[] {
  if (!hasEndpoints(event)) return [];
  const ends: string[] = [];
  if (event.fd?.client?.ip !== undefined) ends.push(event.fd.client.ip);
  if (event.fd?.server?.ip !== undefined) ends.push(event.fd.server.ip);
  return ends;
}

/**
 * Internal events (procinfo, drop, ...) are consumed by libsinsp itself and never reach Falco rules or
 * sysdig filters (unless debug mode); rule runs skip them the same way.
 */
export function isInternalEvent(event: ScapEvent): boolean {
  return ((eventInfo(event.type)?.category ?? 0) & EC.INTERNAL) !== 0;
}
