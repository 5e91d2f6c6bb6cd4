// Turns a validated description into the records of a capture: the header blocks' contents and the
// event records, in order. It plays the kernel's part: it tracks every process (for the clone/execve
// exit parameters that describe the thread) and every fd table (to hand out the lowest free fd), and
// emits each syscall as an enter event followed by an exit event.
//
// Event versions, chosen so that both Debian's sysdig 0.29.3 (libs of March 2022) and current libscap
// read them: the event codes are those both know (EXECVE_19, CLONE_20/FORK_20/VFORK_20, OPENAT_2,
// SOCKET, CONNECT, ACCEPT_5, SENDTO, WRITE, READ, PTRACE, CHDIR, CLOSE, PROCEXIT_1, CONTAINER_JSON_2); exit events carry every
// parameter of the current table (old readers read the first ones they know and ignore the rest); enter
// events are written too, because sysdig 0.29.3 takes the fd of write/sendto/close from them (current
// libscap's converter folds them into the exits, which already carry the same values).
import * as dnsPacket from 'dns-packet';
import { eventCode } from '../event-table.ts';
import { ERRNO } from '../errno.ts';
import {
  CaptureDescriptionError,
  type CaptureDescription,
  type ContainerDescription,
  type EventDescription,
  type FdDescription,
} from './description.ts';
import { DEFAULT_FDLIMIT, openFlagsValue, type ThreadEntry } from './blocks.ts';
import { PPM_AF, ipFamily, nulJoined, type EventRecord, type ParamInput } from './encode.ts';

const CODE = {
  EXECVE_E: eventCode('SYSCALL_EXECVE_19_E'),
  EXECVE_X: eventCode('SYSCALL_EXECVE_19_X'),
  CLONE_E: eventCode('SYSCALL_CLONE_20_E'),
  CLONE_X: eventCode('SYSCALL_CLONE_20_X'),
  FORK_E: eventCode('SYSCALL_FORK_20_E'),
  FORK_X: eventCode('SYSCALL_FORK_20_X'),
  VFORK_E: eventCode('SYSCALL_VFORK_20_E'),
  VFORK_X: eventCode('SYSCALL_VFORK_20_X'),
  OPENAT_E: eventCode('SYSCALL_OPENAT_2_E'),
  OPENAT_X: eventCode('SYSCALL_OPENAT_2_X'),
  SOCKET_E: eventCode('SOCKET_SOCKET_E'),
  SOCKET_X: eventCode('SOCKET_SOCKET_X'),
  CONNECT_E: eventCode('SOCKET_CONNECT_E'),
  CONNECT_X: eventCode('SOCKET_CONNECT_X'),
  SENDTO_E: eventCode('SOCKET_SENDTO_E'),
  SENDTO_X: eventCode('SOCKET_SENDTO_X'),
  WRITE_E: eventCode('SYSCALL_WRITE_E'),
  WRITE_X: eventCode('SYSCALL_WRITE_X'),
  READ_E: eventCode('SYSCALL_READ_E'),
  READ_X: eventCode('SYSCALL_READ_X'),
  PTRACE_E: eventCode('SYSCALL_PTRACE_E'),
  PTRACE_X: eventCode('SYSCALL_PTRACE_X'),
  ACCEPT_E: eventCode('SOCKET_ACCEPT_5_E'),
  ACCEPT_X: eventCode('SOCKET_ACCEPT_5_X'),
  CHDIR_E: eventCode('SYSCALL_CHDIR_E'),
  CHDIR_X: eventCode('SYSCALL_CHDIR_X'),
  CLOSE_E: eventCode('SYSCALL_CLOSE_E'),
  CLOSE_X: eventCode('SYSCALL_CLOSE_X'),
  PROCEXIT: eventCode('PROCEXIT_1_E'),
  CONTAINER: eventCode('CONTAINER_JSON_2_E'),
} as const;

/** PPM_PTRACE_* request codes. */
const PTRACE_REQUEST = { PTRACE_TRACEME: 1, PTRACE_PEEKDATA: 3, PTRACE_ATTACH: 11, PTRACE_SEIZE: 20 } as const;
/** A PT_DYN ptrace argument: the PPM_PTRACE_IDX_UINT64 selector, then the value. */
function ptraceArgument(value: bigint): Uint8Array {
  const bytes = Buffer.alloc(9);
  bytes.writeBigUInt64LE(value, 1);
  return bytes;
}
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const AT_FDCWD = -100;
/** Simultaneous records of one description event are spaced by this many nanoseconds. */
const STEP_NS = 1000n;
const DEFAULT_GAP_NS = 1_000_000n;

/** The container id as libsinsp reports it: the first 12 characters of the full id. */
export function shortContainerId(fullId: string): string {
  return fullId.slice(0, 12);
}

/** cgroup lines that place a process in a Docker container (matched by libsinsp's docker engine). */
export function dockerCgroups(fullId: string): string[] {
  return ['cpuset', 'cpu', 'memory', 'pids'].map((controller) => `${controller}=/docker/${fullId}`);
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

/** The container JSON libsinsp writes in CONTAINER_JSON events. */
export function containerJson(container: Omit<ContainerDescription, 'labels'> & { labels?: Readonly<Record<string, string>> }): string {
  const [repository, tag] = splitImage(container.image);
  return JSON.stringify({
    container: {
      id: shortContainerId(container.id),
      full_id: container.id,
      type: 0, // CT_DOCKER
      name: container.name,
      image: container.image,
      imageid: '',
      imagerepo: container.imageRepository ?? repository,
      imagetag: container.imageTag ?? tag,
      imagedigest: '',
      privileged: container.privileged,
      is_pod_sandbox: false,
      lookup_state: 1, // SUCCESSFUL
      created_time: 0,
      Mounts: [],
      ip: '0.0.0.0',
      port_mappings: [],
      // The container plugin reads labels into a string-to-string map; null (what a container without
      // labels had) and {} both mean none. Written as an object with own keys only (no prototype keys).
      labels: labelsObject(container.labels),
      env: [],
      memory_limit: 0,
      swap_limit: 0,
      cpu_shares: 1024,
      cpu_quota: 0,
      cpu_period: 100000,
      cpuset_cpu_count: 0,
    },
  });
}

function labelsObject(labels: Readonly<Record<string, string>> = {}): Record<string, string> | null {
  const keys = Object.keys(labels);
  if (keys.length === 0) return null;
  const out = Object.create(null) as Record<string, string>;
  for (const key of keys.sort()) out[key] = labels[key] as string;
  return out;
}

function splitImage(image: string): [string, string] {
  const digestless = image.split('@')[0] ?? image;
  const slash = digestless.lastIndexOf('/');
  const colon = digestless.lastIndexOf(':');
  if (colon > slash) return [digestless.slice(0, colon), digestless.slice(colon + 1)];
  return [digestless, 'latest'];
}

export interface CapturePlan {
  startNs: bigint;
  /** Threads known when the capture starts (the process list). */
  threads: ThreadEntry[];
  /** fd tables known when the capture starts, by tid. */
  fds: Map<number, FdDescription[]>;
  /** Event records in file order. */
  events: EventRecord[];
}

interface ProcessState extends ThreadEntry {
  /** Open fds and what they are (the path an open event used, or a socket label). */
  openFds: Map<number, string>;
  exited: boolean;
}

function cloneThread(state: ThreadEntry): ThreadEntry {
  return { ...state, args: [...state.args], env: [...state.env], cgroups: [...state.cgroups] };
}

/**
 * Plans the capture. `source` names the description in errors (usually its file path); errors name the
 * event by its index, e.g. "events[4].pid: process 4242 does not exist (yet)".
 */
export interface PlanOptions {
  /**
   * Leave out syscall enter events, as current drivers do (their exit events carry every parameter).
   * Current libscap and our reader read such captures; sysdig 0.29.3 misattributes the fds of write, sendto and
   * close without the enter events.
   */
  exitOnly?: boolean;
}

export function planCapture(description: CaptureDescription, source = 'description', options: PlanOptions = {}): CapturePlan {
  const fail = (path: string, message: string): never => {
    throw new CaptureDescriptionError(source, [`${path}: ${message}`]);
  };
  const startNs = BigInt(Date.parse(description.start)) * 1_000_000n;
  const processes = new Map<number, ProcessState>();
  const threads: ThreadEntry[] = [];
  const fds = new Map<number, FdDescription[]>();

  description.processes.forEach((process, index) => {
    if (processes.has(process.pid)) fail(`processes[${index}].pid`, `pid ${process.pid} is listed twice`);
    const entry: ThreadEntry = {
      tid: process.pid,
      pid: process.pid,
      ptid: process.ppid,
      comm: process.comm,
      exe: process.exe ?? process.exepath,
      exepath: process.exepath,
      args: process.args,
      cwd: process.cwd,
      uid: process.uid,
      gid: process.gid,
      loginuid: process.loginuid ?? -1,
      env: process.env,
      cgroups: process.containerId === undefined ? [] : dockerCgroups(process.containerId),
      vpid: process.pid,
    };
    threads.push(cloneThread(entry));
    const openFds = new Map<number, string>([
      [0, 'stdin'],
      [1, 'stdout'],
      [2, 'stderr'],
    ]);
    const seen = new Set<number>();
    process.fds.forEach((fd, fdIndex) => {
      if (seen.has(fd.fd)) fail(`processes[${index}].fds[${fdIndex}].fd`, `fd ${fd.fd} is listed twice`);
      seen.add(fd.fd);
      openFds.set(fd.fd, fd.kind === 'file' || fd.kind === 'directory' ? fd.path : `${fd.kind}`);
    });
    if (process.fds.length > 0) fds.set(process.pid, process.fds);
    processes.set(process.pid, { ...entry, openFds, exited: false });
  });

  const events: EventRecord[] = [];
  let lastTs = startNs - 1n;
  let clock = startNs;
  /** Returns the timestamp of the next record of the current description event. */
  const tick = (): bigint => {
    const ts = clock > lastTs ? clock : lastTs + 1n;
    lastTs = ts;
    clock = ts + STEP_NS;
    return ts;
  };
  const procexit = CODE.PROCEXIT;
  const container = CODE.CONTAINER;
  const push = (tid: number, code: number, params: Record<string, ParamInput>): void => {
    // Even codes are enter events; procexit and container events are enter-only by nature and stay.
    if (options.exitOnly === true && code % 2 === 0 && code !== procexit && code !== container) return;
    events.push({ ts: tick(), tid, code, params });
  };

  for (const container of description.containers) {
    push(-1, CODE.CONTAINER, { json: containerJson(container) });
  }

  let previousAt: number | undefined;
  description.events.forEach((event, index) => {
    const path = `events[${index}]`;
    if (event.at !== undefined) {
      if (previousAt !== undefined && event.at < previousAt) fail(`${path}.at`, `${event.at} ms is earlier than the previous event (${previousAt} ms); events must be in time order`);
      clock = startNs + BigInt(Math.round(event.at * 1e6));
      previousAt = event.at;
    } else {
      clock = (lastTs < startNs ? startNs : lastTs + DEFAULT_GAP_NS);
    }
    planEvent(event, path);
  });

  function liveProcess(pid: number, path: string): ProcessState {
    const state = processes.get(pid);
    if (state === undefined) return fail(`${path}.pid`, `process ${pid} does not exist (yet): list it in processes or create it with a fork event`);
    if (state.exited) return fail(`${path}.pid`, `process ${pid} has already exited`);
    return state;
  }

  function allocateFd(state: ProcessState, wanted: number | undefined, label: string, path: string): number {
    if (wanted !== undefined) {
      if (state.openFds.has(wanted)) fail(`${path}.fd`, `fd ${wanted} is already open in process ${state.pid}`);
      state.openFds.set(wanted, label);
      return wanted;
    }
    let fd = 0;
    while (state.openFds.has(fd)) fd++;
    state.openFds.set(fd, label);
    return fd;
  }

  function requireOpenFd(state: ProcessState, fd: number, path: string): void {
    if (!state.openFds.has(fd)) fail(`${path}.fd`, `fd ${fd} is not open in process ${state.pid}`);
  }

  /** The fd an I/O event names by number or by the path it was opened with (the newest such fd). */
  function targetFd(state: ProcessState, target: { fd?: number | undefined; path?: string | undefined }, path: string): number {
    if (target.fd !== undefined) {
      requireOpenFd(state, target.fd, path);
      return target.fd;
    }
    let found: number | undefined;
    for (const [fd, label] of state.openFds) if (label === target.path) found = fd;
    if (found === undefined) return fail(`${path}.path`, `no fd of process ${state.pid} is open on '${target.path ?? ''}'`);
    return found;
  }

  function threadParams(state: ThreadEntry): Record<string, ParamInput> {
    return {
      exe: state.exe,
      args: nulJoined(state.args),
      tid: state.tid,
      pid: state.pid,
      ptid: state.ptid,
      cwd: state.cwd,
      fdlimit: DEFAULT_FDLIMIT,
      comm: state.comm,
      cgroups: nulJoined(state.cgroups),
      uid: state.uid,
      gid: state.gid,
    };
  }

  function socketPair(state: ProcessState, protocol: 'tcp' | 'udp', ip: string, fd: number): void {
    const domain = ipFamily(ip) === 'ipv4' ? PPM_AF.INET : PPM_AF.INET6;
    const type = protocol === 'tcp' ? SOCK_STREAM : SOCK_DGRAM;
    push(state.tid, CODE.SOCKET_E, { domain, type, proto: 0 });
    push(state.tid, CODE.SOCKET_X, { fd, domain, type, proto: 0, flags: 0 });
  }

  function sendDatagram(state: ProcessState, event: { local: { ip: string; port: number }; remote: { ip: string; port: number }; fd?: number | undefined }, data: Uint8Array, path: string): number {
    if (ipFamily(event.local.ip) !== ipFamily(event.remote.ip)) fail(`${path}.local`, 'local and remote addresses must be of the same family');
    const fd = allocateFd(state, event.fd, `udp ${event.remote.ip}:${event.remote.port}`, path);
    socketPair(state, 'udp', event.remote.ip, fd);
    const tuple = { kind: 'tuple', source: event.local, dest: event.remote } as const;
    push(state.tid, CODE.SENDTO_E, { fd, size: data.length, tuple });
    push(state.tid, CODE.SENDTO_X, { res: data.length, data, fd, size: data.length, tuple });
    return fd;
  }

  function close(state: ProcessState, fd: number): void {
    push(state.tid, CODE.CLOSE_E, { fd });
    push(state.tid, CODE.CLOSE_X, { res: 0, fd });
    state.openFds.delete(fd);
  }

  function chdir(state: ProcessState, directory: string): void {
    push(state.tid, CODE.CHDIR_E, {});
    push(state.tid, CODE.CHDIR_X, { res: 0, path: directory });
    state.cwd = directory;
  }

  function planEvent(event: EventDescription, path: string): void {
    switch (event.type) {
      case 'container':
        push(-1, CODE.CONTAINER, { json: containerJson(event) });
        return;
      case 'exec': {
        const state = liveProcess(event.pid, path);
        if (event.cwd !== undefined && event.cwd !== state.cwd) chdir(state, event.cwd);
        push(state.tid, CODE.EXECVE_E, { filename: event.exepath });
        if (event.res === 0) {
          state.exe = event.exe ?? event.exepath;
          state.exepath = event.exepath;
          state.args = event.args;
          state.comm = event.comm ?? basename(event.exepath).slice(0, 15);
          if (event.env !== undefined) state.env = event.env;
          if (event.uid !== undefined) state.uid = event.uid;
          if (event.gid !== undefined) state.gid = event.gid;
        }
        push(state.tid, CODE.EXECVE_X, {
          ...threadParams(state),
          res: event.res,
          env: nulJoined(state.env),
          tty: 0,
          vpgid: state.pid,
          loginuid: state.loginuid,
          flags: 0,
          trusted_exepath: event.res === 0 ? event.exepath : state.exepath,
          pgid: state.pid,
          filename: event.exepath,
        });
        return;
      }
      case 'clone':
      case 'fork':
      case 'vfork': {
        const parent = liveProcess(event.pid, path);
        if (processes.has(event.childPid)) fail(`${path}.childPid`, `pid ${event.childPid} is already in use`);
        const [enter, exit] =
          event.type === 'clone' ? [CODE.CLONE_E, CODE.CLONE_X] : event.type === 'fork' ? [CODE.FORK_E, CODE.FORK_X] : [CODE.VFORK_E, CODE.VFORK_X];
        const child: ProcessState = {
          ...cloneThread(parent),
          tid: event.childPid,
          pid: event.childPid,
          ptid: parent.pid,
          vpid: event.childPid,
          openFds: new Map(parent.openFds),
          exited: false,
        };
        processes.set(child.pid, child);
        push(parent.tid, enter, {});
        push(parent.tid, exit, { ...threadParams(parent), res: child.tid, flags: 0, vtid: parent.tid, vpid: parent.pid });
        push(child.tid, exit, { ...threadParams(child), res: 0, flags: 0, vtid: child.tid, vpid: child.pid });
        return;
      }
      case 'open': {
        const state = liveProcess(event.pid, path);
        if (event.dirfd !== AT_FDCWD) requireOpenFd(state, event.dirfd, `${path}.dirfd`);
        const flags = openFlagsValue(event.flags);
        push(state.tid, CODE.OPENAT_E, { dirfd: event.dirfd, name: event.path, flags, mode: event.mode });
        const fd = event.res ?? allocateFd(state, event.fd, event.path, path);
        push(state.tid, CODE.OPENAT_X, { fd, dirfd: event.dirfd, name: event.path, flags, mode: event.mode, dev: 0, ino: 0 });
        return;
      }
      case 'connect': {
        const state = liveProcess(event.pid, path);
        if (ipFamily(event.local.ip) !== ipFamily(event.remote.ip)) fail(`${path}.local`, 'local and remote addresses must be of the same family');
        const fd = allocateFd(state, event.fd, `${event.protocol} ${event.remote.ip}:${event.remote.port}`, path);
        socketPair(state, event.protocol, event.remote.ip, fd);
        const addr = { kind: 'sockaddr', address: event.remote } as const;
        push(state.tid, CODE.CONNECT_E, { fd, addr });
        const res = event.result === 'ok' ? 0 : -ERRNO[event.result];
        push(state.tid, CODE.CONNECT_X, { res, tuple: { kind: 'tuple', source: event.local, dest: event.remote }, fd, addr });
        return;
      }
      case 'dns': {
        const state = liveProcess(event.pid, path);
        const query = dnsPacket.encode({
          type: 'query',
          id: event.id,
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ type: event.qtype, name: event.name, class: 'IN' }],
        });
        const fd = sendDatagram(state, { local: event.local, remote: event.server, fd: event.fd }, query, path);
        if (event.close) close(state, fd);
        return;
      }
      case 'sendto': {
        const state = liveProcess(event.pid, path);
        sendDatagram(state, event, Buffer.from(event.data, 'utf8'), path);
        return;
      }
      case 'write': {
        const state = liveProcess(event.pid, path);
        const fd = targetFd(state, event, path);
        const data = Buffer.from(event.data, 'utf8');
        push(state.tid, CODE.WRITE_E, { fd, size: data.length });
        push(state.tid, CODE.WRITE_X, { res: event.res ?? data.length, data, fd, size: data.length });
        return;
      }
      case 'read': {
        const state = liveProcess(event.pid, path);
        const fd = targetFd(state, event, path);
        const data = Buffer.from(event.data, 'utf8');
        push(state.tid, CODE.READ_E, { fd, size: data.length });
        push(state.tid, CODE.READ_X, { res: data.length, data, fd, size: data.length });
        return;
      }
      case 'ptrace': {
        const state = liveProcess(event.pid, path);
        const request = PTRACE_REQUEST[event.request];
        push(state.tid, CODE.PTRACE_E, { request, pid: event.target });
        push(state.tid, CODE.PTRACE_X, { res: event.res, addr: ptraceArgument(0n), data: ptraceArgument(0n), request, pid: event.target });
        return;
      }
      case 'accept': {
        const state = liveProcess(event.pid, path);
        if (ipFamily(event.local.ip) !== ipFamily(event.remote.ip)) fail(`${path}.local`, 'local and remote addresses must be of the same family');
        const fd = allocateFd(state, event.fd, `tcp ${event.remote.ip}:${event.remote.port}`, path);
        push(state.tid, CODE.ACCEPT_E, {});
        // The tuple of an accepted socket runs from the client (source) to this server (destination).
        push(state.tid, CODE.ACCEPT_X, { fd, tuple: { kind: 'tuple', source: event.remote, dest: event.local }, queuepct: 0, queuelen: 0, queuemax: 128 });
        return;
      }
      case 'chdir':
        chdir(liveProcess(event.pid, path), event.path);
        return;
      case 'close': {
        const state = liveProcess(event.pid, path);
        close(state, targetFd(state, event, path));
        return;
      }
      case 'procexit': {
        const state = liveProcess(event.pid, path);
        // status as wait(2) reports it: the exit code in the second byte.
        push(state.tid, CODE.PROCEXIT, { status: event.status << 8, ret: event.status, sig: 0, core: 0, reaper_tid: 0 });
        state.exited = true;
        return;
      }
    }
  }

  return { startNs, threads, fds, events };
}
