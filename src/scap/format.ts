// The scap capture file format: block type codes, magic numbers and the fixed layouts of headers.
// Facts learned from falcosecurity/libs (userspace/libscap/scap_savefile.h, the savefile engine and
// scap.h). A capture is a pcapng-like sequence of blocks, all little-endian:
//
//   block := u32 type | u32 totalLength | body | padding to 4 bytes | u32 totalLength (trailer)
//
// totalLength counts the 8-byte header, the body, the padding and the 4-byte trailer. A reader skips a
// block it does not know by this length. The writer (src/scap/writer/) imports these constants.

/** Every block starts with type and total length, and ends with the total length again. */
export const BLOCK_HEADER_SIZE = 8;
export const BLOCK_TRAILER_SIZE = 4;
/** Blocks are padded so that their total length is a multiple of this. */
export const BLOCK_ALIGNMENT = 4;

/** Section header block: starts every capture. "\n\r\r\n" read as a little-endian u32. */
export const SHB_BLOCK_TYPE = 0x0a0d0d0a;
/** byte_order_magic inside the section header; the byte-swapped value means a big-endian file. */
export const SHB_MAGIC = 0x1a2b3c4d;
export const SHB_MAGIC_SWAPPED = 0x4d3c2b1a;
export const SHB_CURRENT_MAJOR_VERSION = 1;
export const SHB_CURRENT_MINOR_VERSION = 2;
/** Section header body: u32 byte_order_magic | u16 major | u16 minor | u64 section_length (-1 = unknown). */
export const SHB_BODY_SIZE = 16;
/** Smallest section header block: header + body + trailer. Anything longer carries pcapng options. */
export const SHB_MIN_BLOCK_SIZE = BLOCK_HEADER_SIZE + SHB_BODY_SIZE + BLOCK_TRAILER_SIZE;

/** Machine info. Body: u32 num_cpus | u64 memory_size_bytes | u64 max_pid | char hostname[128] |
 *  u64 boot_ts_epoch | u64 flags | u64 reserved3 | u64 reserved4 (older files may stop earlier). */
export const MI_BLOCK_TYPE = 0x201;
export const MI_BLOCK_TYPE_INT = 0x8002abcd;
export const MI_HOSTNAME_SIZE = 128;
export const MI_BODY_SIZE = 4 + 8 + 8 + MI_HOSTNAME_SIZE + 8 + 8 + 8 + 8;

/** Process list blocks. The _INT codes are the unofficial numbers used before the format was registered. */
export const PL_BLOCK_TYPE_V1 = 0x202;
export const PL_BLOCK_TYPE_V1_INT = 0x8000abcd;
export const PL_BLOCK_TYPE_V2 = 0x207;
export const PL_BLOCK_TYPE_V2_INT = 0x8013abcd;
export const PL_BLOCK_TYPE_V3 = 0x209;
export const PL_BLOCK_TYPE_V3_INT = 0x8014abcd;
export const PL_BLOCK_TYPE_V4 = 0x210;
export const PL_BLOCK_TYPE_V5 = 0x211;
export const PL_BLOCK_TYPE_V6 = 0x212;
export const PL_BLOCK_TYPE_V7 = 0x213;
export const PL_BLOCK_TYPE_V8 = 0x214;
/** V9 entries start with their own u32 length, so later fields can be appended. */
export const PL_BLOCK_TYPE_V9 = 0x215;

/** File descriptor list blocks: u64 tid, then entries. V2 entries start with their own u32 length. */
export const FDL_BLOCK_TYPE = 0x203;
export const FDL_BLOCK_TYPE_INT = 0x8001abcd;
export const FDL_BLOCK_TYPE_V2 = 0x218;

/** Event blocks. Body: u16 cpu id | [u32 flags for EVF*] | event (see EVENT_HEADER_*). */
export const EV_BLOCK_TYPE = 0x204;
export const EV_BLOCK_TYPE_INT = 0x8010abcd;
export const EV_BLOCK_TYPE_V2 = 0x216;
export const EV_BLOCK_TYPE_V2_LARGE = 0x221;
export const EVF_BLOCK_TYPE = 0x208;
export const EVF_BLOCK_TYPE_V2 = 0x217;
export const EVF_BLOCK_TYPE_V2_LARGE = 0x222;

/** Interface list blocks. V2 entries start with their own u32 length. */
export const IL_BLOCK_TYPE = 0x205;
export const IL_BLOCK_TYPE_INT = 0x8011abcd;
export const IL_BLOCK_TYPE_V2 = 0x219;

/** User list blocks. V2 entries start with their own u32 length. */
export const UL_BLOCK_TYPE = 0x206;
export const UL_BLOCK_TYPE_INT = 0x8012abcd;
export const UL_BLOCK_TYPE_V2 = 0x220;

/**
 * Block types of pcapng network captures (IETF draft-ietf-opsawg-pcapng, "Block Type Codes"): interface
 * description, packet, simple packet, name resolution, interface statistics, enhanced packet, IRIG and
 * ARINC timestamps, systemd journal export, decryption secrets, custom. pcapng shares its section header
 * block (type and byte-order magic) with scap, so these after the section header tell the two apart.
 */
export const PCAPNG_BLOCK_TYPES: ReadonlySet<number> = new Set([0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xbad, 0x40000bad]);

/** Process list versions by block type (1..9). */
export const PROCESS_LIST_VERSION: ReadonlyMap<number, number> = new Map([
  [PL_BLOCK_TYPE_V1, 1],
  [PL_BLOCK_TYPE_V1_INT, 1],
  [PL_BLOCK_TYPE_V2, 2],
  [PL_BLOCK_TYPE_V2_INT, 2],
  [PL_BLOCK_TYPE_V3, 3],
  [PL_BLOCK_TYPE_V3_INT, 3],
  [PL_BLOCK_TYPE_V4, 4],
  [PL_BLOCK_TYPE_V5, 5],
  [PL_BLOCK_TYPE_V6, 6],
  [PL_BLOCK_TYPE_V7, 7],
  [PL_BLOCK_TYPE_V8, 8],
  [PL_BLOCK_TYPE_V9, 9],
]);

export interface EventBlockKind {
  /** The event header carries u32 nparams (v2); without it nparams is derived from the event length. */
  hasNparams: boolean;
  /** A u32 of flags follows the cpu id. */
  hasFlags: boolean;
  /** The block may exceed 64 KiB (events with EF_LARGE_PAYLOAD use u32 parameter lengths). */
  large: boolean;
}

export const EVENT_BLOCK_KINDS: ReadonlyMap<number, EventBlockKind> = new Map([
  [EV_BLOCK_TYPE, { hasNparams: false, hasFlags: false, large: false }],
  [EV_BLOCK_TYPE_INT, { hasNparams: false, hasFlags: false, large: false }],
  [EVF_BLOCK_TYPE, { hasNparams: false, hasFlags: true, large: false }],
  [EV_BLOCK_TYPE_V2, { hasNparams: true, hasFlags: false, large: false }],
  [EVF_BLOCK_TYPE_V2, { hasNparams: true, hasFlags: true, large: false }],
  [EV_BLOCK_TYPE_V2_LARGE, { hasNparams: true, hasFlags: false, large: true }],
  [EVF_BLOCK_TYPE_V2_LARGE, { hasNparams: true, hasFlags: true, large: true }],
]);

/** Non-large event blocks never exceed this total length (libscap's read buffer). */
export const MAX_NON_LARGE_BLOCK_SIZE = 65536;

/**
 * The event header (struct ppm_evt_hdr, packed): u64 ts (ns since epoch) | u64 tid | u32 len |
 * u16 type | u32 nparams. `len` counts the header, the parameter length array and the parameter data.
 * Old (v1) event blocks lack nparams: their header is 22 bytes.
 */
export const EVENT_HEADER_SIZE = 26;
export const EVENT_HEADER_SIZE_V1 = 22;
export const EVENT_HEADER_OFFSET_TS = 0;
export const EVENT_HEADER_OFFSET_TID = 8;
export const EVENT_HEADER_OFFSET_LEN = 16;
export const EVENT_HEADER_OFFSET_TYPE = 20;
export const EVENT_HEADER_OFFSET_NPARAMS = 22;
/** After the header: nparams lengths, u16 each (u32 for EF_LARGE_PAYLOAD events), then the data. */
export const PARAM_LEN_SIZE = 2;
export const PARAM_LEN_SIZE_LARGE = 4;
/** The cpu id that precedes the event in every event block. */
export const EVENT_BLOCK_CPU_SIZE = 2;
export const EVENT_BLOCK_FLAGS_SIZE = 4;

/** Limits libscap applies to strings in process list entries. */
export const SCAP_MAX_PATH_SIZE = 1024;
export const SCAP_MAX_ARGS_SIZE = 4096;
export const SCAP_MAX_ENV_SIZE = 4096;
export const SCAP_MAX_CGROUPS_SIZE = 4096;

/** fd types in fd list entries (enum scap_fd_type). */
export const SCAP_FD = {
  UNKNOWN: 0,
  FILE: 1,
  DIRECTORY: 2,
  IPV4_SOCK: 3,
  IPV6_SOCK: 4,
  IPV4_SERVSOCK: 5,
  IPV6_SERVSOCK: 6,
  FIFO: 7,
  UNIX_SOCK: 8,
  EVENT: 9,
  UNSUPPORTED: 10,
  SIGNALFD: 11,
  EVENTPOLL: 12,
  INOTIFY: 13,
  TIMERFD: 14,
  NETLINK: 15,
  FILE_V2: 16,
  BPF: 17,
  USERFAULTFD: 18,
  IOURING: 19,
  MEMFD: 20,
  PIDFD: 21,
} as const;

/** Transport protocol codes in fd list entries (enum scap_l4_proto). */
export const SCAP_L4 = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 } as const;

/** Interface list entry types (enum scap_ifinfo_type). */
export const SCAP_II = { UNKNOWN: 0, IPV4: 1, IPV6: 2, IPV4_NOLINKSPEED: 3, IPV6_NOLINKSPEED: 4 } as const;

/** User list entry types. User: u32 uid | u32 gid | str name | str home | str shell; group: u32 gid | str name
 *  (str = u16 length + bytes, no terminator). */
export const USERBLOCK_TYPE_USER = 0;
export const USERBLOCK_TYPE_GROUP = 1;
export const MAX_CREDENTIALS_STR_LEN = 256;

/** Rounds a block length up to the 4-byte alignment. */
export function alignBlockLength(length: number): number {
  return Math.ceil(length / BLOCK_ALIGNMENT) * BLOCK_ALIGNMENT;
}

/** Gzip files start with these two bytes; scap files written by sysdig -z are gzip streams. */
export const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isEventBlock(blockType: number): boolean {
  return EVENT_BLOCK_KINDS.has(blockType);
}

/** Every block type a scap capture holds besides the section header: where a reader may resynchronise. */
export const SCAP_BLOCK_TYPES: ReadonlySet<number> = new Set([
  MI_BLOCK_TYPE,
  MI_BLOCK_TYPE_INT,
  ...PROCESS_LIST_VERSION.keys(),
  FDL_BLOCK_TYPE,
  FDL_BLOCK_TYPE_INT,
  FDL_BLOCK_TYPE_V2,
  ...EVENT_BLOCK_KINDS.keys(),
  IL_BLOCK_TYPE,
  IL_BLOCK_TYPE_INT,
  IL_BLOCK_TYPE_V2,
  UL_BLOCK_TYPE,
  UL_BLOCK_TYPE_INT,
  UL_BLOCK_TYPE_V2,
]);
