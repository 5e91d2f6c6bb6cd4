// Parsers for the metadata blocks that precede (and may be interleaved with) the events: machine info,
// process lists (v1..v9), fd lists (v1, v2), user lists (v1, v2). Each parser reads one block body with
// a bounds-checked cursor; a damaged entry ends the parse of that block, never the whole capture.
import { containerIdFromCgroupBytes } from './container.ts';
import { Cursor } from './cursor.ts';
import {
  FDL_BLOCK_TYPE_V2,
  MI_HOSTNAME_SIZE,
  SCAP_FD,
  SCAP_L4,
  SCAP_MAX_ARGS_SIZE,
  SCAP_MAX_CGROUPS_SIZE,
  SCAP_MAX_ENV_SIZE,
  SCAP_MAX_PATH_SIZE,
  UL_BLOCK_TYPE_V2,
  USERBLOCK_TYPE_USER,
  MAX_CREDENTIALS_STR_LEN,
} from './format.ts';
import type { FdState, FdTypeChar, ThreadState, UserInfo } from './model.ts';
import { ipv4ToString, ipv6ToString, isIpv4Mapped, readStringList, readUint32 } from './params.ts';

export interface MachineInfo {
  numCpus: number;
  memorySizeBytes: bigint;
  maxPid: bigint;
  hostname: string;
  bootTsEpoch: bigint | undefined;
}

export function parseMachineInfo(buf: Uint8Array, start: number, end: number): MachineInfo {
  const cursor = new Cursor(buf, start, end);
  const numCpus = cursor.u32('num_cpus');
  const memorySizeBytes = cursor.u64('memory_size_bytes');
  const maxPid = cursor.u64('max_pid');
  const hostnameBytes = cursor.bytes(MI_HOSTNAME_SIZE, 'hostname');
  let hostnameEnd = hostnameBytes.indexOf(0);
  if (hostnameEnd < 0) hostnameEnd = hostnameBytes.length;
  const hostname = Buffer.from(hostnameBytes.subarray(0, hostnameEnd)).toString('utf8');
  const bootTsEpoch = cursor.remaining() >= 8 ? cursor.u64('boot_ts_epoch') : undefined;
  return { numCpus, memorySizeBytes, maxPid, hostname, bootTsEpoch };
}

/** Process list entries; `onThread` receives each complete entry in file order. */
export function parseProcessList(
  buf: Uint8Array,
  start: number,
  end: number,
  version: number,
  onThread: (thread: ThreadState) => void,
): void {
  const cursor = new Cursor(buf, start, end);
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = end;
    if (version >= 9) {
      const subLength = cursor.u32('entry length');
      // The length counts itself; an entry can never be shorter than its fixed fields.
      if (subLength < 4 || entryStart + subLength > end) throw new RangeError(`process entry length ${subLength} does not fit its block`);
      entryEnd = entryStart + subLength;
      cursor.end = entryEnd;
    }
    const tid = cursor.i64('tid');
    const pid = cursor.i64('pid');
    const ptid = cursor.i64('ptid');
    if (version >= 6) cursor.skip(8, 'sid');
    if (version >= 8) cursor.skip(8, 'vpgid');
    const comm = cursor.str16('comm', SCAP_MAX_PATH_SIZE);
    const exe = cursor.str16('exe', SCAP_MAX_PATH_SIZE);
    const exepath = version >= 7 ? cursor.str16('exepath', SCAP_MAX_PATH_SIZE) : '';
    const argsBytes = cursor.bytes16('args', SCAP_MAX_ARGS_SIZE);
    const cwd = cursor.str16('cwd', SCAP_MAX_PATH_SIZE);
    cursor.skip(8, 'fdlimit');
    cursor.skip(4, 'flags');
    const uid = cursor.u32('uid');
    const gid = cursor.u32('gid');
    let vpid = pid;
    let containerId = 'host';
    if (version >= 2) {
      cursor.skip(4 + 4 + 4 + 8 + 8, 'memory counters');
      if (version >= 3) cursor.bytes16('env', SCAP_MAX_ENV_SIZE);
      if (version >= 4) {
        cursor.skip(8, 'vtid');
        const virtualPid = cursor.i64('vpid');
        if (virtualPid >= 0) vpid = virtualPid;
        containerId = containerIdFromCgroupBytes(cursor.bytes16('cgroups', SCAP_MAX_CGROUPS_SIZE));
        if (version >= 5) cursor.str16('root', SCAP_MAX_PATH_SIZE);
      }
    }
    let loginuid = -1;
    if (version >= 9) {
      // Fields appended over time, each present only when the entry is long enough. Writers of libs
      // 0.10+ put pidns_init_start_ts and tty before loginuid; older ones start with loginuid (the 29
      // bytes of loginuid, exe_writable and three capability sets).
      if (cursor.remaining() > 29) {
        if (cursor.remaining() >= 8) cursor.skip(8, 'pidns_init_start_ts');
        if (cursor.remaining() >= 4) cursor.skip(4, 'tty');
      }
      if (cursor.remaining() >= 4) {
        const value = cursor.u32('loginuid');
        loginuid = value === 0xffffffff ? -1 : value;
      }
      cursor.pos = entryEnd;
      cursor.end = end;
    }
    onThread({
      tid,
      pid,
      ptid,
      comm,
      exe,
      exepath,
      args: readStringList(argsBytes, 0, argsBytes.length),
      cwd: withTrailingSlash(cwd),
      uid,
      gid,
      loginuid,
      containerId,
      vpid,
      startTs: 0n,
    });
  }
}

export function withTrailingSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

const L4_NAMES: Record<number, FdState['l4proto']> = {
  [SCAP_L4.TCP]: 'tcp',
  [SCAP_L4.UDP]: 'udp',
  [SCAP_L4.ICMP]: 'icmp',
  [SCAP_L4.RAW]: 'raw',
};

interface FdKind {
  kind: string;
  typechar: FdTypeChar;
}

const FD_KINDS: Record<number, FdKind> = {
  [SCAP_FD.FILE]: { kind: 'file', typechar: 'f' },
  [SCAP_FD.FILE_V2]: { kind: 'file', typechar: 'f' },
  [SCAP_FD.DIRECTORY]: { kind: 'directory', typechar: 'd' },
  [SCAP_FD.IPV4_SOCK]: { kind: 'ipv4', typechar: '4' },
  [SCAP_FD.IPV4_SERVSOCK]: { kind: 'ipv4', typechar: '4' },
  [SCAP_FD.IPV6_SOCK]: { kind: 'ipv6', typechar: '6' },
  [SCAP_FD.IPV6_SERVSOCK]: { kind: 'ipv6', typechar: '6' },
  [SCAP_FD.FIFO]: { kind: 'pipe', typechar: 'p' },
  [SCAP_FD.UNIX_SOCK]: { kind: 'unix', typechar: 'u' },
  [SCAP_FD.EVENT]: { kind: 'event', typechar: 'e' },
  [SCAP_FD.SIGNALFD]: { kind: 'signalfd', typechar: 's' },
  [SCAP_FD.EVENTPOLL]: { kind: 'eventpoll', typechar: 'l' },
  [SCAP_FD.INOTIFY]: { kind: 'inotify', typechar: 'i' },
  [SCAP_FD.TIMERFD]: { kind: 'timerfd', typechar: 't' },
  [SCAP_FD.NETLINK]: { kind: 'netlink', typechar: 'n' },
  [SCAP_FD.BPF]: { kind: 'bpf', typechar: 'b' },
  [SCAP_FD.USERFAULTFD]: { kind: 'userfaultfd', typechar: 'u' },
  [SCAP_FD.IOURING]: { kind: 'io_uring', typechar: 'r' },
  [SCAP_FD.MEMFD]: { kind: 'memfd', typechar: 'm' },
  [SCAP_FD.PIDFD]: { kind: 'pidfd', typechar: 'o' },
  [SCAP_FD.UNSUPPORTED]: { kind: 'unknown', typechar: 'o' },
};

/** fd.name of an IP tuple as libsinsp prints it: "cip:cport->sip:sport". */
export function tupleName(client: { ip: string; port: number }, server: { ip: string; port: number }): string {
  return `${client.ip}:${client.port}->${server.ip}:${server.port}`;
}

/** An unsigned 64-bit little-endian value in hex without leading zeros, from two 32-bit halves (no bigint). */
export function hex64(buf: Uint8Array, off: number): string {
  const lo = readUint32(buf, off);
  const hi = readUint32(buf, off + 4);
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** fd list entries for one thread; `onFd` receives each (tid, fd). */
export function parseFdList(
  buf: Uint8Array,
  start: number,
  end: number,
  blockType: number,
  onFd: (tid: number, fd: FdState) => void,
): void {
  const cursor = new Cursor(buf, start, end);
  const tid = cursor.i64('tid');
  const hasLength = blockType === FDL_BLOCK_TYPE_V2;
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = -1;
    if (hasLength) {
      const subLength = cursor.u32('entry length');
      if (subLength < 4 || entryStart + subLength > end) throw new RangeError(`fd entry length ${subLength} does not fit its block`);
      entryEnd = entryStart + subLength;
      cursor.end = entryEnd;
    }
    const num = cursor.i64('fd');
    cursor.skip(8, 'ino');
    const type = cursor.u8('type');
    const fd = readFdEntry(cursor, num, type, hasLength);
    if (fd === undefined) return; // unknown type without an entry length: the rest cannot be located
    if (entryEnd >= 0) {
      cursor.pos = entryEnd;
      cursor.end = end;
    }
    onFd(tid, fd);
  }
}

function readFdEntry(cursor: Cursor, num: number, type: number, hasLength: boolean): FdState | undefined {
  const kind = FD_KINDS[type];
  switch (type) {
    case SCAP_FD.IPV4_SOCK: {
      const sip = ipv4ToString(cursor.bytes(4, 'sip'), 0);
      const dip = ipv4ToString(cursor.bytes(4, 'dip'), 0);
      const sport = cursor.u16('sport');
      const dport = cursor.u16('dport');
      const l4proto = L4_NAMES[cursor.u8('l4proto')] ?? 'unknown';
      const client = { ip: sip, port: sport };
      const server = { ip: dip, port: dport };
      return { num, kind: 'ipv4', typechar: '4', name: tupleName(client, server), l4proto, client, server };
    }
    case SCAP_FD.IPV6_SOCK: {
      const sipBytes = cursor.bytes(16, 'sip');
      const dipBytes = cursor.bytes(16, 'dip');
      const sport = cursor.u16('sport');
      const dport = cursor.u16('dport');
      const l4proto = L4_NAMES[cursor.u8('l4proto')] ?? 'unknown';
      // libsinsp treats IPv4-mapped IPv6 sockets as IPv4.
      const mapped = isIpv4Mapped(sipBytes, 0) && isIpv4Mapped(dipBytes, 0);
      const client = { ip: mapped ? ipv4ToString(sipBytes, 12) : ipv6ToString(sipBytes, 0), port: sport };
      const server = { ip: mapped ? ipv4ToString(dipBytes, 12) : ipv6ToString(dipBytes, 0), port: dport };
      return { num, kind: mapped ? 'ipv4' : 'ipv6', typechar: mapped ? '4' : '6', name: tupleName(client, server), l4proto, client, server };
    }
    case SCAP_FD.IPV4_SERVSOCK: {
      const ip = ipv4ToString(cursor.bytes(4, 'ip'), 0);
      const port = cursor.u16('port');
      const l4proto = L4_NAMES[cursor.u8('l4proto')] ?? 'unknown';
      return { num, kind: 'ipv4', typechar: '4', name: `${ip}:${port}`, l4proto, server: { ip, port }, role: 'server' };
    }
    case SCAP_FD.IPV6_SERVSOCK: {
      const ip = ipv6ToString(cursor.bytes(16, 'ip'), 0);
      const port = cursor.u16('port');
      const l4proto = L4_NAMES[cursor.u8('l4proto')] ?? 'unknown';
      return { num, kind: 'ipv6', typechar: '6', name: `${ip}:${port}`, l4proto, server: { ip, port }, role: 'server' };
    }
    case SCAP_FD.UNIX_SOCK: {
      const pointers = cursor.bytes(16, 'unix endpoints');
      const path = cursor.str16('unix path', SCAP_MAX_PATH_SIZE);
      return { num, kind: 'unix', typechar: 'u', name: `${hex64(pointers, 0)}->${hex64(pointers, 8)} ${path}` };
    }
    case SCAP_FD.FILE_V2: {
      const openFlags = cursor.u32('open flags');
      const name = cursor.str16('file name', SCAP_MAX_PATH_SIZE);
      return { num, kind: 'file', typechar: 'f', name, openFlags };
    }
    default:
      if (kind !== undefined) return { num, kind: kind.kind, typechar: kind.typechar, name: cursor.str16('fd name', SCAP_MAX_PATH_SIZE) };
      if (!hasLength) return undefined;
      return { num, kind: 'unknown', typechar: 'o', name: `unknown-type:[${type}]` };
  }
}

/** User entries of a user list block (groups are skipped). */
export function parseUserList(
  buf: Uint8Array,
  start: number,
  end: number,
  blockType: number,
  onUser: (user: UserInfo) => void,
): void {
  const cursor = new Cursor(buf, start, end);
  const hasLength = blockType === UL_BLOCK_TYPE_V2;
  while (cursor.remaining() >= 4) {
    const entryStart = cursor.pos;
    let entryEnd = -1;
    if (hasLength) {
      const subLength = cursor.u32('entry length');
      if (subLength < 4 || entryStart + subLength > end) throw new RangeError(`user entry length ${subLength} does not fit its block`);
      entryEnd = entryStart + subLength;
      cursor.end = entryEnd;
    }
    const type = cursor.u8('type');
    if (type === USERBLOCK_TYPE_USER) {
      const uid = cursor.u32('uid');
      const gid = cursor.u32('gid');
      const name = cursor.str16('user name', MAX_CREDENTIALS_STR_LEN - 1);
      const home = cursor.str16('home', MAX_CREDENTIALS_STR_LEN - 1);
      const shell = cursor.str16('shell', MAX_CREDENTIALS_STR_LEN - 1);
      onUser({ uid, gid, name, home, shell });
    } else {
      cursor.skip(4, 'gid');
      cursor.str16('group name', MAX_CREDENTIALS_STR_LEN - 1);
    }
    if (entryEnd >= 0) {
      cursor.pos = entryEnd;
      cursor.end = end;
    }
  }
}

