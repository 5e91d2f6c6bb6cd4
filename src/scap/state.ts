// The state libsinsp keeps, reduced to what our consumers use: the thread table (seeded from process
// list blocks, changed by clone/fork/vfork/clone3, execve/execveat, chdir/fchdir and procexit) and fd
// tables shared by the threads of a process (seeded from fd list blocks, changed by open*, creat,
// socket, bind, connect, accept, close, dup*, pipe*, socketpair and the fd-creating syscalls; sendto/sendmsg
// name unconnected datagram sockets by their destination, recvfrom/recvmsg by their sender).
//
// ThreadState and FdState objects are replaced, never mutated, when their state changes: an event handed
// to a consumer keeps the state it had at that moment even if the consumer holds on to it.
import { hex64, withTrailingSlash, tupleName } from './blocks.ts';
import { containerFromJson, containerIdFromCgroupBytes, containerTypeName } from './container.ts';
import { EVENT_TABLE, EF, eventCode, paramSlot } from './event-table.ts';
import type { EventArgs } from './event-view.ts';
import type { ContainerInfo, Endpoint, FdState, FdTypeChar, SocketValue, ThreadState, UserInfo } from './model.ts';
import { PPM_AF, readCString, readStringList } from './params.ts';
import { PPM_O } from './open-flags.ts';
import { EINPROGRESS } from './errno.ts';
import { unmapEndpoint } from './endpoint.ts';
import { AT_FDCWD, normalizePath, resolvePath } from './paths.ts';

/** Parameter slots used here (see paramSlot). */
export const P = {
  ID: paramSlot('ID'),
  args: paramSlot('args'),
  cgroups: paramSlot('cgroups'),
  comm: paramSlot('comm'),
  cwd: paramSlot('cwd'),
  dirfd: paramSlot('dirfd'),
  domain: paramSlot('domain'),
  exe: paramSlot('exe'),
  fd: paramSlot('fd'),
  fd1: paramSlot('fd1'),
  fd2: paramSlot('fd2'),
  filename: paramSlot('filename'),
  flags: paramSlot('flags'),
  gid: paramSlot('gid'),
  id: paramSlot('id'),
  image: paramSlot('image'),
  json: paramSlot('json'),
  data: paramSlot('data'),
  loginuid: paramSlot('loginuid'),
  name: paramSlot('name'),
  oldfd: paramSlot('oldfd'),
  path: paramSlot('path'),
  pathname: paramSlot('pathname'),
  pid: paramSlot('pid'),
  proto: paramSlot('proto'),
  ptid: paramSlot('ptid'),
  res: paramSlot('res'),
  tid: paramSlot('tid'),
  trusted_exepath: paramSlot('trusted_exepath'),
  tuple: paramSlot('tuple'),
  addr: paramSlot('addr'),
  type: paramSlot('type'),
  uid: paramSlot('uid'),
  vpid: paramSlot('vpid'),
} as const;

/** What an event does to the state. */
export enum StateKind {
  None = 0,
  Clone,
  Execve,
  Procexit,
  Open,
  Socket,
  Connect,
  Accept,
  Close,
  Dup,
  Chdir,
  Fchdir,
  Pipe,
  Socketpair,
  SendTo,
  RecvFrom,
  CreatesFd,
  Container,
  Bind,
}

const EXIT_KINDS: Record<string, StateKind> = {
  clone: StateKind.Clone,
  fork: StateKind.Clone,
  vfork: StateKind.Clone,
  clone3: StateKind.Clone,
  execve: StateKind.Execve,
  execveat: StateKind.Execve,
  open: StateKind.Open,
  openat: StateKind.Open,
  openat2: StateKind.Open,
  creat: StateKind.Open,
  open_by_handle_at: StateKind.Open,
  socket: StateKind.Socket,
  connect: StateKind.Connect,
  bind: StateKind.Bind,
  accept: StateKind.Accept,
  accept4: StateKind.Accept,
  close: StateKind.Close,
  dup: StateKind.Dup,
  dup2: StateKind.Dup,
  dup3: StateKind.Dup,
  chdir: StateKind.Chdir,
  fchdir: StateKind.Fchdir,
  pipe: StateKind.Pipe,
  pipe2: StateKind.Pipe,
  socketpair: StateKind.Socketpair,
  sendto: StateKind.SendTo,
  sendmsg: StateKind.SendTo,
  recvfrom: StateKind.RecvFrom,
  recvmsg: StateKind.RecvFrom,
};

/** fd kinds created by the remaining EF_CREATES_FD syscalls, by event name. */
const CREATED_FD_KINDS: Record<string, { kind: string; typechar: FdTypeChar }> = {
  eventfd: { kind: 'event', typechar: 'e' },
  eventfd2: { kind: 'event', typechar: 'e' },
  signalfd: { kind: 'signalfd', typechar: 's' },
  signalfd4: { kind: 'signalfd', typechar: 's' },
  timerfd_create: { kind: 'timerfd', typechar: 't' },
  inotify_init: { kind: 'inotify', typechar: 'i' },
  inotify_init1: { kind: 'inotify', typechar: 'i' },
  epoll_create: { kind: 'eventpoll', typechar: 'l' },
  epoll_create1: { kind: 'eventpoll', typechar: 'l' },
  memfd_create: { kind: 'memfd', typechar: 'm' },
  bpf: { kind: 'bpf', typechar: 'b' },
  userfaultfd: { kind: 'userfaultfd', typechar: 'u' },
  io_uring_setup: { kind: 'io_uring', typechar: 'r' },
  pidfd_open: { kind: 'pidfd', typechar: 'o' },
  pidfd_getfd: { kind: 'unknown', typechar: 'o' },
};

/** The state kind of each event code. */
export const STATE_KINDS: Uint8Array = (() => {
  const kinds = new Uint8Array(EVENT_TABLE.length);
  for (const info of EVENT_TABLE) {
    if (info.name === 'procexit' && info.dir === '>') kinds[info.code] = StateKind.Procexit;
    else if ((info.name === 'container' || info.name === 'asyncevent') && info.dir === '>') kinds[info.code] = StateKind.Container;
    else if (info.dir === '<') {
      const kind = EXIT_KINDS[info.name];
      if (kind !== undefined) kinds[info.code] = kind;
      else if ((info.flags & EF.CREATES_FD) !== 0 && CREATED_FD_KINDS[info.name] !== undefined) kinds[info.code] = StateKind.CreatesFd;
    }
  }
  return kinds;
})();

/** clone flags (PPM_CL_*). */
const PPM_CL_CLONE_FILES = 1 << 0;
const PPM_CL_CLONE_PARENT = 1 << 8;
const PPM_CL_CLONE_THREAD = 1 << 13;
/** execveat flag: run the file dirfd refers to (PPM_EXVAT_AT_EMPTY_PATH). */
const PPM_EXVAT_AT_EMPTY_PATH = 1 << 0;
const EXECVEAT_E = eventCode('SYSCALL_EXECVEAT_E');
const SOCK_TYPE_MASK = 0xf;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_RAW = 3;
const IPPROTO_ICMP = 1;
const IPPROTO_ICMPV6 = 58;

/** fd.name of a unix socket tuple as libsinsp prints it: "<source>-><dest> <path>" (kernel pointers in hex). */
function unixTupleName(bytes: Uint8Array | undefined): string {
  if (bytes === undefined || bytes.length < 17) return '';
  return `${hex64(bytes, 1)}->${hex64(bytes, 9)} ${readCString(bytes, 17, bytes.length - 17)}`;
}

/** A socket address or tuple parameter, when the event has one that decoded as such. */
function socketParam(args: EventArgs, slot: number): SocketValue | undefined {
  const value = args.value(slot);
  return value !== null && value !== undefined && typeof value === 'object' && 'family' in value ? value : undefined;
}

function ipSocket(previous: FdState | undefined, num: number, tuple: SocketValue, role: 'client' | 'server'): FdState | undefined {
  if (tuple.family !== 'ipv4' && tuple.family !== 'ipv6') return undefined;
  if (tuple.source === undefined || tuple.dest === undefined) return undefined;
  let source = tuple.source;
  let dest = tuple.dest;
  let family: 'ipv4' | 'ipv6' = tuple.family;
  if (family === 'ipv6') {
    const mappedSource = unmapEndpoint(source);
    const mappedDest = unmapEndpoint(dest);
    if (mappedSource !== source && mappedDest !== dest) {
      source = mappedSource;
      dest = mappedDest;
      family = 'ipv4';
    }
  }
  // In a connect/sendto tuple the source is the local end; in an accept tuple the source is the peer.
  // Either way the source is the client.
  return {
    num,
    kind: family,
    typechar: family === 'ipv4' ? '4' : '6',
    name: tupleName(source, dest),
    l4proto: previous?.l4proto ?? 'unknown',
    client: source,
    server: dest,
    role,
    ...(previous?.openFlags !== undefined ? { openFlags: previous.openFlags } : {}),
  };
}

export class CaptureState {
  readonly threads = new Map<number, ThreadState>();
  /** fd tables by thread-group id (threads of a process share one). */
  readonly fdTables = new Map<number, Map<number, FdState>>();
  readonly containers = new Map<string, ContainerInfo>();
  readonly users: UserInfo[] = [];

  readonly lookupThread = (tid: number): ThreadState | undefined => this.threads.get(tid);

  addThread(thread: ThreadState): void {
    this.threads.set(thread.tid, thread);
  }

  /** Seeds an fd from an fd list block (the block names a thread; its process owns the table). */
  addListedFd(tid: number, fd: FdState): void {
    const pid = this.threads.get(tid)?.pid ?? tid;
    this.fdTableFor(pid).set(fd.num, fd);
  }

  fdTableFor(pid: number): Map<number, FdState> {
    let table = this.fdTables.get(pid);
    if (table === undefined) {
      table = new Map();
      this.fdTables.set(pid, table);
    }
    return table;
  }

  /** The process (thread group) whose fd table a thread uses; the thread itself when it is unknown. */
  private processOf(tid: number): number {
    const thread = this.threads.get(tid);
    return thread === undefined ? tid : thread.pid;
  }

  lookupFd(tid: number, num: number): FdState | undefined {
    return this.fdTables.get(this.processOf(tid))?.get(num);
  }

  private setFd(tid: number, fd: FdState): FdState {
    this.fdTableFor(this.processOf(tid)).set(fd.num, fd);
    return fd;
  }

  removeFd(tid: number, num: number): void {
    this.fdTables.get(this.processOf(tid))?.delete(num);
  }

  removeThread(tid: number): void {
    const thread = this.threads.get(tid);
    this.threads.delete(tid);
    if (thread !== undefined && thread.tid === thread.pid) this.fdTables.delete(thread.pid);
  }

  /** The directory a relative path of this thread starts from: its cwd, or the path of dirfd. */
  private baseDirectory(tid: number, dirfd: number | undefined): string {
    if (dirfd === undefined || dirfd === AT_FDCWD) return this.threads.get(tid)?.cwd ?? '';
    const fd = this.lookupFd(tid, dirfd);
    return fd === undefined ? '' : withTrailingSlash(fd.name);
  }

  /**
   * Applies an event to the state. Returns the fd the event acts on when the handler knows it (a newly
   * opened fd, the connected socket...), undefined otherwise.
   */
  apply(kind: StateKind, name: string, tid: number, ts: bigint, args: EventArgs): FdState | undefined {
    switch (kind) {
      case StateKind.Clone:
        this.applyClone(tid, ts, args);
        return undefined;
      case StateKind.Execve:
        this.applyExecve(tid, ts, args);
        return undefined;
      case StateKind.Open:
        return this.applyOpen(name, tid, args);
      case StateKind.Socket:
        return this.applySocket(tid, args);
      case StateKind.Connect:
        return this.applyConnect(tid, args);
      case StateKind.Accept:
        return this.applyAccept(tid, args);
      case StateKind.Close: {
        const num = args.num(P.fd);
        return num === undefined ? undefined : this.lookupFd(tid, num);
      }
      case StateKind.Dup:
        return this.applyDup(tid, args);
      case StateKind.Chdir:
        this.applyChdir(tid, args);
        return undefined;
      case StateKind.Fchdir:
        this.applyFchdir(tid, args);
        return undefined;
      case StateKind.Pipe:
        return this.applyPair(tid, args, { kind: 'pipe', typechar: 'p' });
      case StateKind.Socketpair:
        return this.applyPair(tid, args, { kind: 'unix', typechar: 'u' });
      case StateKind.SendTo:
        return this.applySendTo(tid, args);
      case StateKind.RecvFrom:
        return this.applyRecvFrom(tid, args);
      case StateKind.CreatesFd:
        return this.applyCreatesFd(name, tid, args);
      case StateKind.Container:
        this.applyContainer(args);
        return undefined;
      case StateKind.Bind:
        return this.applyBind(tid, args);
      default:
        return undefined;
    }
  }

  /** Work done after consumers saw the event: a close or a procexit takes effect. */
  afterDelivery(kind: StateKind, tid: number, args: EventArgs): void {
    if (kind === StateKind.Close) {
      const res = args.num(P.res);
      const num = args.num(P.fd);
      if (num !== undefined && (res === undefined || res >= 0)) this.removeFd(tid, num);
    } else if (kind === StateKind.Procexit) {
      this.removeThread(tid);
    }
  }

  private applyClone(tid: number, ts: bigint, args: EventArgs): void {
    const res = args.num(P.res);
    if (res === undefined || res < 0) return;
    const flags = args.num(P.flags) ?? 0;
    const paramTid = args.num(P.tid) ?? tid;
    const paramPid = args.num(P.pid) ?? paramTid;
    const paramPtid = args.num(P.ptid) ?? 0;
    const cgroups = args.bytes(P.cgroups);
    const isThread = (flags & PPM_CL_CLONE_THREAD) !== 0;
    let childTid: number;
    let childPid: number;
    let childPtid: number;
    let parent: ThreadState | undefined;
    let vpid: number | undefined;
    if (res === 0) {
      // The child's side: the parameters describe the child.
      childTid = paramTid;
      childPid = paramPid;
      childPtid = paramPtid;
      parent = this.threads.get(paramPtid);
      vpid = args.num(P.vpid);
      const existing = this.threads.get(childTid);
      if (existing !== undefined && existing.startTs === ts) {
        // Already created by the parent's side moments ago: only the namespace pid is new here.
        if (vpid !== undefined && vpid !== existing.vpid) this.threads.set(childTid, { ...existing, vpid });
        return;
      }
    } else {
      // The parent's side: the parameters describe the caller; the child is `res`.
      childTid = res;
      if (this.threads.get(childTid)?.startTs === ts) return;
      parent = this.threads.get(paramTid);
      childPid = isThread ? paramPid : res;
      childPtid = isThread || (flags & PPM_CL_CLONE_PARENT) !== 0 ? (parent?.ptid ?? paramPtid) : paramTid;
      vpid = isThread ? parent?.vpid : undefined;
    }
    const exe = args.str(P.exe) ?? parent?.exe ?? '';
    const argsBytes = args.bytes(P.args);
    const cwd = args.str(P.cwd);
    const child: ThreadState = {
      tid: childTid,
      pid: childPid,
      ptid: childPtid,
      comm: args.str(P.comm) ?? parent?.comm ?? exe,
      exe,
      exepath: parent?.exepath ?? '',
      args: argsBytes === undefined ? (parent?.args ?? []) : readStringList(argsBytes, 0, argsBytes.length),
      cwd: cwd !== undefined && cwd !== '' ? withTrailingSlash(cwd) : (parent?.cwd ?? ''),
      uid: args.num(P.uid) ?? parent?.uid ?? -1,
      gid: args.num(P.gid) ?? parent?.gid ?? -1,
      loginuid: parent?.loginuid ?? -1,
      containerId: cgroups !== undefined ? containerIdFromCgroupBytes(cgroups) : (parent?.containerId ?? 'host'),
      vpid: vpid ?? childPid,
      startTs: ts,
    };
    this.threads.set(childTid, child);
    if (!isThread) {
      const parentTable = this.fdTables.get(parent?.pid ?? (res === 0 ? paramPtid : paramPid));
      if ((flags & PPM_CL_CLONE_FILES) !== 0 && parentTable !== undefined) this.fdTables.set(childPid, parentTable);
      else this.fdTables.set(childPid, parentTable === undefined ? new Map() : new Map(parentTable));
    }
  }

  private applyExecve(tid: number, ts: bigint, args: EventArgs): void {
    const res = args.num(P.res);
    if (res === undefined || res !== 0) return;
    // A thread first seen at its execve (forked before the capture began) inherits what the exit event
    // does not carry (credentials, cwd, container) from its parent, as fork would have given it.
    const previous = this.threads.get(tid) ?? this.threads.get(args.num(P.ptid) ?? -1);
    const pid = args.num(P.pid) ?? (this.threads.has(tid) ? previous?.pid : undefined) ?? tid;
    const exe = args.str(P.exe) ?? '';
    const argsBytes = args.bytes(P.args);
    const cwdParam = args.str(P.cwd);
    const cwd = cwdParam !== undefined && cwdParam !== '' ? withTrailingSlash(cwdParam) : (previous?.cwd ?? '');
    const cgroups = args.bytes(P.cgroups);
    const loginuid = args.num(P.loginuid);
    let exepath = args.str(P.trusted_exepath) ?? '';
    const execveatPath = exepath === '' ? this.execveatPath(tid, cwd, args) : undefined;
    if (execveatPath !== undefined) exepath = execveatPath;
    else if (exepath === '') {
      // Older drivers: the path the caller passed (the enter event's filename), resolved against cwd.
      const filename = args.str(P.filename) ?? args.str(P.pathname);
      if (filename !== undefined && filename !== '' && filename !== '<NA>') exepath = resolvePath(cwd, filename);
      else if (exe.startsWith('/')) exepath = exe;
    }
    const thread: ThreadState = {
      tid,
      pid,
      ptid: args.num(P.ptid) ?? (this.threads.has(tid) ? previous?.ptid : undefined) ?? 0,
      comm: args.str(P.comm) ?? exe,
      exe,
      exepath,
      args: argsBytes === undefined ? [] : readStringList(argsBytes, 0, argsBytes.length),
      cwd,
      uid: args.num(P.uid) ?? previous?.uid ?? -1,
      gid: args.num(P.gid) ?? previous?.gid ?? -1,
      loginuid: loginuid === undefined ? (previous?.loginuid ?? -1) : loginuid === 0xffffffff ? -1 : loginuid,
      containerId: cgroups !== undefined ? containerIdFromCgroupBytes(cgroups) : (previous?.containerId ?? 'host'),
      vpid: (this.threads.has(tid) ? previous?.vpid : undefined) ?? pid,
      startTs: (this.threads.has(tid) ? previous?.startTs : undefined) ?? ts,
    };
    this.threads.set(tid, thread);
    // File descriptors opened with O_CLOEXEC do not survive the exec.
    const table = this.fdTables.get(pid);
    if (table !== undefined) {
      for (const [num, fd] of table) if (fd.openFlags !== undefined && (fd.openFlags & PPM_O.CLOEXEC) !== 0) table.delete(num);
    }
  }

  /**
   * The program an execveat ran, from its enter event (dirfd, pathname, flags), as libsinsp resolves
   * it: with AT_EMPTY_PATH the file dirfd refers to, else pathname, relative to dirfd (or the cwd for
   * AT_FDCWD). undefined when the exec was not an execveat; '' when dirfd is unknown.
   */
  private execveatPath(tid: number, cwd: string, args: EventArgs): string | undefined {
    if (!args.hasEnter || args.enter.info?.code !== EXECVEAT_E) return undefined;
    const dirfd = args.enterNum(P.dirfd);
    const flags = args.enterNum(P.flags) ?? 0;
    const pathname = args.enterStr(P.pathname) ?? '';
    if ((flags & PPM_EXVAT_AT_EMPTY_PATH) !== 0) {
      const fd = dirfd === undefined ? undefined : this.lookupFd(tid, dirfd);
      return fd === undefined ? '' : normalizePath(fd.name);
    }
    if (pathname === '' || pathname === '<NA>') return '';
    if (pathname.startsWith('/')) return normalizePath(pathname);
    const base = dirfd === undefined || dirfd === AT_FDCWD ? cwd : this.baseDirectory(tid, dirfd);
    return base === '' ? '' : resolvePath(base, pathname);
  }

  private applyOpen(name: string, tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined || num < 0) return undefined;
    let flags: number;
    let path: string;
    if (name === 'creat') {
      flags = PPM_O.CREAT | PPM_O.WRONLY | PPM_O.TRUNC;
      path = resolvePath(this.baseDirectory(tid, undefined), args.str(P.name) ?? '');
    } else if (name === 'open_by_handle_at') {
      flags = args.num(P.flags) ?? 0;
      path = args.str(P.path) ?? '';
    } else {
      flags = args.num(P.flags) ?? 0;
      const dirfd = name === 'open' ? undefined : args.num(P.dirfd);
      path = resolvePath(this.baseDirectory(tid, dirfd), args.str(P.name) ?? '');
    }
    const directory = (flags & PPM_O.DIRECTORY) !== 0;
    return this.setFd(tid, { num, kind: directory ? 'directory' : 'file', typechar: directory ? 'd' : 'f', name: path, openFlags: flags });
  }

  private applySocket(tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined || num < 0) return undefined;
    const domain = args.num(P.domain) ?? -1;
    const type = (args.num(P.type) ?? 0) & SOCK_TYPE_MASK;
    const proto = args.num(P.proto) ?? 0;
    let fd: FdState;
    if (domain === PPM_AF.INET || domain === PPM_AF.INET6) {
      let l4proto: FdState['l4proto'] = 'unknown';
      if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) l4proto = 'icmp';
      else if (type === SOCK_STREAM) l4proto = 'tcp';
      else if (type === SOCK_DGRAM) l4proto = 'udp';
      else if (type === SOCK_RAW) l4proto = 'raw';
      const v4 = domain === PPM_AF.INET;
      fd = { num, kind: v4 ? 'ipv4' : 'ipv6', typechar: v4 ? '4' : '6', name: '', l4proto };
    } else if (domain === PPM_AF.UNIX) {
      fd = { num, kind: 'unix', typechar: 'u', name: '' };
    } else if (domain === PPM_AF.NETLINK) {
      fd = { num, kind: 'netlink', typechar: 'n', name: '' };
    } else {
      fd = { num, kind: 'unknown', typechar: 'o', name: '' };
    }
    return this.setFd(tid, fd);
  }

  private applyConnect(tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined) return undefined;
    const previous = this.lookupFd(tid, num);
    const tuple = socketParam(args, P.tuple);
    if (tuple === undefined) return previous;
    const next: FdState | undefined =
      tuple.family === 'unix' ? { num, kind: 'unix', typechar: 'u', name: unixTupleName(args.bytes(P.tuple)), role: 'client' } : ipSocket(previous, num, tuple, 'client');
    if (next === undefined) return previous;
    const res = args.num(P.res);
    // A failed connect shows its endpoints on the event but leaves the socket as it was (libsinsp).
    return res === 0 || res === -EINPROGRESS ? this.setFd(tid, next) : next;
  }

  /** A bound IP socket is named by its local address ("0.0.0.0:8080"), a unix one by its path. */
  private applyBind(tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined) return undefined;
    const previous = this.lookupFd(tid, num);
    if (args.num(P.res) !== 0) return previous;
    const addr = socketParam(args, P.addr);
    if (addr === undefined) return previous;
    if (addr.family === 'unix') return this.setFd(tid, { num, kind: 'unix', typechar: 'u', name: addr.path, role: 'server' });
    if ((addr.family !== 'ipv4' && addr.family !== 'ipv6') || addr.dest === undefined) return previous;
    const local = unmapEndpoint(addr.dest);
    const v4 = addr.family === 'ipv4' || local !== addr.dest;
    return this.setFd(tid, {
      num,
      kind: v4 ? 'ipv4' : 'ipv6',
      typechar: v4 ? '4' : '6',
      name: `${local.ip}:${local.port}`,
      l4proto: previous?.l4proto ?? 'unknown',
      server: local,
      role: 'server',
    });
  }

  private applyAccept(tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined || num < 0) return undefined;
    const tuple = socketParam(args, P.tuple);
    if (tuple !== undefined) {
      if (tuple.family === 'unix') return this.setFd(tid, { num, kind: 'unix', typechar: 'u', name: unixTupleName(args.bytes(P.tuple)), role: 'server' });
      const next = ipSocket({ num, kind: 'ipv4', typechar: '4', name: '', l4proto: 'tcp' }, num, tuple, 'server');
      if (next !== undefined) return this.setFd(tid, next);
    }
    return this.setFd(tid, { num, kind: 'unknown', typechar: 'o', name: '' });
  }

  private applyDup(tid: number, args: EventArgs): FdState | undefined {
    const res = args.num(P.res);
    if (res === undefined || res < 0) return undefined;
    const oldfd = args.num(P.oldfd) ?? args.num(P.fd);
    if (oldfd === undefined) return undefined;
    const source = this.lookupFd(tid, oldfd);
    if (source === undefined) {
      this.removeFd(tid, res);
      return undefined;
    }
    return this.setFd(tid, { ...source, num: res });
  }

  private setCwd(tid: number, cwd: string): void {
    const thread = this.threads.get(tid);
    if (thread === undefined) return;
    const next = withTrailingSlash(cwd);
    this.threads.set(tid, { ...thread, cwd: next });
    // The cwd belongs to the process: keep its main thread in step.
    const main = thread.pid !== tid ? this.threads.get(thread.pid) : undefined;
    if (main !== undefined) this.threads.set(main.tid, { ...main, cwd: next });
  }

  private applyChdir(tid: number, args: EventArgs): void {
    if (args.num(P.res) !== 0) return;
    const path = args.str(P.path);
    if (path === undefined) return;
    this.setCwd(tid, resolvePath(this.threads.get(tid)?.cwd ?? '', path));
  }

  private applyFchdir(tid: number, args: EventArgs): void {
    if (args.num(P.res) !== 0) return;
    const num = args.num(P.fd);
    const fd = num === undefined ? undefined : this.lookupFd(tid, num);
    if (fd !== undefined) this.setCwd(tid, fd.name);
  }

  private applyPair(tid: number, args: EventArgs, kind: { kind: string; typechar: FdTypeChar }): FdState | undefined {
    const res = args.num(P.res);
    if (res !== undefined && res < 0) return undefined;
    const first = args.num(P.fd1);
    const second = args.num(P.fd2);
    let created: FdState | undefined;
    for (const num of [first, second]) {
      if (num === undefined || num < 0) continue;
      // Like libsinsp, the event is about the last fd created (the write end of a pipe).
      created = this.setFd(tid, { num, kind: kind.kind, typechar: kind.typechar, name: '' });
    }
    return created;
  }

  private applySendTo(tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined) return undefined;
    const previous = this.lookupFd(tid, num);
    if (previous === undefined || (previous.kind !== 'ipv4' && previous.kind !== 'ipv6') || previous.l4proto === 'tcp') return previous;
    const tuple = socketParam(args, P.tuple);
    if (tuple === undefined) return previous;
    const next = ipSocket(previous, num, tuple, 'client');
    if (next === undefined || next.name === previous.name) return previous;
    return this.setFd(tid, next);
  }

  /**
   * recvfrom/recvmsg name a datagram (or still unnamed) IP socket by the sender, as libsinsp does: the
   * exit event's tuple runs sender -> local end. A socket that has no role yet gets one by libsinsp's
   * guess (a server if its process has a socket bound to the local port, else a client), and the name
   * runs client -> server either way.
   */
  private applyRecvFrom(tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd);
    if (num === undefined) return undefined;
    const previous = this.lookupFd(tid, num);
    if (previous === undefined || (previous.kind !== 'ipv4' && previous.kind !== 'ipv6')) return previous;
    if (previous.name !== '' && previous.l4proto === 'tcp') return previous;
    const res = args.num(P.res);
    if (res === undefined || res < 0) return previous;
    const tuple = socketParam(args, P.tuple);
    if (tuple === undefined) return previous;
    if ((tuple.family !== 'ipv4' && tuple.family !== 'ipv6') || tuple.source === undefined || tuple.dest === undefined) return previous;
    const role = previous.role ?? (this.boundToPort(tid, tuple.dest.port) ? 'server' : 'client');
    // ipSocket takes the client as the tuple's source: the sender is the client only of a server.
    const oriented = role === 'server' ? tuple : { family: tuple.family, source: tuple.dest, dest: tuple.source };
    const next = ipSocket(previous, num, oriented, role);
    if (next === undefined || (next.name === previous.name && next.role === previous.role)) return previous;
    return this.setFd(tid, next);
  }

  /** Whether the thread's process holds a socket bound (or accepting) on this local port. */
  private boundToPort(tid: number, port: number): boolean {
    const table = this.fdTables.get(this.processOf(tid));
    if (table === undefined) return false;
    for (const fd of table.values()) if (fd.role === 'server' && fd.server?.port === port) return true;
    return false;
  }

  private applyCreatesFd(name: string, tid: number, args: EventArgs): FdState | undefined {
    const num = args.num(P.fd) ?? args.num(P.res);
    const kind = CREATED_FD_KINDS[name];
    if (num === undefined || num < 0 || kind === undefined) return undefined;
    const memfdName = name === 'memfd_create' ? `memfd:${args.str(P.name) ?? ''}` : '';
    return this.setFd(tid, { num, kind: kind.kind, typechar: kind.typechar, name: memfdName });
  }

  private applyContainer(args: EventArgs): void {
    // Current libs: the container plugin's async event named "container" carries the same JSON.
    const asyncName = args.info?.name === 'asyncevent' ? args.str(P.name) : undefined;
    if (args.info?.name === 'asyncevent' && asyncName !== 'container') return;
    const json = asyncName === 'container' ? args.str(P.data) : args.str(P.json);
    let info: ContainerInfo | undefined;
    if (json !== undefined) info = containerFromJson(json);
    else {
      const id = args.str(P.id);
      if (id !== undefined) {
        info = { id, name: args.str(P.name) ?? '', image: args.str(P.image) ?? '' };
        const type = args.num(P.type);
        if (type !== undefined) info.type = containerTypeName(type);
      }
    }
    if (info !== undefined) this.containers.set(info.id, info);
  }
}
