// A tiny hand-rolled capture encoder for the reader's unit tests: it writes exactly the bytes the tests
// describe (including broken ones), independently of the project's writer, following libscap's layouts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { PPME, EVENT_TABLE } from '../../../src/scap/event-table.ts';
import {
  EV_BLOCK_TYPE,
  EV_BLOCK_TYPE_V2,
  FDL_BLOCK_TYPE_V2,
  PL_BLOCK_TYPE_V9,
  SHB_BLOCK_TYPE,
  SHB_MAGIC,
  UL_BLOCK_TYPE_V2,
} from '../../../src/scap/format.ts';

export class Bytes {
  private readonly parts: Buffer[] = [];
  u8(value: number): this {
    this.parts.push(Buffer.from([value & 0xff]));
    return this;
  }
  u16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(value);
    this.parts.push(b);
    return this;
  }
  u32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value >>> 0);
    this.parts.push(b);
    return this;
  }
  i64(value: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(value));
    this.parts.push(b);
    return this;
  }
  raw(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  str16(text: string | Uint8Array): this {
    const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
    return this.u16(bytes.length).raw(bytes);
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export function block(type: number, body: Uint8Array): Buffer {
  const padded = Math.ceil(body.length / 4) * 4;
  const total = 8 + padded + 4;
  return new Bytes().u32(type).u32(total).raw(body).raw(Buffer.alloc(padded - body.length)).u32(total).build();
}

export function sectionHeader(options?: Uint8Array): Buffer {
  const body = new Bytes().u32(SHB_MAGIC).u16(1).u16(2).i64(-1n);
  if (options !== undefined) body.raw(options);
  return block(SHB_BLOCK_TYPE, body.build());
}

export interface ThreadSpec {
  tid: number;
  pid?: number;
  ptid?: number;
  comm: string;
  exe?: string;
  exepath?: string;
  args?: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  cgroups?: string[];
  loginuid?: number;
}

export function processList(threads: ThreadSpec[]): Buffer {
  const body = new Bytes();
  for (const thread of threads) {
    const entry = new Bytes()
      .i64(thread.tid)
      .i64(thread.pid ?? thread.tid)
      .i64(thread.ptid ?? 1)
      .i64(0) // sid
      .i64(0) // vpgid
      .str16(thread.comm)
      .str16(thread.exe ?? thread.comm)
      .str16(thread.exepath ?? '')
      .str16(Buffer.from((thread.args ?? []).map((arg) => `${arg}\0`).join('')))
      .str16(thread.cwd ?? '/')
      .i64(1024) // fdlimit
      .u32(0) // flags
      .u32(thread.uid ?? 0)
      .u32(thread.gid ?? 0)
      .u32(0)
      .u32(0)
      .u32(0)
      .i64(0)
      .i64(0)
      .str16('') // env
      .i64(thread.tid) // vtid
      .i64(thread.pid ?? thread.tid) // vpid
      .str16(Buffer.from((thread.cgroups ?? []).map((entry) => `${entry}\0`).join('')))
      .str16('/') // root
      .i64(0) // pidns_init_start_ts
      .u32(0) // tty
      .u32(thread.loginuid ?? 0xffffffff)
      .build();
    body.u32(entry.length + 4).raw(entry);
  }
  return block(PL_BLOCK_TYPE_V9, body.build());
}

export function fileFdList(tid: number, files: Array<{ fd: number; name: string; flags?: number }>): Buffer {
  const body = new Bytes().i64(tid);
  for (const file of files) {
    const entry = new Bytes().i64(file.fd).i64(0).u8(16 /* FILE_V2 */).u32(file.flags ?? 1).str16(file.name).build();
    body.u32(entry.length + 4).raw(entry);
  }
  return block(FDL_BLOCK_TYPE_V2, body.build());
}

export function userList(users: Array<{ uid: number; name: string }>): Buffer {
  const body = new Bytes();
  for (const user of users) {
    const entry = new Bytes().u8(0).u32(user.uid).u32(user.uid).str16(user.name).str16(`/home/${user.name}`).str16('/bin/sh').build();
    body.u32(entry.length + 4).raw(entry);
  }
  return block(UL_BLOCK_TYPE_V2, body.build());
}

export type ParamBytes = Uint8Array;

export const p = {
  i64: (value: number | bigint): ParamBytes => new Bytes().i64(value).build(),
  u32: (value: number): ParamBytes => new Bytes().u32(value).build(),
  u16: (value: number): ParamBytes => new Bytes().u16(value).build(),
  str: (text: string): ParamBytes => Buffer.concat([Buffer.from(text), Buffer.from([0])]),
  bytes: (bytes: Uint8Array): ParamBytes => Buffer.from(bytes),
  strings: (items: string[]): ParamBytes => Buffer.from(items.map((item) => `${item}\0`).join('')),
  ipv4Tuple: (sip: string, sport: number, dip: string, dport: number): ParamBytes =>
    new Bytes().u8(2).raw(Buffer.from(sip.split('.').map(Number))).u16(sport).raw(Buffer.from(dip.split('.').map(Number))).u16(dport).build(),
};

/** An event in a v2 event block; the code is a PPME symbol without prefix, e.g. 'SYSCALL_OPENAT_2_X'. */
export function event(symbol: string, ts: bigint, tid: number, params: ParamBytes[], options: { cpu?: number; v1?: boolean } = {}): Buffer {
  const code = PPME[symbol];
  if (code === undefined) throw new Error(`unknown symbol ${symbol}`);
  const large = EVENT_TABLE[code]!.largePayload;
  const lenSize = large ? 4 : 2;
  const headerSize = options.v1 === true ? 22 : 26;
  const length = headerSize + params.length * lenSize + params.reduce((sum, param) => sum + param.length, 0);
  const body = new Bytes().u16(options.cpu ?? 0).i64(ts).i64(tid).u32(length).u16(code);
  if (options.v1 !== true) body.u32(params.length);
  for (const param of params) {
    if (large) body.u32(param.length);
    else body.u16(param.length);
  }
  for (const param of params) body.raw(param);
  return block(options.v1 === true ? EV_BLOCK_TYPE : EV_BLOCK_TYPE_V2, body.build());
}

/** A scratch directory removed after the tests, and a writer of bytes to a fresh file in it (returns the path). */
export function scratchFiles(prefix: string): (bytes: Uint8Array, name?: string) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  return (bytes, name = `capture-${counter++}.scap`) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
}
