// The inventory of what a captured job did, built in one streaming pass over the capture: processes
// started, connections made, DNS queries sent, files opened for writing, containers seen. One entry per
// event, in capture order. Times are ISO 8601 UTC strings with nanoseconds
// ("2018-08-17T17:35:48.514632619Z"): exact, sortable as text, and readable.
import { decodeDnsMessage, type DnsQuestion } from './dns.ts';
import { CapturedEvent } from '../scap/event.ts';
import type { CaptureDamage, CaptureSummary, Endpoint, FdState, ParamValue, ScapEvent, SocketValue, UserInfo } from '../scap/model.ts';
import { FILE_OPENING_EVENT_NAMES, isWriteOpen, openFlagNames } from '../scap/open-flags.ts';
import { EINPROGRESS } from '../scap/errno.ts';
import { unmapEndpoint } from '../scap/endpoint.ts';
import { isoTime } from '../scap/time.ts';
import { readCaptureDetailed } from '../scap/reader.ts';
import { classifyAddress, type AddressScope } from './scope.ts';

export interface InventoryProcess {
  time: string;
  pid: number;
  ppid: number;
  /** The comm, as sysdig's proc.name. */
  name: string;
  exepath: string;
  args: string[];
  cwd: string;
  user: string;
  parent: { pid: number; name: string; exepath: string } | null;
  containerId: string;
}

export interface InventoryConnection {
  time: string;
  syscall: 'connect' | 'sendto' | 'sendmsg';
  pid: number;
  process: string;
  exepath: string;
  user: string;
  protocol: 'tcp' | 'udp' | 'icmp' | 'raw' | 'unknown';
  local: Endpoint;
  remote: Endpoint;
  scope: AddressScope;
}

export interface InventoryDnsQuery {
  time: string;
  pid: number;
  process: string;
  server: Endpoint;
  protocol: 'udp' | 'tcp';
  /** The queried names, in question order. */
  names: string[];
  queries: DnsQuestion[];
}

export interface InventoryFile {
  time: string;
  pid: number;
  process: string;
  exepath: string;
  path: string;
  flags: string[];
}

export interface InventoryContainer {
  id: string;
  name: string;
  image: string;
}

export interface InventoryDamagedRegion {
  /** Byte offset (in the decompressed stream) where the damage starts. */
  offset: number;
  bytesSkipped: number;
  /** Where reading went on; null when no valid block followed. */
  resumedAt: number | null;
  problem: string;
  /** Events read before the damage. */
  eventsBefore: number;
  /** The lost events lie between these times (null: no dated event on that side). */
  lastEventTimeBefore: string | null;
  firstEventTimeAfter: string | null;
}

export interface InventoryDamage {
  /** Every damaged region; `regions` lists the first ones. */
  regionCount: number;
  bytesSkipped: number;
  /** Set when reading stopped there: no valid block followed within the scan limit. */
  stoppedAt: number | null;
  regions: InventoryDamagedRegion[];
}

export interface Inventory {
  capture: {
    path: string;
    events: number;
    firstEventTime: string | null;
    lastEventTime: string | null;
    truncated: { offset: number } | null;
    /** Stretches that could not be read (null: none): the events in them are lost, the rest is here. */
    damage: InventoryDamage | null;
  };
  processes: InventoryProcess[];
  connections: InventoryConnection[];
  dns: InventoryDnsQuery[];
  files: InventoryFile[];
  containers: InventoryContainer[];
}

const OPEN_EVENTS = FILE_OPENING_EVENT_NAMES;
const SEND_EVENTS = new Set(['sendto', 'sendmsg', 'send', 'write', 'writev', 'sendmmsg', 'pwrite', 'pwritev']);
const EXPLICIT_DESTINATION_EVENTS = new Set(['sendto', 'sendmsg']);
const WRITE_ONLY_TO_SOCKET_EVENTS: ReadonlySet<string> = new Set([...SEND_EVENTS].filter((name) => !EXPLICIT_DESTINATION_EVENTS.has(name)));
const DNS_PORT = 53;

/** The events the inventory reads; everything else is skipped after its header. */
export const INVENTORY_EVENT_NAMES: ReadonlySet<string> = new Set([
  'execve',
  'execveat',
  'connect',
  ...OPEN_EVENTS,
  ...SEND_EVENTS,
]);

function isIpSocket(fd: FdState | undefined): fd is FdState {
  return fd !== undefined && (fd.kind === 'ipv4' || fd.kind === 'ipv6');
}

/** A regular file opened for writing: what `files` lists. */
function isFileOpenedForWriting(fd: FdState | undefined): boolean {
  return fd !== undefined && fd.kind === 'file' && fd.openFlags !== undefined && isWriteOpen(fd.openFlags);
}

/**
 * What the builder ignores anyway, left undelivered by the reader: writes without an explicit
 * destination count only on IP sockets (most go to files and pipes), opens only for writing.
 */
const INVENTORY_DELIVERY_CONDITIONS: ReadonlyMap<string, (fd: FdState | undefined) => boolean> = new Map([
  ...[...WRITE_ONLY_TO_SOCKET_EVENTS].map((name) => [name, isIpSocket] as const),
  ...[...OPEN_EVENTS].map((name) => [name, isFileOpenedForWriting] as const),
]);

function isTuple(value: unknown): value is SocketValue & { family: 'ipv4' | 'ipv6'; source: Endpoint; dest: Endpoint } {
  if (typeof value !== 'object' || value === null || !('family' in value)) return false;
  const socket = value as SocketValue;
  return (socket.family === 'ipv4' || socket.family === 'ipv6') && socket.source !== undefined && socket.dest !== undefined;
}

/** One parameter; the reader's events decode it alone instead of all of them. */
function paramOf(event: ScapEvent, name: string): ParamValue | undefined {
  return event instanceof CapturedEvent ? event.param(name) : event.params[name];
}

function numberParam(event: ScapEvent, name: string): number | undefined {
  const value = paramOf(event, name);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Collects inventory entries from events; `finish` turns uids into user names once the pass is over. */
export class InventoryBuilder {
  readonly processes: Array<InventoryProcess & { uid: number }> = [];
  readonly connections: Array<InventoryConnection & { uid: number }> = [];
  readonly dns: InventoryDnsQuery[] = [];
  readonly files: InventoryFile[] = [];
  /** Sockets as their connect left them (fd states are replaced, never changed, so a closed and reused
   *  fd number is a different object): tells an explicit destination from the connected peer. */
  private readonly connectedSockets = new WeakSet<FdState>();

  readonly onEvent = (event: ScapEvent): void => {
    if (event.dir !== '<') return;
    const name = event.name;
    if (name === 'execve' || name === 'execveat') this.process(event);
    else if (name === 'connect') this.connect(event);
    else if (OPEN_EVENTS.has(name)) this.open(event);
    else if (SEND_EVENTS.has(name)) this.send(event);
  };

  private process(event: ScapEvent): void {
    const thread = event.thread;
    if (numberParam(event, 'res') !== 0 || thread === undefined) return;
    const parent = event.lookupThread(thread.ptid);
    this.processes.push({
      time: isoTime(event.ts),
      pid: thread.pid,
      ppid: thread.ptid,
      name: thread.comm,
      exepath: thread.exepath,
      args: thread.args,
      cwd: thread.cwd,
      user: '',
      uid: thread.uid,
      parent: parent === undefined ? null : { pid: parent.pid, name: parent.comm, exepath: parent.exepath },
      containerId: thread.containerId,
    });
  }

  private connect(event: ScapEvent): void {
    const res = numberParam(event, 'res');
    const fd = event.fd;
    if ((res !== 0 && res !== -EINPROGRESS) || !isIpSocket(fd) || fd.client === undefined || fd.server === undefined) return;
    this.connectedSockets.add(fd);
    this.pushConnection(event, 'connect', fd.l4proto ?? 'unknown', fd.client, fd.server);
  }

  private pushConnection(event: ScapEvent, syscall: InventoryConnection['syscall'], protocol: InventoryConnection['protocol'], local: Endpoint, remote: Endpoint): void {
    const thread = event.thread;
    this.connections.push({
      time: isoTime(event.ts),
      syscall,
      pid: thread?.pid ?? event.tid,
      process: thread?.comm ?? '',
      exepath: thread?.exepath ?? '',
      user: '',
      uid: thread?.uid ?? -1,
      protocol,
      local,
      remote,
      scope: classifyAddress(remote.ip),
    });
  }

  private open(event: ScapEvent): void {
    // A successful open's fd is the new one (a failed open has none): no need to decode the parameters.
    const fd = event.fd;
    if (fd === undefined || !isFileOpenedForWriting(fd)) return;
    const flags = fd.openFlags ?? 0;
    const thread = event.thread;
    this.files.push({
      time: isoTime(event.ts),
      pid: thread?.pid ?? event.tid,
      process: thread?.comm ?? '',
      exepath: thread?.exepath ?? '',
      path: fd.name,
      flags: openFlagNames(flags),
    });
  }

  private send(event: ScapEvent): void {
    const fd = event.fd;
    const explicitPossible = EXPLICIT_DESTINATION_EVENTS.has(event.name);
    // Writes to files, pipes and unix sockets are most of the traffic: decided from the fd alone.
    if (!explicitPossible && !isIpSocket(fd)) return;
    const res = numberParam(event, 'res');
    if (res === undefined || res < 0) return;
    const tuple = explicitPossible ? paramOf(event, 'tuple') : undefined;
    const explicit = isTuple(tuple) ? tuple : undefined;
    // The remote end: the explicit destination, else the socket's peer.
    let remote: Endpoint | undefined;
    let local: Endpoint | undefined;
    if (explicit !== undefined) {
      remote = unmapEndpoint(explicit.dest);
      local = unmapEndpoint(explicit.source);
    } else if (isIpSocket(fd)) {
      remote = fd.role === 'server' ? fd.client : fd.server;
      local = fd.role === 'server' ? fd.server : fd.client;
    }
    if (remote === undefined) return;
    const protocol = fd?.l4proto ?? 'unknown';
    if (explicit !== undefined && protocol !== 'tcp' && local !== undefined) {
      const toConnectedPeer = fd !== undefined && this.connectedSockets.has(fd) && fd.server?.ip === remote.ip && fd.server.port === remote.port;
      if (!toConnectedPeer) this.pushConnection(event, event.name as 'sendto' | 'sendmsg', protocol, local, remote);
    }
    if (remote.port === DNS_PORT && (protocol === 'udp' || protocol === 'tcp' || protocol === 'unknown')) {
      const data = paramOf(event, 'data');
      if (!(data instanceof Uint8Array)) return;
      const message = decodeDnsMessage(data, protocol === 'tcp');
      if (message !== undefined && !message.isQuery) return;
      const queries = message?.questions ?? [];
      const thread = event.thread;
      this.dns.push({
        time: isoTime(event.ts),
        pid: thread?.pid ?? event.tid,
        process: thread?.comm ?? '',
        server: remote,
        protocol: protocol === 'tcp' ? 'tcp' : 'udp',
        names: queries.map((question) => question.name),
        queries,
      });
    }
  }

  finish(summary: CaptureSummary): Inventory {
    const userNames = new Map<number, string>(summary.users.map((user: UserInfo) => [user.uid, user.name]));
    const userOf = (uid: number): string => (uid < 0 ? '' : (userNames.get(uid) ?? String(uid)));
    return {
      capture: {
        path: summary.path,
        events: summary.events,
        firstEventTime: timeOrNull(summary.firstEventTs),
        lastEventTime: timeOrNull(summary.lastEventTs),
        truncated: summary.truncated ?? null,
        damage: inventoryDamage(summary.damage),
      },
      processes: this.processes.map(({ uid, ...entry }) => ({ ...entry, user: userOf(uid) })),
      connections: this.connections.map(({ uid, ...entry }) => ({ ...entry, user: userOf(uid) })),
      dns: this.dns,
      files: this.files,
      containers: summary.containers.map((container) => ({ id: container.id, name: container.name, image: container.image })),
    };
  }
}

function timeOrNull(ns: bigint | undefined): string | null {
  return ns === undefined ? null : isoTime(ns);
}

function inventoryDamage(damage: CaptureDamage | undefined): InventoryDamage | null {
  if (damage === undefined) return null;
  return {
    regionCount: damage.regionCount,
    bytesSkipped: damage.bytesSkipped,
    stoppedAt: damage.stoppedAt ?? null,
    regions: damage.regions.map((region) => ({
      offset: region.offset,
      bytesSkipped: region.bytesSkipped,
      resumedAt: region.resumedAt ?? null,
      problem: region.problem,
      eventsBefore: region.eventsBefore,
      lastEventTimeBefore: timeOrNull(region.lastEventTsBefore),
      firstEventTimeAfter: timeOrNull(region.firstEventTsAfter),
    })),
  };
}

/** Reads a capture once and returns its inventory. Throws ScapFormatError when it is not a capture. */
export async function buildInventory(path: string): Promise<Inventory> {
  const builder = new InventoryBuilder();
  // The builder copies what it keeps out of each event during the callback.
  const summary = await readCaptureDetailed(path, builder.onEvent, {
    eventNames: INVENTORY_EVENT_NAMES,
    direction: '<',
    transientEvents: true,
    deliverOnlyIf: INVENTORY_DELIVERY_CONDITIONS,
  });
  return builder.finish(summary);
}

