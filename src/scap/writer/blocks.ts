// The blocks that precede the events: section header (with or without pcapng options), machine info,
// interface list, user list, process list and fd lists, in the order libscap's dumper writes them and
// in the newest layouts (V2 lists with per-entry lengths, process list V9 with every current field).
// Older readers (sysdig 0.29.3) read these layouts too: they use the per-entry lengths to skip fields
// appended after their time.
import {
  FDL_BLOCK_TYPE_V2,
  IL_BLOCK_TYPE_V2,
  MI_BLOCK_TYPE,
  MI_HOSTNAME_SIZE,
  PL_BLOCK_TYPE_V9,
  SCAP_FD,
  SCAP_II,
  SCAP_L4,
  SHB_BLOCK_TYPE,
  SHB_CURRENT_MAJOR_VERSION,
  SHB_CURRENT_MINOR_VERSION,
  SHB_MAGIC,
  UL_BLOCK_TYPE_V2,
  USERBLOCK_TYPE_GROUP,
  USERBLOCK_TYPE_USER,
} from '../format.ts';
import type { FdDescription } from './description.ts';
import { ByteBuilder, frameBlock, ipBytes, ipFamily, nulJoined } from './encode.ts';
import { PPM_O } from '../open-flags.ts';

/** pcapng option codes used in the section header (opt_comment, shb_userappl). */
export const SHB_OPTION = { END: 0, COMMENT: 1, USER_APPLICATION: 4 } as const;

export interface SectionOptions {
  comment?: string;
  application?: string;
}

/**
 * The section header. Without options it is the 28-byte block libscap writes; with options it carries
 * pcapng-style options (code, length, value padded to 4 bytes, then an end-of-options marker), as
 * files edited by other tools do. Current libscap skips them; sysdig 0.29.3 cannot open such files.
 */
export function sectionHeaderBlock(options?: SectionOptions): Buffer {
  const body = new ByteBuilder(64);
  body.u32(SHB_MAGIC).u16(SHB_CURRENT_MAJOR_VERSION).u16(SHB_CURRENT_MINOR_VERSION).u64(-1n);
  const entries: Array<[number, string]> = [];
  if (options?.comment !== undefined) entries.push([SHB_OPTION.COMMENT, options.comment]);
  if (options?.application !== undefined) entries.push([SHB_OPTION.USER_APPLICATION, options.application]);
  if (entries.length > 0) {
    for (const [code, text] of entries) {
      const value = Buffer.from(text, 'utf8');
      if (value.length > 0xffff) throw new RangeError('section header option longer than 65535 bytes');
      body.u16(code).u16(value.length).bytes(value).zeros((4 - (value.length % 4)) % 4);
    }
    body.u16(SHB_OPTION.END).u16(0);
  }
  return frameBlock(SHB_BLOCK_TYPE, body.toBuffer());
}

export interface MachineInfo {
  hostname: string;
  cpus: number;
  memoryBytes: number;
  maxPid: number;
  bootTs?: bigint;
}

export function machineInfoBlock(machine: MachineInfo): Buffer {
  const hostname = Buffer.alloc(MI_HOSTNAME_SIZE);
  hostname.write(machine.hostname.slice(0, MI_HOSTNAME_SIZE - 1), 'utf8');
  const body = new ByteBuilder(180);
  body.u32(machine.cpus).u64(machine.memoryBytes).u64(machine.maxPid).bytes(hostname);
  body.u64(machine.bootTs ?? 0n).u64(0).u64(0).u64(0); // boot_ts_epoch, flags, reserved3, reserved4
  return frameBlock(MI_BLOCK_TYPE, body.toBuffer());
}

export interface InterfaceInfo {
  name: string;
  ip: string;
  prefix: number;
}

function netmaskBytes(length: number, prefix: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (let bit = 0; bit < Math.min(prefix, length * 8); bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
  return mask;
}

/** Interface list V2: every entry starts with its length (not counting the length field itself). */
export function interfaceListBlock(interfaces: readonly InterfaceInfo[]): Buffer {
  const body = new ByteBuilder(256);
  const ordered = [...interfaces.filter((item) => ipFamily(item.ip) === 'ipv4'), ...interfaces.filter((item) => ipFamily(item.ip) === 'ipv6')];
  for (const item of ordered) {
    const name = Buffer.from(item.name, 'utf8');
    const address = ipBytes(item.ip);
    const mask = netmaskBytes(address.length, item.prefix);
    const broadcast = address.map((byte, index) => byte | (~mask[index]! & 0xff));
    const v4 = address.length === 4;
    body.u32(2 + 2 + address.length * 3 + 8 + name.length);
    body.u16(v4 ? SCAP_II.IPV4 : SCAP_II.IPV6).u16(name.length);
    body.bytes(address).bytes(mask).bytes(v4 ? broadcast : new Uint8Array(16));
    body.u64(0).bytes(name); // link speed unknown
  }
  return frameBlock(IL_BLOCK_TYPE_V2, body.toBuffer());
}

export interface UserInfo {
  uid: number;
  gid: number;
  name: string;
  home: string;
  shell: string;
}

export interface GroupInfo {
  gid: number;
  name: string;
}

/** User list V2: every entry starts with its total length, the length field included. */
export function userListBlock(users: readonly UserInfo[], groups: readonly GroupInfo[]): Buffer {
  const body = new ByteBuilder(256);
  for (const user of users) {
    const entry = new ByteBuilder(64);
    entry.u8(USERBLOCK_TYPE_USER).u32(user.uid).u32(user.gid).lengthPrefixed(user.name).lengthPrefixed(user.home).lengthPrefixed(user.shell);
    body.u32(entry.length + 4).bytes(entry.toBuffer());
  }
  for (const group of groups) {
    const entry = new ByteBuilder(32);
    entry.u8(USERBLOCK_TYPE_GROUP).u32(group.gid).lengthPrefixed(group.name);
    body.u32(entry.length + 4).bytes(entry.toBuffer());
  }
  return frameBlock(UL_BLOCK_TYPE_V2, body.toBuffer());
}

/** One thread of the process list, as the writer tracks it. */
export interface ThreadEntry {
  tid: number;
  pid: number;
  ptid: number;
  comm: string;
  /** argv[0]. */
  exe: string;
  exepath: string;
  /** argv[1..]. */
  args: readonly string[];
  cwd: string;
  uid: number;
  gid: number;
  /** -1 when unset. */
  loginuid: number;
  env: readonly string[];
  /** cgroup lines, e.g. 'cpuset=/docker/<id>'. */
  cgroups: readonly string[];
  vpid: number;
}

export const DEFAULT_FDLIMIT = 1048576;

/** Process list V9 with the full current entry layout; every entry starts with its length (included). */
export function processListBlock(threads: readonly ThreadEntry[]): Buffer {
  const body = new ByteBuilder(1024);
  for (const thread of threads) {
    const entry = new ByteBuilder(512);
    entry.u64(thread.tid).u64(thread.pid).u64(thread.ptid).u64(thread.pid).u64(thread.pid); // tid pid ptid sid vpgid
    entry.lengthPrefixed(thread.comm).lengthPrefixed(thread.exe).lengthPrefixed(thread.exepath);
    entry.lengthPrefixed(nulJoined(thread.args)).lengthPrefixed(thread.cwd);
    entry.u64(DEFAULT_FDLIMIT).u32(0).u32(thread.uid).u32(thread.gid); // fdlimit flags uid gid
    entry.u32(0).u32(0).u32(0).u64(0).u64(0); // vmsize vmrss vmswap pfmajor pfminor
    entry.lengthPrefixed(nulJoined(thread.env));
    entry.u64(thread.tid === thread.pid ? thread.vpid : thread.tid).u64(thread.vpid); // vtid vpid
    entry.lengthPrefixed(nulJoined(thread.cgroups)).lengthPrefixed('/'); // cgroups root
    entry.u64(0).u32(0).u32(thread.loginuid).u8(0); // pidns_init_start_ts tty loginuid exe_writable
    entry.u64(0).u64(0).u64(0).u8(0); // cap_inheritable cap_permitted cap_effective exe_upper_layer
    entry.u64(0).u64(0).u64(0).u8(0).u8(0).u64(thread.pid); // exe_ino ctime mtime from_memfd lower_layer pgid
    body.u32(entry.length + 4).bytes(entry.toBuffer());
  }
  return frameBlock(PL_BLOCK_TYPE_V9, body.toBuffer());
}

/** The PPM_O_* value of open flags named as a capture description names them ('O_CREAT'). */
export function openFlagsValue(names: readonly `O_${keyof typeof PPM_O}`[]): number {
  return names.reduce((flags, name) => flags | PPM_O[name.slice(2) as keyof typeof PPM_O], 0);
}

/** fd list V2 for one thread: u64 tid, then entries that start with their length (included). */
export function fdListBlock(tid: number, fds: readonly FdDescription[]): Buffer {
  const body = new ByteBuilder(256);
  body.u64(tid);
  for (const fd of fds) {
    const entry = new ByteBuilder(64);
    entry.u64(fd.fd).u64(0); // fd, inode
    switch (fd.kind) {
      case 'file':
        entry.u8(SCAP_FD.FILE_V2).u32(openFlagsValue(fd.flags)).lengthPrefixed(fd.path).u32(0); // flags name dev
        break;
      case 'directory':
        entry.u8(SCAP_FD.DIRECTORY).lengthPrefixed(fd.path);
        break;
      case 'pipe':
        entry.u8(SCAP_FD.FIFO).lengthPrefixed(fd.name);
        break;
      case 'socket': {
        const v4 = ipFamily(fd.local.ip) === 'ipv4';
        if (ipFamily(fd.remote.ip) !== (v4 ? 'ipv4' : 'ipv6')) throw new Error(`fd ${fd.fd}: local and remote addresses of different families`);
        entry.u8(v4 ? SCAP_FD.IPV4_SOCK : SCAP_FD.IPV6_SOCK);
        entry.bytes(ipBytes(fd.local.ip)).bytes(ipBytes(fd.remote.ip)).u16(fd.local.port).u16(fd.remote.port);
        entry.u8(fd.protocol === 'tcp' ? SCAP_L4.TCP : SCAP_L4.UDP);
        break;
      }
    }
    body.u32(entry.length + 4).bytes(entry.toBuffer());
  }
  return frameBlock(FDL_BLOCK_TYPE_V2, body.toBuffer());
}
