// The event model shared by every consumer of a capture: the inventory, the Falco condition evaluator
// (src/filter) and the rules CLI. The reader yields each event with the state of its thread and fd at
// that moment, as libsinsp does: state is updated by the event before consumers see it (an execve exit
// already carries the new comm/exepath/args; an open exit already has its new fd), except that a
// close exit still shows the fd being closed.
//
// This file is a contract between modules: extend it, do not break it.

/** One entry of the thread table (libsinsp's threadinfo, reduced to what we use). */
export interface ThreadState {
  tid: number;
  /** Thread-group id: what users call the process id (proc.pid). */
  pid: number;
  /** Parent's tid (proc.ppid). */
  ptid: number;
  /** The kernel's comm (proc.name), at most 15 characters. */
  comm: string;
  /** argv[0] as captured (proc.exe). */
  exe: string;
  /** Full path of the executable (proc.exepath); '' when the capture does not tell. */
  exepath: string;
  /** argv[1..] (proc.args is these joined by spaces). */
  args: string[];
  /** Current working directory, always ending with '/' as libsinsp keeps it. */
  cwd: string;
  uid: number;
  gid: number;
  /** Login uid (user.loginuid); -1 when unknown. */
  loginuid: number;
  /** Container id (container.id); 'host' when the thread runs on the host, as libsinsp reports it. */
  containerId: string;
  /** Virtual pid inside its pid namespace (proc.vpid); equals pid on the host. */
  vpid: number;
  /** Clone/exec time in nanoseconds since the epoch, 0n when unknown. */
  startTs: bigint;
}

/** fd.typechar values as libsinsp prints them. */
export type FdTypeChar = 'f' | 'd' | '4' | '6' | 'u' | 's' | 'p' | 'e' | 'i' | 't' | 'l' | 'n' | 'b' | 'r' | 'o' | 'm' | 'c' | '?';

export interface Endpoint {
  ip: string;
  port: number;
}

/** One entry of a thread's fd table (libsinsp's fdinfo, reduced to what we use). */
export interface FdState {
  num: number;
  /** 'file' | 'directory' | 'ipv4' | 'ipv6' | 'unix' | 'pipe' | 'event' | 'signalfd' | 'eventpoll' |
   *  'inotify' | 'timerfd' | 'netlink' | 'bpf' | 'userfaultfd' | 'io_uring' | 'memfd' | 'unknown' */
  kind: string;
  typechar: FdTypeChar;
  /** fd.name as libsinsp prints it: a path for files, "cip:cport->sip:sport" for IP sockets. */
  name: string;
  /** Open flags (PPM_O_* as in the event table) when known. */
  openFlags?: number;
  /** For IP sockets. */
  l4proto?: 'tcp' | 'udp' | 'icmp' | 'raw' | 'unknown';
  client?: Endpoint;
  server?: Endpoint;
  /** Whether we are the client side (connect) or the server side (accept). */
  role?: 'client' | 'server';
}

/** A decoded socket address or tuple parameter. */
export type SocketValue =
  | { family: 'ipv4' | 'ipv6'; source?: Endpoint; dest?: Endpoint }
  | { family: 'unix'; path: string }
  | { family: 'other'; code: number };

/** A decoded parameter value. Integers that may exceed 2^53 are bigint. */
export type ParamValue = number | bigint | string | Uint8Array | SocketValue | Array<{ fd: number; flags: number }> | null;

export interface ScapEvent {
  /** 1-based position among the capture's event records (every event block counts). */
  num: number;
  /** Nanoseconds since the epoch. */
  ts: bigint;
  cpu: number;
  tid: number;
  /** PPM event type code. */
  type: number;
  /** evt.type, e.g. 'openat', 'execve', 'connect'. */
  name: string;
  /** evt.dir: '>' enter, '<' exit. */
  dir: '>' | '<';
  /** Parameters by their event-table name (e.g. 'fd', 'name', 'flags', 'res', 'tuple', 'data'). */
  params: Record<string, ParamValue>;
  /** The thread's state after this event was applied; undefined when the thread is unknown. */
  thread: ThreadState | undefined;
  /** The fd the event acts on (after the event was applied, a close shows the closed fd). */
  fd: FdState | undefined;
  /** Parent thread state at this moment, when known. */
  parent: ThreadState | undefined;
  /** Look up any thread of the table at this moment (for proc.aname[N] and friends). */
  lookupThread(tid: number): ThreadState | undefined;
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  imageRepository?: string;
  imageTag?: string;
  type?: string;
  privileged?: boolean;
  /** The container's labels (key to value), when the container event lists any; a null-prototype object. */
  labels?: Readonly<Record<string, string>>;
}

export interface UserInfo {
  uid: number;
  gid: number;
  name: string;
  home: string;
  shell: string;
}

/** What a reading pass learns about the capture as a whole. */
export interface CaptureSummary {
  path: string;
  /** The number of event records in the file. */
  events: number;
  firstEventTs: bigint | undefined;
  lastEventTs: bigint | undefined;
  /**
   * Set when the file ends mid-block (a recorder stopped while writing: not damage): the byte offset (in
   * the decompressed stream) where the partial block starts.
   */
  truncated: { offset: number } | undefined;
  /** Set when stretches of the capture could not be read as blocks (see CaptureDamage). */
  damage: CaptureDamage | undefined;
  containers: ContainerInfo[];
  users: UserInfo[];
}

/**
 * A stretch of a capture that could not be read: a block whose length, trailer or event lengths cannot be
 * right, or a gzip stream that fails its checks. The reader skips it and goes on at the next position
 * that holds a valid block (resynchronisation), so the events outside it are still read; the events
 * inside it are lost, which the times around it bound.
 */
export interface DamagedRegion {
  /** Offset in the (decompressed) stream where the damage starts. */
  offset: number;
  /** Bytes not read as blocks: up to resumedAt, or to where reading ended. */
  bytesSkipped: number;
  /** Offset of the valid block where reading went on; undefined when none followed. */
  resumedAt: number | undefined;
  /** What is wrong at offset. */
  problem: string;
  /** Event records read before the damage (events numbered above this come after it). */
  eventsBefore: number;
  /** The last dated event before the damage and the first after it: lost events lie between. */
  lastEventTsBefore: bigint | undefined;
  firstEventTsAfter: bigint | undefined;
}

export interface CaptureDamage {
  /** The first damaged regions, in file order (at most DAMAGED_REGIONS_LISTED). */
  regions: DamagedRegion[];
  /** Every damaged region, listed or not. */
  regionCount: number;
  /** Bytes skipped over all regions. */
  bytesSkipped: number;
  /** Set when reading stopped before the end of the stream (resynchronisation gave up). */
  stoppedAt: number | undefined;
}
