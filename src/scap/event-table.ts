// The event table: for every PPM event code its name (evt.type), direction, category, flags and the
// names and types of its parameters, in order. Facts from falcosecurity/libs driver/event_table.c and
// driver/ppm_events_public.h (event codes, PT_* parameter types, EF_* flags, EC_* categories), as of libs
// commit 48dfd53c; codes 0..453. The SCAP writer (src/scap/writer/) imports this table.
//
// Rules the reader follows (as libscap/libsinsp do):
// - Even codes are enter events ('>'), odd codes exit events ('<').
// - An event may carry fewer parameters than the table lists (captures written by older drivers); the
//   missing ones are absent. It may carry more (newer drivers); the extra ones are ignored.
// - Events with EF_LARGE_PAYLOAD have u32 parameter lengths, all others u16.
// - Codes at or beyond EVENT_TABLE.length (written by a newer driver) are skipped by their length.

/** Parameter types (enum ppm_param_type). */
export const PT = {
  NONE: 0,
  INT8: 1,
  INT16: 2,
  INT32: 3,
  INT64: 4,
  UINT8: 5,
  UINT16: 6,
  UINT32: 7,
  UINT64: 8,
  CHARBUF: 9,
  BYTEBUF: 10,
  ERRNO: 11,
  SOCKADDR: 12,
  SOCKTUPLE: 13,
  FD: 14,
  PID: 15,
  FDLIST: 16,
  FSPATH: 17,
  SYSCALLID: 18,
  SIGTYPE: 19,
  RELTIME: 20,
  ABSTIME: 21,
  PORT: 22,
  L4PROTO: 23,
  SOCKFAMILY: 24,
  BOOL: 25,
  IPV4ADDR: 26,
  DYN: 27,
  FLAGS8: 28,
  FLAGS16: 29,
  FLAGS32: 30,
  UID: 31,
  GID: 32,
  DOUBLE: 33,
  SIGSET: 34,
  CHARBUFARRAY: 35,
  CHARBUF_PAIR_ARRAY: 36,
  IPV4NET: 37,
  IPV6ADDR: 38,
  IPV6NET: 39,
  IPADDR: 40,
  IPNET: 41,
  MODE: 42,
  FSRELPATH: 43,
  ENUMFLAGS8: 44,
  ENUMFLAGS16: 45,
  ENUMFLAGS32: 46,
  FD32: 47,
  PID32: 48,
} as const;
export type ParamTypeName = keyof typeof PT;
export type ParamType = (typeof PT)[ParamTypeName];

export interface IntegerParamLayout {
  width: 1 | 2 | 4 | 8;
  signed: boolean;
}

const integer = (width: IntegerParamLayout['width'], signed: boolean, types: ParamType[]) =>
  types.map((type) => [type, { width, signed }] as const);

/** The fixed-size integer parameter types: their width in bytes and whether the driver writes them signed.
 *  The reader decodes and the writer encodes by this one table. */
export const INTEGER_PARAM_LAYOUT: ReadonlyMap<ParamType, IntegerParamLayout> = new Map([
  ...integer(1, true, [PT.INT8]),
  ...integer(1, false, [PT.UINT8, PT.FLAGS8, PT.ENUMFLAGS8, PT.SIGTYPE, PT.L4PROTO, PT.SOCKFAMILY]),
  ...integer(2, true, [PT.INT16]),
  ...integer(2, false, [PT.UINT16, PT.FLAGS16, PT.ENUMFLAGS16, PT.PORT, PT.SYSCALLID]),
  ...integer(4, true, [PT.INT32, PT.FD32, PT.PID32]),
  ...integer(4, false, [PT.UINT32, PT.FLAGS32, PT.ENUMFLAGS32, PT.UID, PT.GID, PT.MODE, PT.BOOL, PT.SIGSET]),
  ...integer(8, true, [PT.INT64, PT.ERRNO, PT.FD, PT.PID]),
  ...integer(8, false, [PT.UINT64, PT.ABSTIME, PT.RELTIME]),
]);

/** Event flags (enum ppm_event_flags). */
export const EF = {
  CREATES_FD: 1 << 0,
  DESTROYS_FD: 1 << 1,
  USES_FD: 1 << 2,
  READS_FROM_FD: 1 << 3,
  WRITES_TO_FD: 1 << 4,
  MODIFIES_STATE: 1 << 5,
  UNUSED: 1 << 6,
  WAITS: 1 << 7,
  SKIPPARSERESET: 1 << 8,
  OLD_VERSION: 1 << 9,
  LARGE_PAYLOAD: 1 << 11,
  CONVERTER_MANAGED: 1 << 12,
} as const;

/** Event categories (enum ppm_event_category): low bits the syscall category, high bits the source. */
export const EC = {
  UNKNOWN: 0,
  OTHER: 1,
  FILE: 2,
  NET: 3,
  IPC: 4,
  MEMORY: 5,
  PROCESS: 6,
  SLEEP: 7,
  SYSTEM: 8,
  SIGNAL: 9,
  USER: 10,
  TIME: 11,
  PROCESSING: 12,
  IO_READ: 32,
  IO_WRITE: 33,
  IO_OTHER: 34,
  WAIT: 1 << 6,
  SCHEDULER: 1 << 7,
  INTERNAL: 1 << 8,
  SYSCALL: 1 << 9,
  TRACEPOINT: 1 << 10,
  PLUGIN: 1 << 11,
  METAEVENT: 1 << 12,
  ITER: 1 << 13,
} as const;

export interface ParamInfo {
  readonly name: string;
  readonly type: ParamType;
}

export interface EventInfo {
  readonly code: number;
  /** The libs symbol without its PPME_ prefix, e.g. 'SYSCALL_EXECVE_19_X'. */
  readonly symbol: string;
  /** evt.type; 'NA' for placeholder codes that are never emitted. */
  readonly name: string;
  readonly dir: '>' | '<';
  readonly category: number;
  readonly flags: number;
  /** Parameter lengths are u32 instead of u16. */
  readonly largePayload: boolean;
  readonly params: readonly ParamInfo[];
  /** Parameter index by name (first occurrence). */
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Parameter index by slot (see paramSlot), -1 when the event has no such parameter. */
  readonly slotIndex: Int16Array;
}

// [symbol, name, category, flags, "param:TYPE ..."] indexed by event code.
const ROWS: ReadonlyArray<readonly [string, string, number, number, string]> = [
  ["GENERIC_E", "syscall", 513, 4608, "ID:SYSCALLID nativeID:UINT16"],
  ["GENERIC_X", "syscall", 513, 4096, "ID:SYSCALLID nativeID:UINT16"],
  ["SYSCALL_OPEN_E", "open", 514, 4129, "name:FSPATH flags:FLAGS32 mode:UINT32"],
  ["SYSCALL_OPEN_X", "open", 514, 4129, "fd:FD name:FSPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64"],
  ["SYSCALL_CLOSE_E", "close", 546, 4646, "fd:FD"],
  ["SYSCALL_CLOSE_X", "close", 546, 4134, "res:ERRNO fd:FD"],
  ["SYSCALL_READ_E", "read", 544, 4620, "fd:FD size:UINT32"],
  ["SYSCALL_READ_X", "read", 544, 4108, "res:ERRNO data:BYTEBUF fd:FD size:UINT32"],
  ["SYSCALL_WRITE_E", "write", 545, 4628, "fd:FD size:UINT32"],
  ["SYSCALL_WRITE_X", "write", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32"],
  ["SYSCALL_BRK_1_E", "brk", 517, 4608, "size:UINT32"],
  ["SYSCALL_BRK_1_X", "brk", 517, 4608, "res:UINT64"],
  ["SYSCALL_EXECVE_8_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_8_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64"],
  ["SYSCALL_CLONE_11_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_11_X", "clone", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["PROCEXIT_E", "procexit", 1030, 4640, ""],
  ["PROCEXIT_X", "NA", 0, 64, ""],
  ["SOCKET_SOCKET_E", "socket", 515, 4641, "domain:ENUMFLAGS32 type:UINT32 proto:UINT32"],
  ["SOCKET_SOCKET_X", "socket", 515, 4129, "fd:FD domain:ENUMFLAGS32 type:UINT32 proto:UINT32 flags:FLAGS32"],
  ["SOCKET_BIND_E", "bind", 515, 4644, "fd:FD"],
  ["SOCKET_BIND_X", "bind", 515, 4132, "res:ERRNO addr:SOCKADDR fd:FD"],
  ["SOCKET_CONNECT_E", "connect", 515, 4132, "fd:FD addr:SOCKADDR"],
  ["SOCKET_CONNECT_X", "connect", 515, 4132, "res:ERRNO tuple:SOCKTUPLE fd:FD addr:SOCKADDR"],
  ["SOCKET_LISTEN_E", "listen", 515, 4612, "fd:FD backlog:INT32"],
  ["SOCKET_LISTEN_X", "listen", 515, 4100, "res:ERRNO fd:FD backlog:INT32"],
  ["SOCKET_ACCEPT_E", "accept", 515, 545, ""],
  ["SOCKET_ACCEPT_X", "accept", 515, 4641, "fd:FD tuple:SOCKTUPLE queuepct:UINT8"],
  ["SOCKET_SEND_E", "send", 545, 4628, "fd:FD size:UINT32"],
  ["SOCKET_SEND_X", "send", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDTO_E", "sendto", 545, 4660, "fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDTO_X", "sendto", 545, 4148, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_RECV_E", "recv", 544, 4620, "fd:FD size:UINT32"],
  ["SOCKET_RECV_X", "recv", 544, 4108, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_RECVFROM_E", "recvfrom", 544, 4652, "fd:FD size:UINT32"],
  ["SOCKET_RECVFROM_X", "recvfrom", 544, 4140, "res:ERRNO data:BYTEBUF tuple:SOCKTUPLE fd:FD size:UINT32"],
  ["SOCKET_SHUTDOWN_E", "shutdown", 515, 4644, "fd:FD how:ENUMFLAGS8"],
  ["SOCKET_SHUTDOWN_X", "shutdown", 515, 4132, "res:ERRNO fd:FD how:ENUMFLAGS8"],
  ["SOCKET_GETSOCKNAME_E", "getsockname", 515, 512, ""],
  ["SOCKET_GETSOCKNAME_X", "getsockname", 515, 0, ""],
  ["SOCKET_GETPEERNAME_E", "getpeername", 515, 512, ""],
  ["SOCKET_GETPEERNAME_X", "getpeername", 515, 0, ""],
  ["SOCKET_SOCKETPAIR_E", "socketpair", 516, 4641, "domain:ENUMFLAGS32 type:UINT32 proto:UINT32"],
  ["SOCKET_SOCKETPAIR_X", "socketpair", 516, 4129, "res:ERRNO fd1:FD fd2:FD source:UINT64 peer:UINT64 domain:ENUMFLAGS32 type:UINT32 proto:UINT32"],
  ["SOCKET_SETSOCKOPT_E", "setsockopt", 515, 512, ""],
  ["SOCKET_SETSOCKOPT_X", "setsockopt", 515, 4, "res:ERRNO fd:FD level:ENUMFLAGS8 optname:ENUMFLAGS8 val:DYN optlen:UINT32"],
  ["SOCKET_GETSOCKOPT_E", "getsockopt", 515, 544, ""],
  ["SOCKET_GETSOCKOPT_X", "getsockopt", 515, 36, "res:ERRNO fd:FD level:ENUMFLAGS8 optname:ENUMFLAGS8 val:DYN optlen:UINT32"],
  ["SOCKET_SENDMSG_E", "sendmsg", 545, 4660, "fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDMSG_X", "sendmsg", 545, 4148, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE"],
  ["SOCKET_SENDMMSG_E", "sendmmsg", 545, 512, ""],
  ["SOCKET_SENDMMSG_X", "sendmmsg", 545, 4148, "res:ERRNO fd:FD size:UINT32 data:BYTEBUF tuple:SOCKTUPLE"],
  ["SOCKET_RECVMSG_E", "recvmsg", 544, 4652, "fd:FD"],
  ["SOCKET_RECVMSG_X", "recvmsg", 544, 4140, "res:ERRNO size:UINT32 data:BYTEBUF tuple:SOCKTUPLE msgcontrol:BYTEBUF fd:FD"],
  ["SOCKET_RECVMMSG_E", "recvmmsg", 544, 512, ""],
  ["SOCKET_RECVMMSG_X", "recvmmsg", 544, 4140, "res:ERRNO fd:FD size:UINT32 data:BYTEBUF tuple:SOCKTUPLE msgcontrol:BYTEBUF"],
  ["SOCKET_ACCEPT4_E", "accept", 515, 4641, "flags:INT32"],
  ["SOCKET_ACCEPT4_X", "accept", 515, 4641, "fd:FD tuple:SOCKTUPLE queuepct:UINT8"],
  ["SYSCALL_CREAT_E", "creat", 514, 4129, "name:FSPATH mode:UINT32"],
  ["SYSCALL_CREAT_X", "creat", 514, 4129, "fd:FD name:FSPATH mode:UINT32 dev:UINT32 ino:UINT64 creat_flags:FLAGS16"],
  ["SYSCALL_PIPE_E", "pipe", 516, 545, ""],
  ["SYSCALL_PIPE_X", "pipe", 516, 33, "res:ERRNO fd1:FD fd2:FD ino:UINT64"],
  ["SYSCALL_EVENTFD_E", "eventfd", 516, 4641, "initval:UINT64 flags:UINT32"],
  ["SYSCALL_EVENTFD_X", "eventfd", 516, 4129, "res:FD initval:UINT64 flags:UINT32"],
  ["SYSCALL_FUTEX_E", "futex", 516, 4608, "addr:UINT64 op:FLAGS16 val:UINT64"],
  ["SYSCALL_FUTEX_X", "futex", 516, 4096, "res:ERRNO addr:UINT64 op:FLAGS16 val:UINT64"],
  ["SYSCALL_STAT_E", "stat", 514, 512, ""],
  ["SYSCALL_STAT_X", "stat", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_LSTAT_E", "lstat", 514, 512, ""],
  ["SYSCALL_LSTAT_X", "lstat", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_FSTAT_E", "fstat", 514, 4612, "fd:FD"],
  ["SYSCALL_FSTAT_X", "fstat", 514, 4100, "res:ERRNO fd:FD"],
  ["SYSCALL_STAT64_E", "stat64", 514, 512, ""],
  ["SYSCALL_STAT64_X", "stat64", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_LSTAT64_E", "lstat64", 514, 512, ""],
  ["SYSCALL_LSTAT64_X", "lstat64", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_FSTAT64_E", "fstat64", 514, 516, "fd:FD"],
  ["SYSCALL_FSTAT64_X", "fstat64", 514, 0, "res:ERRNO"],
  ["SYSCALL_EPOLLWAIT_E", "epoll_wait", 576, 4736, "maxevents:ERRNO"],
  ["SYSCALL_EPOLLWAIT_X", "epoll_wait", 576, 4224, "res:ERRNO maxevents:ERRNO"],
  ["SYSCALL_POLL_E", "poll", 576, 4736, "fds:FDLIST timeout:INT64"],
  ["SYSCALL_POLL_X", "poll", 576, 4224, "res:ERRNO fds:FDLIST timeout:INT64"],
  ["SYSCALL_SELECT_E", "select", 576, 640, ""],
  ["SYSCALL_SELECT_X", "select", 576, 128, "res:ERRNO"],
  ["SYSCALL_NEWSELECT_E", "select", 576, 640, ""],
  ["SYSCALL_NEWSELECT_X", "select", 576, 4736, "res:ERRNO"],
  ["SYSCALL_LSEEK_E", "lseek", 514, 4612, "fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_LSEEK_X", "lseek", 514, 4100, "res:ERRNO fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_LLSEEK_E", "llseek", 514, 4612, "fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_LLSEEK_X", "llseek", 514, 4100, "res:ERRNO fd:FD offset:UINT64 whence:ENUMFLAGS8"],
  ["SYSCALL_IOCTL_2_E", "ioctl", 546, 4612, "fd:FD request:UINT64"],
  ["SYSCALL_IOCTL_2_X", "ioctl", 546, 4612, "res:ERRNO"],
  ["SYSCALL_GETCWD_E", "getcwd", 514, 512, ""],
  ["SYSCALL_GETCWD_X", "getcwd", 514, 0, "res:ERRNO path:CHARBUF"],
  ["SYSCALL_CHDIR_E", "chdir", 514, 544, ""],
  ["SYSCALL_CHDIR_X", "chdir", 514, 32, "res:ERRNO path:CHARBUF"],
  ["SYSCALL_FCHDIR_E", "fchdir", 514, 4644, "fd:FD"],
  ["SYSCALL_FCHDIR_X", "fchdir", 514, 4132, "res:ERRNO fd:FD"],
  ["SYSCALL_MKDIR_E", "mkdir", 514, 4608, "path:FSPATH mode:UINT32"],
  ["SYSCALL_MKDIR_X", "mkdir", 514, 4608, "res:ERRNO"],
  ["SYSCALL_RMDIR_E", "rmdir", 514, 4608, "path:FSPATH"],
  ["SYSCALL_RMDIR_X", "rmdir", 514, 4608, "res:ERRNO"],
  ["SYSCALL_OPENAT_E", "openat", 514, 4641, "dirfd:FD name:CHARBUF flags:FLAGS32 mode:UINT32"],
  ["SYSCALL_OPENAT_X", "openat", 514, 4641, "fd:FD"],
  ["SYSCALL_LINK_E", "link", 514, 4608, "oldpath:FSPATH newpath:FSPATH"],
  ["SYSCALL_LINK_X", "link", 514, 4608, "res:ERRNO"],
  ["SYSCALL_LINKAT_E", "linkat", 514, 4608, "olddir:FD oldpath:CHARBUF newdir:FD newpath:CHARBUF"],
  ["SYSCALL_LINKAT_X", "linkat", 514, 4608, "res:ERRNO"],
  ["SYSCALL_UNLINK_E", "unlink", 514, 4608, "path:FSPATH"],
  ["SYSCALL_UNLINK_X", "unlink", 514, 4608, "res:ERRNO"],
  ["SYSCALL_UNLINKAT_E", "unlinkat", 514, 4608, "dirfd:FD name:CHARBUF"],
  ["SYSCALL_UNLINKAT_X", "unlinkat", 514, 4608, "res:ERRNO"],
  ["SYSCALL_PREAD_E", "pread", 544, 4620, "fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PREAD_X", "pread", 544, 4108, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PWRITE_E", "pwrite", 545, 4628, "fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PWRITE_X", "pwrite", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_READV_E", "readv", 544, 4620, "fd:FD"],
  ["SYSCALL_READV_X", "readv", 544, 4108, "res:ERRNO size:UINT32 data:BYTEBUF fd:FD"],
  ["SYSCALL_WRITEV_E", "writev", 545, 4628, "fd:FD size:UINT32"],
  ["SYSCALL_WRITEV_X", "writev", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32"],
  ["SYSCALL_PREADV_E", "preadv", 544, 4620, "fd:FD pos:UINT64"],
  ["SYSCALL_PREADV_X", "preadv", 544, 4108, "res:ERRNO size:UINT32 data:BYTEBUF fd:FD pos:UINT64"],
  ["SYSCALL_PWRITEV_E", "pwritev", 545, 4628, "fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_PWRITEV_X", "pwritev", 545, 4116, "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64"],
  ["SYSCALL_DUP_E", "dup", 546, 4645, "fd:FD"],
  ["SYSCALL_DUP_X", "dup", 546, 4645, "res:FD"],
  ["SYSCALL_SIGNALFD_E", "signalfd", 521, 4641, "fd:FD mask:UINT32 flags:UINT8"],
  ["SYSCALL_SIGNALFD_X", "signalfd", 521, 4129, "res:FD fd:FD mask:UINT32 flags:UINT8"],
  ["SYSCALL_KILL_E", "kill", 521, 4608, "pid:PID sig:SIGTYPE"],
  ["SYSCALL_KILL_X", "kill", 521, 4096, "res:ERRNO pid:PID sig:SIGTYPE"],
  ["SYSCALL_TKILL_E", "tkill", 521, 4608, "tid:PID sig:SIGTYPE"],
  ["SYSCALL_TKILL_X", "tkill", 521, 4096, "res:ERRNO tid:PID sig:SIGTYPE"],
  ["SYSCALL_TGKILL_E", "tgkill", 521, 4608, "pid:PID tid:PID sig:SIGTYPE"],
  ["SYSCALL_TGKILL_X", "tgkill", 521, 4096, "res:ERRNO pid:PID tid:PID sig:SIGTYPE"],
  ["SYSCALL_NANOSLEEP_E", "nanosleep", 519, 4736, "interval:RELTIME"],
  ["SYSCALL_NANOSLEEP_X", "nanosleep", 519, 4224, "res:ERRNO interval:RELTIME"],
  ["SYSCALL_TIMERFD_CREATE_E", "timerfd_create", 523, 4641, "clockid:UINT8 flags:UINT8"],
  ["SYSCALL_TIMERFD_CREATE_X", "timerfd_create", 523, 4129, "res:FD clockid:UINT8 flags:UINT8"],
  ["SYSCALL_INOTIFY_INIT_E", "inotify_init", 516, 4641, "flags:UINT8"],
  ["SYSCALL_INOTIFY_INIT_X", "inotify_init", 516, 4129, "res:FD flags:UINT8"],
  ["SYSCALL_GETRLIMIT_E", "getrlimit", 518, 4608, "resource:ENUMFLAGS8"],
  ["SYSCALL_GETRLIMIT_X", "getrlimit", 518, 4096, "res:ERRNO cur:INT64 max:INT64 resource:ENUMFLAGS8"],
  ["SYSCALL_SETRLIMIT_E", "setrlimit", 518, 4608, "resource:ENUMFLAGS8"],
  ["SYSCALL_SETRLIMIT_X", "setrlimit", 518, 4096, "res:ERRNO cur:INT64 max:INT64 resource:ENUMFLAGS8"],
  ["SYSCALL_PRLIMIT_E", "prlimit", 518, 4608, "pid:PID resource:ENUMFLAGS8"],
  ["SYSCALL_PRLIMIT_X", "prlimit", 518, 4096, "res:ERRNO newcur:INT64 newmax:INT64 oldcur:INT64 oldmax:INT64 pid:INT64 resource:ENUMFLAGS8"],
  ["SCHEDSWITCH_1_E", "switch", 1152, 4864, "next:PID"],
  ["SCHEDSWITCH_1_X", "NA", 0, 64, ""],
  ["DROP_E", "drop", 4352, 256, "ratio:UINT32"],
  ["DROP_X", "drop", 4352, 256, "ratio:UINT32"],
  ["SYSCALL_FCNTL_E", "fcntl", 546, 4644, "fd:FD cmd:ENUMFLAGS8"],
  ["SYSCALL_FCNTL_X", "fcntl", 546, 4132, "res:FD fd:FD cmd:ENUMFLAGS8 arg:UINT64"],
  ["SCHEDSWITCH_6_E", "switch", 1152, 0, "next:PID pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32"],
  ["SCHEDSWITCH_6_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_13_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_13_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32"],
  ["SYSCALL_CLONE_16_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_16_X", "clone", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_BRK_4_E", "brk", 517, 4608, "addr:UINT64"],
  ["SYSCALL_BRK_4_X", "brk", 517, 4096, "res:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64"],
  ["SYSCALL_MMAP_E", "mmap", 517, 4612, "addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD offset:UINT64"],
  ["SYSCALL_MMAP_X", "mmap", 517, 4100, "res:ERRNO vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD offset:UINT64"],
  ["SYSCALL_MMAP2_E", "mmap2", 517, 4612, "addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD pgoffset:UINT64"],
  ["SYSCALL_MMAP2_X", "mmap2", 517, 4100, "res:ERRNO vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64 length:UINT64 prot:FLAGS32 flags:FLAGS32 fd:FD pgoffset:UINT64"],
  ["SYSCALL_MUNMAP_E", "munmap", 517, 4608, "addr:UINT64 length:UINT64"],
  ["SYSCALL_MUNMAP_X", "munmap", 517, 4096, "res:ERRNO vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 addr:UINT64 length:UINT64"],
  ["SYSCALL_SPLICE_E", "splice", 546, 4612, "fd_in:FD fd_out:FD size:UINT64 flags:FLAGS32"],
  ["SYSCALL_SPLICE_X", "splice", 546, 4100, "res:ERRNO fd_in:FD fd_out:FD size:UINT64 flags:FLAGS32"],
  ["SYSCALL_PTRACE_E", "ptrace", 518, 4608, "request:ENUMFLAGS16 pid:PID"],
  ["SYSCALL_PTRACE_X", "ptrace", 518, 4096, "res:ERRNO addr:DYN data:DYN request:ENUMFLAGS16 pid:PID"],
  ["SYSCALL_IOCTL_3_E", "ioctl", 546, 4612, "fd:FD request:UINT64 argument:UINT64"],
  ["SYSCALL_IOCTL_3_X", "ioctl", 546, 4100, "res:ERRNO fd:FD request:UINT64 argument:UINT64"],
  ["SYSCALL_EXECVE_14_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_14_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 env:BYTEBUF"],
  ["SYSCALL_RENAME_E", "rename", 514, 512, ""],
  ["SYSCALL_RENAME_X", "rename", 514, 0, "res:ERRNO oldpath:FSPATH newpath:FSPATH"],
  ["SYSCALL_RENAMEAT_E", "renameat", 514, 512, ""],
  ["SYSCALL_RENAMEAT_X", "renameat", 514, 0, "res:ERRNO olddirfd:FD oldpath:FSRELPATH newdirfd:FD newpath:FSRELPATH"],
  ["SYSCALL_SYMLINK_E", "symlink", 514, 512, ""],
  ["SYSCALL_SYMLINK_X", "symlink", 514, 0, "res:ERRNO target:CHARBUF linkpath:FSPATH"],
  ["SYSCALL_SYMLINKAT_E", "symlinkat", 514, 512, ""],
  ["SYSCALL_SYMLINKAT_X", "symlinkat", 514, 4, "res:ERRNO target:CHARBUF linkdirfd:FD linkpath:FSRELPATH"],
  ["SYSCALL_FORK_E", "fork", 518, 544, ""],
  ["SYSCALL_FORK_X", "fork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_VFORK_E", "vfork", 518, 544, ""],
  ["SYSCALL_VFORK_X", "vfork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["PROCEXIT_1_E", "procexit", 1030, 32, "status:ERRNO ret:ERRNO sig:SIGTYPE core:UINT8 reaper_tid:PID"],
  ["PROCEXIT_1_X", "NA", 0, 64, ""],
  ["SYSCALL_SENDFILE_E", "sendfile", 545, 4612, "out_fd:FD in_fd:FD offset:UINT64 size:UINT64"],
  ["SYSCALL_SENDFILE_X", "sendfile", 545, 4100, "res:ERRNO offset:UINT64 out_fd:FD in_fd:FD size:UINT64"],
  ["SYSCALL_QUOTACTL_E", "quotactl", 522, 4608, "cmd:FLAGS16 type:FLAGS8 id:UINT32 quota_fmt:FLAGS8"],
  ["SYSCALL_QUOTACTL_X", "quotactl", 522, 4096, "res:ERRNO special:CHARBUF quotafilepath:CHARBUF dqb_bhardlimit:UINT64 dqb_bsoftlimit:UINT64 dqb_curspace:UINT64 dqb_ihardlimit:UINT64 dqb_isoftlimit:UINT64 dqb_btime:RELTIME dqb_itime:RELTIME dqi_bgrace:RELTIME dqi_igrace:RELTIME dqi_flags:FLAGS8 quota_fmt_out:FLAGS8 cmd:FLAGS16 type:FLAGS8 id:UINT32 quota_fmt:FLAGS8"],
  ["SYSCALL_SETRESUID_E", "setresuid", 522, 4640, "ruid:UID euid:UID suid:UID"],
  ["SYSCALL_SETRESUID_X", "setresuid", 522, 4128, "res:ERRNO ruid:UID euid:UID suid:UID"],
  ["SYSCALL_SETRESGID_E", "setresgid", 522, 4640, "rgid:GID egid:GID sgid:GID"],
  ["SYSCALL_SETRESGID_X", "setresgid", 522, 4128, "res:ERRNO rgid:GID egid:GID sgid:GID"],
  ["SCAPEVENT_E", "scapevent", 4352, 256, "event_type:UINT32 event_data:UINT64"],
  ["SCAPEVENT_X", "NA", 0, 64, ""],
  ["SYSCALL_SETUID_E", "setuid", 522, 4640, "uid:UID"],
  ["SYSCALL_SETUID_X", "setuid", 522, 4128, "res:ERRNO uid:UID"],
  ["SYSCALL_SETGID_E", "setgid", 522, 4640, "gid:GID"],
  ["SYSCALL_SETGID_X", "setgid", 522, 4128, "res:ERRNO gid:GID"],
  ["SYSCALL_GETUID_E", "getuid", 522, 512, ""],
  ["SYSCALL_GETUID_X", "getuid", 522, 0, "uid:UID"],
  ["SYSCALL_GETEUID_E", "geteuid", 522, 512, ""],
  ["SYSCALL_GETEUID_X", "geteuid", 522, 0, "euid:UID"],
  ["SYSCALL_GETGID_E", "getgid", 522, 512, ""],
  ["SYSCALL_GETGID_X", "getgid", 522, 0, "gid:GID"],
  ["SYSCALL_GETEGID_E", "getegid", 522, 512, ""],
  ["SYSCALL_GETEGID_X", "getegid", 522, 0, "egid:GID"],
  ["SYSCALL_GETRESUID_E", "getresuid", 522, 512, ""],
  ["SYSCALL_GETRESUID_X", "getresuid", 522, 0, "res:ERRNO ruid:UID euid:UID suid:UID"],
  ["SYSCALL_GETRESGID_E", "getresgid", 522, 512, ""],
  ["SYSCALL_GETRESGID_X", "getresgid", 522, 0, "res:ERRNO rgid:GID egid:GID sgid:GID"],
  ["SYSCALL_EXECVE_15_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_15_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF env:BYTEBUF"],
  ["SYSCALL_CLONE_17_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_17_X", "clone", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_FORK_17_E", "fork", 518, 544, ""],
  ["SYSCALL_FORK_17_X", "fork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_VFORK_17_E", "vfork", 518, 544, ""],
  ["SYSCALL_VFORK_17_X", "vfork", 518, 4640, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF flags:FLAGS32 uid:UINT32 gid:UINT32"],
  ["SYSCALL_CLONE_20_E", "clone", 518, 544, ""],
  ["SYSCALL_CLONE_20_X", "clone", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["SYSCALL_FORK_20_E", "fork", 518, 544, ""],
  ["SYSCALL_FORK_20_X", "fork", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["SYSCALL_VFORK_20_E", "vfork", 518, 544, ""],
  ["SYSCALL_VFORK_20_X", "vfork", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["CONTAINER_E", "container", 4352, 4896, "id:CHARBUF type:UINT32 name:CHARBUF image:CHARBUF"],
  ["CONTAINER_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_16_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_16_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF"],
  ["SIGNALDELIVER_E", "signaldeliver", 1033, 0, "spid:PID dpid:PID sig:SIGTYPE"],
  ["SIGNALDELIVER_X", "NA", 0, 64, ""],
  ["PROCINFO_E", "procinfo", 4352, 256, "cpu_usr:UINT64 cpu_sys:UINT64"],
  ["PROCINFO_X", "NA", 0, 64, ""],
  ["SYSCALL_GETDENTS_E", "getdents", 514, 4612, "fd:FD"],
  ["SYSCALL_GETDENTS_X", "getdents", 514, 4100, "res:ERRNO fd:FD"],
  ["SYSCALL_GETDENTS64_E", "getdents64", 514, 4612, "fd:FD"],
  ["SYSCALL_GETDENTS64_X", "getdents64", 514, 4100, "res:ERRNO fd:FD"],
  ["SYSCALL_SETNS_E", "setns", 518, 4612, "fd:FD nstype:FLAGS32"],
  ["SYSCALL_SETNS_X", "setns", 518, 4100, "res:ERRNO fd:FD nstype:FLAGS32"],
  ["SYSCALL_FLOCK_E", "flock", 514, 4612, "fd:FD operation:FLAGS32"],
  ["SYSCALL_FLOCK_X", "flock", 514, 4100, "res:ERRNO fd:FD operation:FLAGS32"],
  ["CPU_HOTPLUG_E", "cpu_hotplug", 4104, 288, "cpu:UINT32 action:UINT32"],
  ["CPU_HOTPLUG_X", "NA", 0, 64, ""],
  ["SOCKET_ACCEPT_5_E", "accept", 515, 545, ""],
  ["SOCKET_ACCEPT_5_X", "accept", 515, 33, "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32"],
  ["SOCKET_ACCEPT4_5_E", "accept", 515, 4641, "flags:INT32"],
  ["SOCKET_ACCEPT4_5_X", "accept", 515, 4641, "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32"],
  ["SYSCALL_SEMOP_E", "semop", 518, 4608, "semid:INT32"],
  ["SYSCALL_SEMOP_X", "semop", 518, 4096, "res:ERRNO nsops:UINT32 sem_num_0:UINT16 sem_op_0:INT16 sem_flg_0:FLAGS16 sem_num_1:UINT16 sem_op_1:INT16 sem_flg_1:FLAGS16 semid:INT32"],
  ["SYSCALL_SEMCTL_E", "semctl", 518, 4608, "semid:INT32 semnum:INT32 cmd:FLAGS16 val:INT32"],
  ["SYSCALL_SEMCTL_X", "semctl", 518, 4096, "res:ERRNO semid:INT32 semnum:INT32 cmd:FLAGS16 val:INT32"],
  ["SYSCALL_PPOLL_E", "ppoll", 576, 4736, "fds:FDLIST timeout:RELTIME sigmask:SIGSET"],
  ["SYSCALL_PPOLL_X", "ppoll", 576, 4224, "res:ERRNO fds:FDLIST timeout:RELTIME sigmask:SIGSET"],
  ["SYSCALL_MOUNT_E", "mount", 514, 4640, "flags:FLAGS32"],
  ["SYSCALL_MOUNT_X", "mount", 514, 4128, "res:ERRNO dev:CHARBUF dir:FSPATH type:CHARBUF flags:FLAGS32"],
  ["SYSCALL_UMOUNT_E", "umount", 514, 544, "flags:FLAGS32"],
  ["SYSCALL_UMOUNT_X", "umount", 514, 4640, "res:ERRNO name:FSPATH"],
  ["K8S_E", "k8s", 4352, 800, "json:CHARBUF"],
  ["K8S_X", "NA", 0, 64, ""],
  ["SYSCALL_SEMGET_E", "semget", 518, 4608, "key:INT32 nsems:INT32 semflg:FLAGS32"],
  ["SYSCALL_SEMGET_X", "semget", 518, 4096, "res:ERRNO key:INT32 nsems:INT32 semflg:FLAGS32"],
  ["SYSCALL_ACCESS_E", "access", 514, 4608, "mode:FLAGS32"],
  ["SYSCALL_ACCESS_X", "access", 514, 4096, "res:ERRNO name:FSPATH mode:FLAGS32"],
  ["SYSCALL_CHROOT_E", "chroot", 518, 544, ""],
  ["SYSCALL_CHROOT_X", "chroot", 518, 32, "res:ERRNO path:FSPATH"],
  ["TRACER_E", "tracer", 4097, 512, "id:INT64 tags:CHARBUFARRAY args:CHARBUF_PAIR_ARRAY"],
  ["TRACER_X", "NA", 0, 64, "id:INT64 tags:CHARBUFARRAY args:CHARBUF_PAIR_ARRAY"],
  ["MESOS_E", "mesos", 4352, 800, "json:CHARBUF"],
  ["MESOS_X", "NA", 0, 64, ""],
  ["CONTAINER_JSON_E", "container", 4102, 4640, "json:CHARBUF"],
  ["CONTAINER_JSON_X", "NA", 0, 64, ""],
  ["SYSCALL_SETSID_E", "setsid", 518, 544, ""],
  ["SYSCALL_SETSID_X", "setsid", 518, 32, "res:PID"],
  ["SYSCALL_MKDIR_2_E", "mkdir", 514, 4608, "mode:UINT32"],
  ["SYSCALL_MKDIR_2_X", "mkdir", 514, 4096, "res:ERRNO path:FSPATH mode:UINT32"],
  ["SYSCALL_RMDIR_2_E", "rmdir", 514, 512, ""],
  ["SYSCALL_RMDIR_2_X", "rmdir", 514, 0, "res:ERRNO path:FSPATH"],
  ["NOTIFICATION_E", "notification", 4097, 256, "id:CHARBUF desc:CHARBUF"],
  ["NOTIFICATION_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_17_E", "execve", 518, 4640, ""],
  ["SYSCALL_EXECVE_17_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:INT32"],
  ["SYSCALL_UNSHARE_E", "unshare", 518, 4608, "flags:FLAGS32"],
  ["SYSCALL_UNSHARE_X", "unshare", 518, 4096, "res:ERRNO flags:FLAGS32"],
  ["INFRASTRUCTURE_EVENT_E", "infra", 4352, 256, "source:CHARBUF name:CHARBUF description:CHARBUF scope:CHARBUF"],
  ["INFRASTRUCTURE_EVENT_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_18_E", "execve", 518, 4640, "filename:FSPATH"],
  ["SYSCALL_EXECVE_18_X", "execve", 518, 4640, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:INT32"],
  ["PAGE_FAULT_E", "page_fault", 1025, 256, "addr:UINT64 ip:UINT64 error:FLAGS32"],
  ["PAGE_FAULT_X", "NA", 0, 64, ""],
  ["SYSCALL_EXECVE_19_E", "execve", 518, 4640, "filename:FSPATH"],
  ["SYSCALL_EXECVE_19_X", "execve", 518, 4128, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:FSPATH pgid:PID gid:GID filename:FSPATH"],
  ["SYSCALL_SETPGID_E", "setpgid", 518, 4608, "pid:PID pgid:PID"],
  ["SYSCALL_SETPGID_X", "setpgid", 518, 4096, "res:ERRNO pid:PID pgid:PID"],
  ["SYSCALL_BPF_E", "bpf", 513, 4609, "cmd:INT64"],
  ["SYSCALL_BPF_X", "bpf", 513, 4609, "res_or_fd:DYN"],
  ["SYSCALL_SECCOMP_E", "seccomp", 513, 4608, "op:UINT64 flags:UINT64"],
  ["SYSCALL_SECCOMP_X", "seccomp", 513, 4096, "res:ERRNO op:UINT64 flags:UINT64"],
  ["SYSCALL_UNLINK_2_E", "unlink", 514, 512, ""],
  ["SYSCALL_UNLINK_2_X", "unlink", 514, 0, "res:ERRNO path:FSPATH"],
  ["SYSCALL_UNLINKAT_2_E", "unlinkat", 514, 512, ""],
  ["SYSCALL_UNLINKAT_2_X", "unlinkat", 514, 4, "res:ERRNO dirfd:FD name:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_MKDIRAT_E", "mkdirat", 514, 512, ""],
  ["SYSCALL_MKDIRAT_X", "mkdirat", 514, 4, "res:ERRNO dirfd:FD path:FSRELPATH mode:UINT32"],
  ["SYSCALL_OPENAT_2_E", "openat", 514, 4129, "dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32"],
  ["SYSCALL_OPENAT_2_X", "openat", 514, 4129, "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64"],
  ["SYSCALL_LINK_2_E", "link", 514, 512, ""],
  ["SYSCALL_LINK_2_X", "link", 514, 0, "res:ERRNO oldpath:FSPATH newpath:FSPATH"],
  ["SYSCALL_LINKAT_2_E", "linkat", 514, 512, ""],
  ["SYSCALL_LINKAT_2_X", "linkat", 514, 0, "res:ERRNO olddir:FD oldpath:FSRELPATH newdir:FD newpath:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_FCHMODAT_E", "fchmodat", 514, 512, ""],
  ["SYSCALL_FCHMODAT_X", "fchmodat", 514, 4, "res:ERRNO dirfd:FD filename:FSRELPATH mode:MODE"],
  ["SYSCALL_CHMOD_E", "chmod", 514, 512, ""],
  ["SYSCALL_CHMOD_X", "chmod", 514, 0, "res:ERRNO filename:FSPATH mode:MODE"],
  ["SYSCALL_FCHMOD_E", "fchmod", 514, 512, ""],
  ["SYSCALL_FCHMOD_X", "fchmod", 514, 4, "res:ERRNO fd:FD mode:MODE"],
  ["SYSCALL_RENAMEAT2_E", "renameat2", 514, 512, ""],
  ["SYSCALL_RENAMEAT2_X", "renameat2", 514, 0, "res:ERRNO olddirfd:FD oldpath:FSRELPATH newdirfd:FD newpath:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_USERFAULTFD_E", "userfaultfd", 514, 545, ""],
  ["SYSCALL_USERFAULTFD_X", "userfaultfd", 514, 33, "res:ERRNO flags:FLAGS32"],
  ["PLUGINEVENT_E", "pluginevent", 2049, 2048, "plugin_id:UINT32 event_data:BYTEBUF"],
  ["PLUGINEVENT_X", "NA", 0, 64, ""],
  ["CONTAINER_JSON_2_E", "container", 4102, 2080, "json:CHARBUF"],
  ["CONTAINER_JSON_2_X", "NA", 0, 64, ""],
  ["SYSCALL_OPENAT2_E", "openat2", 514, 4129, "dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32"],
  ["SYSCALL_OPENAT2_X", "openat2", 514, 4129, "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32 dev:UINT32 ino:UINT64"],
  ["SYSCALL_MPROTECT_E", "mprotect", 517, 4608, "addr:UINT64 length:UINT64 prot:FLAGS32"],
  ["SYSCALL_MPROTECT_X", "mprotect", 517, 4096, "res:ERRNO addr:UINT64 length:UINT64 prot:FLAGS32"],
  ["SYSCALL_EXECVEAT_E", "execveat", 518, 4640, "dirfd:FD pathname:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_EXECVEAT_X", "execveat", 518, 4128, "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:FSPATH pgid:PID gid:GID"],
  ["SYSCALL_COPY_FILE_RANGE_E", "copy_file_range", 514, 4636, "fdin:FD offin:UINT64 len:UINT64"],
  ["SYSCALL_COPY_FILE_RANGE_X", "copy_file_range", 514, 4124, "res:ERRNO fdout:FD offout:UINT64 fdin:FD offin:UINT64 len:UINT64"],
  ["SYSCALL_CLONE3_E", "clone3", 518, 544, ""],
  ["SYSCALL_CLONE3_X", "clone3", 518, 4128, "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64"],
  ["SYSCALL_OPEN_BY_HANDLE_AT_E", "open_by_handle_at", 514, 545, ""],
  ["SYSCALL_OPEN_BY_HANDLE_AT_X", "open_by_handle_at", 514, 33, "fd:FD mountfd:FD flags:FLAGS32 path:FSPATH dev:UINT32 ino:UINT64"],
  ["SYSCALL_IO_URING_SETUP_E", "io_uring_setup", 546, 545, ""],
  ["SYSCALL_IO_URING_SETUP_X", "io_uring_setup", 546, 33, "res:ERRNO entries:UINT32 sq_entries:UINT32 cq_entries:UINT32 flags:FLAGS32 sq_thread_cpu:UINT32 sq_thread_idle:UINT32 features:FLAGS32"],
  ["SYSCALL_IO_URING_ENTER_E", "io_uring_enter", 546, 512, ""],
  ["SYSCALL_IO_URING_ENTER_X", "io_uring_enter", 546, 4, "res:ERRNO fd:FD to_submit:UINT32 min_complete:UINT32 flags:FLAGS32 sig:SIGSET"],
  ["SYSCALL_IO_URING_REGISTER_E", "io_uring_register", 546, 512, ""],
  ["SYSCALL_IO_URING_REGISTER_X", "io_uring_register", 546, 4, "res:ERRNO fd:FD opcode:ENUMFLAGS16 arg:UINT64 nr_args:UINT32"],
  ["SYSCALL_MLOCK_E", "mlock", 517, 512, ""],
  ["SYSCALL_MLOCK_X", "mlock", 517, 0, "res:ERRNO addr:UINT64 len:UINT64"],
  ["SYSCALL_MUNLOCK_E", "munlock", 517, 512, ""],
  ["SYSCALL_MUNLOCK_X", "munlock", 517, 0, "res:ERRNO addr:UINT64 len:UINT64"],
  ["SYSCALL_MLOCKALL_E", "mlockall", 517, 512, ""],
  ["SYSCALL_MLOCKALL_X", "mlockall", 517, 0, "res:ERRNO flags:FLAGS32"],
  ["SYSCALL_MUNLOCKALL_E", "munlockall", 517, 512, ""],
  ["SYSCALL_MUNLOCKALL_X", "munlockall", 517, 0, "res:ERRNO"],
  ["SYSCALL_CAPSET_E", "capset", 518, 544, ""],
  ["SYSCALL_CAPSET_X", "capset", 518, 32, "res:ERRNO cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64"],
  ["USER_ADDED_E", "useradded", 4102, 32, "uid:UINT32 gid:UINT32 name:CHARBUF home:CHARBUF shell:CHARBUF container_id:CHARBUF"],
  ["USER_ADDED_X", "NA", 0, 64, ""],
  ["USER_DELETED_E", "userdeleted", 4102, 32, "uid:UINT32 gid:UINT32 name:CHARBUF home:CHARBUF shell:CHARBUF container_id:CHARBUF"],
  ["USER_DELETED_X", "NA", 0, 64, ""],
  ["GROUP_ADDED_E", "groupadded", 4102, 32, "gid:UINT32 name:CHARBUF container_id:CHARBUF"],
  ["GROUP_ADDED_X", "NA", 0, 64, ""],
  ["GROUP_DELETED_E", "groupdeleted", 4102, 32, "gid:UINT32 name:CHARBUF container_id:CHARBUF"],
  ["GROUP_DELETED_X", "NA", 0, 64, ""],
  ["SYSCALL_DUP2_E", "dup2", 546, 549, "fd:FD"],
  ["SYSCALL_DUP2_X", "dup2", 546, 37, "res:FD oldfd:FD newfd:FD"],
  ["SYSCALL_DUP3_E", "dup3", 546, 549, "fd:FD"],
  ["SYSCALL_DUP3_X", "dup3", 546, 37, "res:FD oldfd:FD newfd:FD flags:FLAGS32"],
  ["SYSCALL_DUP_1_E", "dup", 546, 549, "fd:FD"],
  ["SYSCALL_DUP_1_X", "dup", 546, 37, "res:FD oldfd:FD"],
  ["SYSCALL_BPF_2_E", "bpf", 513, 513, "cmd:INT64"],
  ["SYSCALL_BPF_2_X", "bpf", 513, 1, "fd:FD cmd:ENUMFLAGS32"],
  ["SYSCALL_MLOCK2_E", "mlock2", 517, 512, ""],
  ["SYSCALL_MLOCK2_X", "mlock2", 517, 0, "res:ERRNO addr:UINT64 len:UINT64 flags:FLAGS32"],
  ["SYSCALL_FSCONFIG_E", "fsconfig", 520, 512, ""],
  ["SYSCALL_FSCONFIG_X", "fsconfig", 520, 4, "res:ERRNO fd:FD cmd:ENUMFLAGS32 key:CHARBUF value_bytebuf:BYTEBUF value_charbuf:CHARBUF aux:INT32"],
  ["SYSCALL_EPOLL_CREATE_E", "epoll_create", 576, 4641, "size:INT32"],
  ["SYSCALL_EPOLL_CREATE_X", "epoll_create", 576, 4129, "res:ERRNO size:INT32"],
  ["SYSCALL_EPOLL_CREATE1_E", "epoll_create1", 576, 4641, "flags:FLAGS32"],
  ["SYSCALL_EPOLL_CREATE1_X", "epoll_create1", 576, 4129, "res:ERRNO flags:FLAGS32"],
  ["SYSCALL_CHOWN_E", "chown", 514, 512, ""],
  ["SYSCALL_CHOWN_X", "chown", 514, 0, "res:ERRNO path:FSPATH uid:UINT32 gid:UINT32"],
  ["SYSCALL_LCHOWN_E", "lchown", 514, 512, ""],
  ["SYSCALL_LCHOWN_X", "lchown", 514, 0, "res:ERRNO path:FSPATH uid:UINT32 gid:UINT32"],
  ["SYSCALL_FCHOWN_E", "fchown", 514, 512, ""],
  ["SYSCALL_FCHOWN_X", "fchown", 514, 4, "res:ERRNO fd:FD uid:UINT32 gid:UINT32"],
  ["SYSCALL_FCHOWNAT_E", "fchownat", 514, 512, ""],
  ["SYSCALL_FCHOWNAT_X", "fchownat", 514, 4, "res:ERRNO dirfd:FD pathname:FSRELPATH uid:UINT32 gid:UINT32 flags:FLAGS32"],
  ["SYSCALL_UMOUNT_1_E", "umount", 514, 544, ""],
  ["SYSCALL_UMOUNT_1_X", "umount", 514, 32, "res:ERRNO name:FSPATH"],
  ["SOCKET_ACCEPT4_6_E", "accept4", 515, 4641, "flags:INT32"],
  ["SOCKET_ACCEPT4_6_X", "accept4", 515, 4129, "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32 flags:INT32"],
  ["SYSCALL_UMOUNT2_E", "umount2", 514, 4640, "flags:FLAGS32"],
  ["SYSCALL_UMOUNT2_X", "umount2", 514, 4128, "res:ERRNO name:FSPATH flags:FLAGS32"],
  ["SYSCALL_PIPE2_E", "pipe2", 516, 545, ""],
  ["SYSCALL_PIPE2_X", "pipe2", 516, 33, "res:ERRNO fd1:FD fd2:FD ino:UINT64 flags:FLAGS32"],
  ["SYSCALL_INOTIFY_INIT1_E", "inotify_init1", 516, 545, ""],
  ["SYSCALL_INOTIFY_INIT1_X", "inotify_init1", 516, 33, "res:FD flags:FLAGS16"],
  ["SYSCALL_EVENTFD2_E", "eventfd2", 516, 4641, "initval:UINT64"],
  ["SYSCALL_EVENTFD2_X", "eventfd2", 516, 4129, "res:FD flags:FLAGS16 initval:UINT64"],
  ["SYSCALL_SIGNALFD4_E", "signalfd4", 521, 4641, "fd:FD mask:UINT32"],
  ["SYSCALL_SIGNALFD4_X", "signalfd4", 521, 4129, "res:FD flags:FLAGS16 fd:FD mask:UINT32"],
  ["SYSCALL_PRCTL_E", "prctl", 518, 544, ""],
  ["SYSCALL_PRCTL_X", "prctl", 518, 32, "res:ERRNO option:ENUMFLAGS32 arg2_str:CHARBUF arg2_int:INT64"],
  ["ASYNCEVENT_E", "asyncevent", 4097, 2048, "plugin_id:UINT32 name:CHARBUF data:BYTEBUF"],
  ["ASYNCEVENT_X", "NA", 0, 64, ""],
  ["SYSCALL_MEMFD_CREATE_E", "memfd_create", 517, 545, ""],
  ["SYSCALL_MEMFD_CREATE_X", "memfd_create", 517, 33, "fd:FD name:CHARBUF flags:FLAGS32"],
  ["SYSCALL_PIDFD_GETFD_E", "pidfd_getfd", 518, 545, ""],
  ["SYSCALL_PIDFD_GETFD_X", "pidfd_getfd", 518, 33, "fd:FD pid_fd:FD target_fd:FD flags:UINT32"],
  ["SYSCALL_PIDFD_OPEN_E", "pidfd_open", 518, 545, ""],
  ["SYSCALL_PIDFD_OPEN_X", "pidfd_open", 518, 33, "fd:FD pid:PID flags:FLAGS32"],
  ["SYSCALL_INIT_MODULE_E", "init_module", 513, 512, ""],
  ["SYSCALL_INIT_MODULE_X", "init_module", 513, 0, "res:ERRNO img:BYTEBUF length:UINT64 uargs:CHARBUF"],
  ["SYSCALL_FINIT_MODULE_E", "finit_module", 513, 512, ""],
  ["SYSCALL_FINIT_MODULE_X", "finit_module", 513, 12, "res:ERRNO fd:FD uargs:CHARBUF flags:FLAGS32"],
  ["SYSCALL_MKNOD_E", "mknod", 513, 512, ""],
  ["SYSCALL_MKNOD_X", "mknod", 513, 0, "res:ERRNO path:FSPATH mode:MODE dev:UINT32"],
  ["SYSCALL_MKNODAT_E", "mknodat", 513, 512, ""],
  ["SYSCALL_MKNODAT_X", "mknodat", 513, 4, "res:ERRNO dirfd:FD path:FSRELPATH mode:MODE dev:UINT32"],
  ["SYSCALL_NEWFSTATAT_E", "newfstatat", 514, 512, ""],
  ["SYSCALL_NEWFSTATAT_X", "newfstatat", 514, 4, "res:ERRNO dirfd:FD path:FSRELPATH flags:FLAGS32"],
  ["SYSCALL_PROCESS_VM_READV_E", "process_vm_readv", 516, 512, ""],
  ["SYSCALL_PROCESS_VM_READV_X", "process_vm_readv", 516, 0, "res:INT64 pid:PID data:BYTEBUF"],
  ["SYSCALL_PROCESS_VM_WRITEV_E", "process_vm_writev", 516, 512, ""],
  ["SYSCALL_PROCESS_VM_WRITEV_X", "process_vm_writev", 516, 0, "res:INT64 pid:PID data:BYTEBUF"],
  ["SYSCALL_DELETE_MODULE_E", "delete_module", 513, 512, ""],
  ["SYSCALL_DELETE_MODULE_X", "delete_module", 513, 0, "res:ERRNO name:CHARBUF flags:FLAGS32"],
  ["SYSCALL_SETREUID_E", "setreuid", 522, 544, ""],
  ["SYSCALL_SETREUID_X", "setreuid", 522, 32, "res:ERRNO ruid:UID euid:UID"],
  ["SYSCALL_SETREGID_E", "setregid", 522, 512, ""],
  ["SYSCALL_SETREGID_X", "setregid", 522, 32, "res:ERRNO rgid:UID egid:UID"],
  ["ITER_TASK_E", "task", 8198, 32, "ppid:PID32 pgid:PID32 vpgid:PID32 sid:PID32 comm:CHARBUF argv:CHARBUFARRAY exepath:FSPATH flags:FLAGS32 env:CHARBUFARRAY cwd:CHARBUF fdlimit:UINT64 euid:UID egid:GID cap_permitted:UINT64 cap_effective:UINT64 cap_inheritable:UINT64 exe_ino_num:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 pgft_maj:UINT64 pgft_min:UINT64 vtgid:PID32 vpid:PID32 pidns_init_start_ts:UINT64 cgroups:CHARBUFARRAY root:FSPATH start_time:ABSTIME tty:UINT32 loginuid:UID"],
  ["ITER_TASK_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_PIPE_E", "task_file_pipe", 8194, 32, "fd:FD32 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_PIPE_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_MEMFD_E", "task_file_memfd", 8194, 32, "fd:FD32 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_MEMFD_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_REGULAR_E", "task_file_regular", 8194, 32, "fd:FD32 path:FSPATH flags:FLAGS32 mnt_id:UINT32 ino_num:UINT64"],
  ["ITER_TASK_FILE_REGULAR_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_DIRECTORY_E", "task_file_directory", 8194, 32, "fd:FD32 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_DIRECTORY_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_INET_E", "task_file_socket_inet", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 local_ip:IPV4ADDR local_port:PORT remote_ip:IPV4ADDR remote_port:PORT ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_INET_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_INET6_E", "task_file_socket_inet6", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 local_ip:IPV6ADDR local_port:PORT remote_ip:IPV6ADDR remote_port:PORT ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_INET6_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_UNIX_E", "task_file_socket_unix", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 sk_pointer:UINT64 sun_path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_UNIX_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_SOCKET_NETLINK_E", "task_file_socket_netlink", 8194, 32, "fd:FD32 sk_type:UINT16 sk_proto:UINT16 ino_num:UINT64"],
  ["ITER_TASK_FILE_SOCKET_NETLINK_X", "NA", 0, 64, ""],
  ["ITER_TASK_FILE_ANON_INODE_E", "task_file_anon_inode", 8194, 32, "fd:FD32 fd_type:FLAGS8 path:FSPATH ino_num:UINT64"],
  ["ITER_TASK_FILE_ANON_INODE_X", "NA", 0, 64, ""],
  ["SYSCALL_CLOSE_RANGE_E", "NA", 0, 64, ""],
  ["SYSCALL_CLOSE_RANGE_X", "close_range", 546, 32, "res:ERRNO first:UINT32 last:UINT32 flags:FLAGS32"],
  ["SYSCALL_KEYCTL_E", "NA", 0, 64, ""],
  ["SYSCALL_KEYCTL_X", "keyctl", 513, 0, "res:ERRNO operation:ENUMFLAGS32 arg2:DYN arg3:DYN arg4:DYN arg5:DYN"],
];

interface ParsedRow {
  symbol: string;
  name: string;
  category: number;
  flags: number;
  params: ParamInfo[];
}

function parseRows(): ParsedRow[] {
  return ROWS.map(([symbol, name, category, flags, paramText]) => ({
    symbol,
    name,
    category,
    flags,
    params:
      paramText === ''
        ? []
        : paramText.split(' ').map((entry) => {
            const colon = entry.lastIndexOf(':');
            const typeName = entry.slice(colon + 1) as ParamTypeName;
            return { name: entry.slice(0, colon), type: PT[typeName] };
          }),
  }));
}

const PARSED_ROWS = parseRows();

/** Every parameter name of the table, numbered ("slots"), so that hot code can find a parameter of any
 *  event by number instead of by string. */
export const PARAM_NAMES: readonly string[] = [...new Set(PARSED_ROWS.flatMap((row) => row.params.map((param) => param.name)))];
const PARAM_SLOTS: ReadonlyMap<string, number> = new Map(PARAM_NAMES.map((name, slot) => [name, slot]));

/** The slot of a parameter name; throws for a name no event has, so that typos surface at load time. */
export function paramSlot(name: string): number {
  const slot = PARAM_SLOTS.get(name);
  if (slot === undefined) throw new Error(`no event has a parameter named '${name}'`);
  return slot;
}

/** The slot of a parameter name, or -1 for a name no event has. */
export function findParamSlot(name: string): number {
  return PARAM_SLOTS.get(name) ?? -1;
}

function buildTable(): EventInfo[] {
  return PARSED_ROWS.map(({ symbol, name, category, flags, params }, code) => {
    const paramIndex = new Map<string, number>();
    const slotIndex = new Int16Array(PARAM_NAMES.length).fill(-1);
    params.forEach((param, index) => {
      if (!paramIndex.has(param.name)) {
        paramIndex.set(param.name, index);
        slotIndex[PARAM_SLOTS.get(param.name)!] = index;
      }
    });
    return {
      code,
      symbol,
      name,
      dir: code % 2 === 0 ? '>' : '<',
      category,
      flags,
      largePayload: (flags & EF.LARGE_PAYLOAD) !== 0,
      params,
      paramIndex,
      slotIndex,
    };
  });
}

/** The full table, indexed by event code. */
export const EVENT_TABLE: readonly EventInfo[] = buildTable();

/** PPM_EVENT_MAX: codes at or above are unknown to this table. */
export const EVENT_CODE_MAX = EVENT_TABLE.length;

/** Event codes by symbol without the PPME_ prefix, e.g. PPME.SYSCALL_EXECVE_19_X === 293. */
export const PPME: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(EVENT_TABLE.map((info) => [info.symbol, info.code])),
);

/** The code of a symbol; throws for a typo so that mistakes surface at load time. */
export function eventCode(symbol: string): number {
  const code = PPME[symbol];
  if (code === undefined) throw new Error(`unknown event symbol PPME_${symbol}`);
  return code;
}

export function eventInfo(code: number): EventInfo | undefined {
  return EVENT_TABLE[code];
}

/** All event codes whose evt.type is one of the given names (every version, both directions). */
export function eventCodesForNames(names: Iterable<string>): Set<number> {
  const wanted = new Set(names);
  const codes = new Set<number>();
  for (const info of EVENT_TABLE) if (wanted.has(info.name)) codes.add(info.code);
  return codes;
}

/** Every distinct evt.type name the table knows (without the 'NA' placeholder). */
export const EVENT_NAMES: ReadonlySet<string> = new Set(
  EVENT_TABLE.map((info) => info.name).filter((name) => name !== 'NA'),
);

/** Well-known codes used by the reader's state tracking. */
export const CODES = {
  CLONE_X: [eventCode('SYSCALL_CLONE_11_X'), eventCode('SYSCALL_CLONE_16_X'), eventCode('SYSCALL_CLONE_17_X'), eventCode('SYSCALL_CLONE_20_X')],
  FORK_X: [eventCode('SYSCALL_FORK_X'), eventCode('SYSCALL_FORK_17_X'), eventCode('SYSCALL_FORK_20_X')],
  VFORK_X: [eventCode('SYSCALL_VFORK_X'), eventCode('SYSCALL_VFORK_17_X'), eventCode('SYSCALL_VFORK_20_X')],
  CLONE3_X: [eventCode('SYSCALL_CLONE3_X')],
  EXECVE_X: [
    eventCode('SYSCALL_EXECVE_8_X'),
    eventCode('SYSCALL_EXECVE_13_X'),
    eventCode('SYSCALL_EXECVE_14_X'),
    eventCode('SYSCALL_EXECVE_15_X'),
    eventCode('SYSCALL_EXECVE_16_X'),
    eventCode('SYSCALL_EXECVE_17_X'),
    eventCode('SYSCALL_EXECVE_18_X'),
    eventCode('SYSCALL_EXECVE_19_X'),
  ],
  EXECVEAT_X: [eventCode('SYSCALL_EXECVEAT_X')],
  PROCEXIT_E: [eventCode('PROCEXIT_E'), eventCode('PROCEXIT_1_E')],
  CONTAINER_E: [eventCode('CONTAINER_E'), eventCode('CONTAINER_JSON_E'), eventCode('CONTAINER_JSON_2_E')],
} as const;

/**
 * Syscall names by PPM_SC code (the PT_SYSCALLID parameter of the generic 'syscall' events, which the
 * driver emits for syscalls without an event of their own). libsinsp reports such an event's evt.type as
 * the syscall's name, e.g. 'madvise'. Codes are append-only across libs versions.
 */
export const SYSCALL_NAMES: readonly string[] = [
  'unknown', 'restart_syscall', 'exit', 'read', 'write', 'open', 'close', 'creat', 'link', 'unlink', 'chdir',
  'time', 'mknod', 'chmod', 'stat', 'lseek', 'getpid', 'mount', 'ptrace', 'alarm', 'fstat', 'pause', 'utime',
  'access', 'sync', 'kill', 'rename', 'mkdir', 'rmdir', 'dup', 'pipe', 'times', 'brk', 'acct', 'ioctl',
  'fcntl', 'setpgid', 'umask', 'chroot', 'ustat', 'dup2', 'getppid', 'getpgrp', 'setsid', 'sethostname',
  'setrlimit', 'getrusage', 'gettimeofday', 'settimeofday', 'symlink', 'lstat', 'readlink', 'uselib',
  'swapon', 'reboot', 'mmap', 'munmap', 'truncate', 'ftruncate', 'fchmod', 'getpriority', 'setpriority',
  'statfs', 'fstatfs', 'syslog', 'setitimer', 'getitimer', 'uname', 'vhangup', 'wait4', 'swapoff', 'sysinfo',
  'fsync', 'setdomainname', 'adjtimex', 'mprotect', 'init_module', 'delete_module', 'quotactl', 'getpgid',
  'fchdir', 'sysfs', 'personality', 'getdents', 'select', 'flock', 'msync', 'readv', 'writev', 'getsid',
  'fdatasync', 'mlock', 'munlock', 'mlockall', 'munlockall', 'sched_setparam', 'sched_getparam',
  'sched_setscheduler', 'sched_getscheduler', 'sched_yield', 'sched_get_priority_max',
  'sched_get_priority_min', 'sched_rr_get_interval', 'nanosleep', 'mremap', 'poll', 'prctl', 'rt_sigaction',
  'rt_sigprocmask', 'rt_sigpending', 'rt_sigtimedwait', 'rt_sigqueueinfo', 'rt_sigsuspend', 'getcwd',
  'capget', 'capset', 'sendfile', 'getrlimit', 'lchown', 'getuid', 'getgid', 'geteuid', 'getegid',
  'setreuid', 'setregid', 'getgroups', 'setgroups', 'fchown', 'setresuid', 'getresuid', 'setresgid',
  'getresgid', 'chown', 'setuid', 'setgid', 'setfsuid', 'setfsgid', 'pivot_root', 'mincore', 'madvise',
  'gettid', 'setxattr', 'lsetxattr', 'fsetxattr', 'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr',
  'llistxattr', 'flistxattr', 'removexattr', 'lremovexattr', 'fremovexattr', 'tkill', 'futex',
  'sched_setaffinity', 'sched_getaffinity', 'set_thread_area', 'get_thread_area', 'io_setup', 'io_destroy',
  'io_getevents', 'io_submit', 'io_cancel', 'exit_group', 'epoll_create', 'epoll_ctl', 'epoll_wait',
  'remap_file_pages', 'set_tid_address', 'timer_create', 'timer_settime', 'timer_gettime',
  'timer_getoverrun', 'timer_delete', 'clock_settime', 'clock_gettime', 'clock_getres', 'clock_nanosleep',
  'tgkill', 'utimes', 'mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedreceive', 'mq_notify',
  'mq_getsetattr', 'kexec_load', 'waitid', 'add_key', 'request_key', 'keyctl', 'ioprio_set', 'ioprio_get',
  'inotify_init', 'inotify_add_watch', 'inotify_rm_watch', 'openat', 'mkdirat', 'mknodat', 'fchownat',
  'futimesat', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat', 'fchmodat', 'faccessat',
  'pselect6', 'ppoll', 'unshare', 'set_robust_list', 'get_robust_list', 'splice', 'tee', 'vmsplice',
  'getcpu', 'epoll_pwait', 'utimensat', 'signalfd', 'timerfd_create', 'eventfd', 'timerfd_settime',
  'timerfd_gettime', 'signalfd4', 'eventfd2', 'epoll_create1', 'dup3', 'pipe2', 'inotify_init1', 'preadv',
  'pwritev', 'rt_tgsigqueueinfo', 'perf_event_open', 'fanotify_init', 'prlimit64', 'clock_adjtime', 'syncfs',
  'setns', 'getdents64', 'socket', 'bind', 'connect', 'listen', 'accept', 'getsockname', 'getpeername',
  'socketpair', 'sendto', 'recvfrom', 'shutdown', 'setsockopt', 'getsockopt', 'sendmsg', 'sendmmsg',
  'recvmsg', 'recvmmsg', 'accept4', 'semop', 'semget', 'semctl', 'msgsnd', 'msgrcv', 'msgget', 'msgctl',
  'shmdt', 'shmget', 'shmctl', 'statfs64', 'fstatfs64', 'fstatat64', 'sendfile64', 'ugetrlimit', 'bdflush',
  'sigprocmask', 'ipc', 'socketcall', 'stat64', 'lstat64', 'fstat64', 'fcntl64', 'mmap2', '_newselect',
  'sgetmask', 'ssetmask', 'sigpending', 'olduname', 'umount', 'signal', 'nice', 'stime', '_llseek',
  'waitpid', 'pread64', 'pwrite64', 'arch_prctl', 'shmat', 'rt_sigreturn', 'fallocate', 'newfstatat',
  'process_vm_readv', 'process_vm_writev', 'fork', 'vfork', 'setuid32', 'getuid32', 'setgid32', 'geteuid32',
  'getgid32', 'setresuid32', 'setresgid32', 'getresuid32', 'getresgid32', 'finit_module', 'bpf', 'seccomp',
  'sigaltstack', 'getrandom', 'fadvise64', 'renameat2', 'userfaultfd', 'openat2', 'umount2', 'execve',
  'execveat', 'copy_file_range', 'clone', 'clone3', 'open_by_handle_at', 'io_uring_setup', 'io_uring_enter',
  'io_uring_register', 'mlock2', 'getegid32', 'fsconfig', 'fspick', 'fsmount', 'fsopen', 'open_tree',
  'move_mount', 'mount_setattr', 'memfd_create', 'memfd_secret', 'ioperm', 'kexec_file_load', 'pidfd_getfd',
  'pidfd_open', 'pidfd_send_signal', 'pkey_alloc', 'pkey_mprotect', 'pkey_free', 'landlock_create_ruleset',
  'quotactl_fd', 'landlock_restrict_self', 'landlock_add_rule', 'epoll_pwait2', 'migrate_pages',
  'move_pages', 'preadv2', 'pwritev2', 'kcmp', 'sched_setattr', 'mbind', 'epoll_ctl_old', 'lookup_dcookie',
  'modify_ldt', 'statx', 'set_mempolicy', 'io_pgetevents', 'set_mempolicy_home_node', 'semtimedop',
  'get_kernel_syms', 'readahead', 'futex_waitv', 'getpmsg', 'name_to_handle_at', 'process_mrelease',
  'nfsservctl', 'epoll_wait_old', 'rseq', 'create_module', 'na_1', 'sched_getattr', 'faccessat2', '_sysctl',
  'query_module', 'get_mempolicy', 'sync_file_range', 'process_madvise', 'membarrier', 'iopl', 'close_range',
  'fanotify_mark', 'recv', 'send', 'sched_process_exit', 'sched_switch', 'page_fault_user',
  'page_fault_kernel', 'signal_deliver', 'timerfd', 's390_pci_mmio_read', 'sigaction', 's390_pci_mmio_write',
  'readdir', 's390_sthyi', 'sigsuspend', 'idle', 's390_runtime_instr', 'sigreturn', 's390_guarded_storage',
  'cachestat', 'fchmodat2', 'map_shadow_stack', 'riscv_flush_icache', 'riscv_hwprobe', 'futex_wake',
  'futex_requeue', 'futex_wait', 'oldstat', 'switch_endian', 'multiplexer', 'oldlstat', 'spu_create',
  'sync_file_range2', 'oldfstat', 'spu_run', 'swapcontext', 'pciconfig_write', 'rtas', 'pciconfig_read',
  'sys_debug_setcontext', 'vm86', 'oldolduname', 'subpage_prot', 'pciconfig_iobase', 'listmount',
  'statmount', 'lsm_get_self_attr', 'lsm_set_self_attr', 'lsm_list_modules', 'mseal', 'uretprobe',
  'removexattrat', 'listxattrat', 'getxattrat', 'setxattrat', 'open_tree_attr', 'file_getattr',
  'file_setattr', 'listns', 'uprobe', 'rseq_slice_yield',
];

/** evt.type of a generic event: the syscall's name, or 'syscall' for an unknown code. */
export function genericEventName(syscallId: number): string {
  const name = SYSCALL_NAMES[syscallId];
  return name === undefined || name === 'unknown' ? 'syscall' : name;
}
