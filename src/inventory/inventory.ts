// The inventory of what a captured job did, built in one streaming pass over the capture and aggregated
// while reading: processes by (executable, arguments, parent, user, container), connections by (remote
// address, port, protocol, process), DNS by queried name with the answers seen, written files by path.
// Memory grows with the number of distinct entries, never with the number of events: a build that runs
// the compiler 10,000 times holds one entry with a count. Entries keep the order they were first seen.
// Times are ISO 8601 UTC strings with nanoseconds ("2018-08-17T17:35:48.514632619Z"): exact, sortable
// as text, and readable.
import { decodeDnsMessage } from './dns.ts';
import { CapturedEvent } from '../scap/event.ts';
import type { CaptureDamage, CaptureSummary, Endpoint, FdState, ParamValue, ScapEvent, SocketValue, UserInfo } from '../scap/model.ts';
import { FILE_OPENING_EVENT_NAMES, isWriteOpen, openFlagNames } from '../scap/open-flags.ts';
import { EINPROGRESS } from '../scap/errno.ts';
import { unmapEndpoint } from '../scap/endpoint.ts';
import { isoTime } from '../scap/time.ts';
import { readCaptureDetailed, type ReadOptions } from '../scap/reader.ts';
import { classifyAddress, type AddressScope } from './scope.ts';

/** One distinct command: the executions with the same executable, arguments, parent, user and container. */
export interface InventoryProcess {
  exepath: string;
  /** The comm, as sysdig's proc.name (of the first execution). */
  name: string;
  args: string[];
  parent: { name: string; exepath: string } | null;
  user: string;
  containerId: string;
  /** How many times it ran, and when first and last. */
  count: number;
  firstTime: string;
  lastTime: string;
  /** The first execution's pid and working directory. */
  firstPid: number;
  cwd: string;
}

export type InventoryProtocol = 'tcp' | 'udp' | 'icmp' | 'raw' | 'unknown';

/** One distinct destination of one process: every connect and explicitly addressed datagram to it. */
export interface InventoryConnection {
  remote: Endpoint;
  protocol: InventoryProtocol;
  scope: AddressScope;
  process: string;
  exepath: string;
  /** The user of the first connection. */
  user: string;
  /** The syscalls that made the connections: connect, sendto, sendmsg. */
  syscalls: Array<'connect' | 'sendto' | 'sendmsg'>;
  count: number;
  /** Bytes written to and read from these connections' sockets (successful calls' results). */
  bytesSent: number;
  bytesReceived: number;
  firstTime: string;
  lastTime: string;
}

/** One queried name: the queries for it and the answers seen in responses. */
export interface InventoryDnsName {
  name: string;
  /** Query types asked (A, AAAA, TXT, ...). */
  types: string[];
  queries: number;
  responses: number;
  /** Distinct answers: "A 140.82.112.3", "CNAME github.map.fastly.net". */
  answers: string[];
  /** Distinct servers asked ("ip:port" / "[ip]:port") and protocols. */
  servers: string[];
  protocols: Array<'udp' | 'tcp'>;
  /** Distinct processes (comm) that asked. */
  processes: string[];
  firstTime: string;
  lastTime: string;
}

/** One path opened for writing, by whom and how. */
export interface InventoryFile {
  path: string;
  count: number;
  /** Every flag seen across the opens. */
  flags: string[];
  processes: Array<{ name: string; exepath: string }>;
  firstTime: string;
  lastTime: string;
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


/** What the Markdown report opens with: the few facts a reviewer looks for first. */
export interface InventorySummary {
  /** The workspace prefix files were judged against. */
  workspace: string;
  /** Distinct public destinations (address, port, protocol), whatever process reached them. */
  publicDestinations: Array<{ remote: Endpoint; protocol: InventoryProtocol; count: number }>;
  /** Every name queried. */
  domains: string[];
  /** Executables the job wrote, then ran. */
  newExecutables: string[];
  /** Paths written outside the workspace (pseudo-files under /dev, /proc and /sys left out). */
  writtenOutsideWorkspace: string[];
  containers: number;
}

/** Events behind the distinct entries. */
export interface InventoryTotals {
  executions: number;
  connections: number;
  dnsQueries: number;
  dnsResponses: number;
  fileOpens: number;
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
  summary: InventorySummary;
  totals: InventoryTotals;
  processes: InventoryProcess[];
  connections: InventoryConnection[];
  dns: InventoryDnsName[];
  files: InventoryFile[];
  containers: InventoryContainer[];
}

/** The sections filters.config exceptions apply to. */
export type InventorySection = 'processes' | 'outbound_connections' | 'written_files';

export interface InventoryOptions {
  /** Files written under this prefix are inside the workspace (default: GitHub-hosted runners' work directory). */
  workspace?: string;
  /** Asked before an event is counted into a section: false leaves it out (filters.config exceptions). */
  keep?: (section: InventorySection, event: ScapEvent) => boolean;
  /** Told the file bytes and events read after each read (a progress display). */
  onProgress?: ReadOptions['onProgress'];
  /**
   * Told when an entry is first created, with its position in its section of the finished inventory
   * and the event that created it (analyze mode attributes each entry to the process behind that event).
   */
  onNewEntry?: (section: InventoryEntrySection, index: number, event: ScapEvent) => void;
}

/** The inventory's sections as `onNewEntry` names them. */
export type InventoryEntrySection = 'processes' | 'connections' | 'dns' | 'files';

/** Where GitHub-hosted runners check out repositories (GITHUB_WORKSPACE lies under it). */
export const DEFAULT_WORKSPACE = '/home/runner/work/';
const PSEUDO_FILESYSTEMS = ['/dev/', '/proc/', '/sys/'];

export const SEND_EVENTS: ReadonlySet<string> = new Set(['sendto', 'sendmsg', 'send', 'write', 'writev', 'sendmmsg', 'pwrite', 'pwritev']);
export const RECEIVE_EVENTS: ReadonlySet<string> = new Set(['recvfrom', 'recvmsg', 'recv', 'read', 'readv', 'recvmmsg', 'pread', 'preadv']);
const EXPLICIT_DESTINATION_EVENTS = new Set(['sendto', 'sendmsg']);
const EXPLICIT_SOURCE_EVENTS = new Set(['recvfrom', 'recvmsg']);
const DNS_PORT = 53;

/** The events the inventory reads; everything else is skipped after its header. */
export const INVENTORY_EVENT_NAMES: ReadonlySet<string> = new Set(['execve', 'execveat', 'connect', ...FILE_OPENING_EVENT_NAMES, ...SEND_EVENTS, ...RECEIVE_EVENTS]);

function isIpSocket(fd: FdState | undefined): fd is FdState {
  return fd !== undefined && (fd.kind === 'ipv4' || fd.kind === 'ipv6');
}

/** A regular file opened for writing: what `files` lists. */
function isFileOpenedForWriting(fd: FdState | undefined): boolean {
  return fd !== undefined && fd.kind === 'file' && fd.openFlags !== undefined && isWriteOpen(fd.openFlags);
}

/**
 * What the builder ignores anyway, left undelivered by the reader: traffic counts only on IP sockets
 * (most reads and writes go to files and pipes), opens only for writing.
 */
export const INVENTORY_DELIVERY_CONDITIONS: ReadonlyMap<string, (fd: FdState | undefined) => boolean> = new Map([
  ...[...SEND_EVENTS, ...RECEIVE_EVENTS].filter((name) => !EXPLICIT_DESTINATION_EVENTS.has(name) && !EXPLICIT_SOURCE_EVENTS.has(name)).map((name) => [name, isIpSocket] as const),
  ...[...FILE_OPENING_EVENT_NAMES].map((name) => [name, isFileOpenedForWriting] as const),
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

/** "ip:port", with brackets for IPv6. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.ip.includes(':') ? `[${endpoint.ip}]:${endpoint.port}` : `${endpoint.ip}:${endpoint.port}`;
}

// Entries while reading: times as nanoseconds (formatted once, at the end), users as uids, sets for the
// distinct values an entry collects.
interface Seen {
  count: number;
  firstTs: bigint;
  lastTs: bigint;
}
type ProcessEntry = Omit<InventoryProcess, 'count' | 'firstTime' | 'lastTime' | 'user'> & Seen & { uid: number };
type ConnectionEntry = Omit<InventoryConnection, 'count' | 'firstTime' | 'lastTime' | 'user' | 'syscalls'> & Seen & { uid: number; syscalls: Set<InventoryConnection['syscalls'][number]> };
interface DnsEntry extends Seen {
  name: string;
  types: Set<string>;
  queries: number;
  responses: number;
  answers: Set<string>;
  servers: Set<string>;
  protocols: Set<'udp' | 'tcp'>;
  processes: Set<string>;
}
interface FileEntry extends Seen {
  path: string;
  flags: number;
  processes: Map<string, { name: string; exepath: string }>;
}

function touch(entry: Seen, ts: bigint): void {
  entry.count++;
  if (ts < entry.firstTs) entry.firstTs = ts;
  if (ts > entry.lastTs) entry.lastTs = ts;
}

/** Keys join their parts with a separator no path, name or argument holds (NUL ends C strings). */
const SEPARATOR = '\u0000';

/** Aggregates inventory entries from events; `finish` turns uids into user names once the pass is over. */
export class InventoryBuilder {
  private readonly processes = new Map<string, ProcessEntry>();
  private readonly connections = new Map<string, ConnectionEntry>();
  private readonly dns = new Map<string, DnsEntry>();
  private readonly files = new Map<string, FileEntry>();
  private readonly totals: InventoryTotals = { executions: 0, connections: 0, dnsQueries: 0, dnsResponses: 0, fileOpens: 0 };
  /** Sockets as their connect left them (fd states are replaced, never changed, so a closed and reused
   *  fd number is a different object): tells an explicit destination from the connected peer. */
  private readonly connectedSockets = new WeakSet<FdState>();
  /** The connection entry of each connected socket (absent when an exception left the connect out):
   *  where the socket's traffic is counted. */
  private readonly socketConnections = new WeakMap<FdState, ConnectionEntry>();
  private readonly keep: InventoryOptions['keep'];
  private readonly workspace: string;
  private readonly onNewEntry: InventoryOptions['onNewEntry'];

  constructor(options: InventoryOptions = {}) {
    this.keep = options.keep;
    this.onNewEntry = options.onNewEntry;
    this.workspace = options.workspace ?? DEFAULT_WORKSPACE;
  }

  /** Distinct values held (entries and the distinct values inside them): what memory grows with. */
  get entriesHeld(): number {
    let held = this.processes.size + this.connections.size + this.dns.size + this.files.size;
    for (const entry of this.dns.values()) held += entry.types.size + entry.answers.size + entry.servers.size + entry.protocols.size + entry.processes.size;
    for (const entry of this.files.values()) held += entry.processes.size;
    for (const entry of this.connections.values()) held += entry.syscalls.size;
    return held;
  }

  readonly onEvent = (event: ScapEvent): void => {
    if (event.dir !== '<') return;
    const name = event.name;
    if (name === 'execve' || name === 'execveat') this.process(event);
    else if (name === 'connect') this.connect(event);
    else if (FILE_OPENING_EVENT_NAMES.has(name)) this.open(event);
    else if (SEND_EVENTS.has(name)) this.send(event);
    else if (RECEIVE_EVENTS.has(name)) this.receive(event);
  };

  private process(event: ScapEvent): void {
    const thread = event.thread;
    if (numberParam(event, 'res') !== 0 || thread === undefined) return;
    if (this.keep !== undefined && !this.keep('processes', event)) return;
    this.totals.executions++;
    const parent = event.lookupThread(thread.ptid);
    const key = [thread.exepath, thread.args.join(SEPARATOR), parent?.comm ?? '', parent?.exepath ?? '', thread.uid, thread.containerId].join(SEPARATOR + SEPARATOR);
    const entry = this.processes.get(key);
    if (entry !== undefined) return touch(entry, event.ts);
    this.processes.set(key, {
      exepath: thread.exepath,
      name: thread.comm,
      args: thread.args,
      parent: parent === undefined ? null : { name: parent.comm, exepath: parent.exepath },
      uid: thread.uid,
      containerId: thread.containerId,
      firstPid: thread.pid,
      cwd: thread.cwd,
      count: 1,
      firstTs: event.ts,
      lastTs: event.ts,
    });
    this.onNewEntry?.('processes', this.processes.size - 1, event);
  }

  private connect(event: ScapEvent): void {
    const res = numberParam(event, 'res');
    const fd = event.fd;
    if ((res !== 0 && res !== -EINPROGRESS) || !isIpSocket(fd) || fd.client === undefined || fd.server === undefined) return;
    this.connectedSockets.add(fd);
    const entry = this.countConnection(event, 'connect', fd.l4proto ?? 'unknown', fd.server);
    if (entry !== undefined) this.socketConnections.set(fd, entry);
  }

  /** Counts one connection into its entry; undefined when an exception leaves it out. */
  private countConnection(event: ScapEvent, syscall: 'connect' | 'sendto' | 'sendmsg', protocol: InventoryProtocol, remote: Endpoint): ConnectionEntry | undefined {
    if (this.keep !== undefined && !this.keep('outbound_connections', event)) return undefined;
    this.totals.connections++;
    const thread = event.thread;
    const key = this.connectionKey(remote, protocol, thread?.comm ?? '', thread?.exepath ?? '');
    let entry = this.connections.get(key);
    if (entry === undefined) {
      entry = {
        remote,
        protocol,
        scope: classifyAddress(remote.ip),
        process: thread?.comm ?? '',
        exepath: thread?.exepath ?? '',
        uid: thread?.uid ?? -1,
        syscalls: new Set([syscall]),
        bytesSent: 0,
        bytesReceived: 0,
        count: 1,
        firstTs: event.ts,
        lastTs: event.ts,
      };
      this.connections.set(key, entry);
      this.onNewEntry?.('connections', this.connections.size - 1, event);
    } else {
      touch(entry, event.ts);
      entry.syscalls.add(syscall);
    }
    return entry;
  }

  private connectionKey(remote: Endpoint, protocol: string, comm: string, exepath: string): string {
    return `${remote.ip}${SEPARATOR}${remote.port}${SEPARATOR}${protocol}${SEPARATOR}${comm}${SEPARATOR}${exepath}`;
  }

  private open(event: ScapEvent): void {
    // A successful open's fd is the new one (a failed open has none): no need to decode the parameters.
    const fd = event.fd;
    if (fd === undefined || !isFileOpenedForWriting(fd)) return;
    if (this.keep !== undefined && !this.keep('written_files', event)) return;
    this.totals.fileOpens++;
    const thread = event.thread;
    const processName = thread?.comm ?? '';
    const exepath = thread?.exepath ?? '';
    let entry = this.files.get(fd.name);
    if (entry === undefined) {
      entry = { path: fd.name, flags: 0, processes: new Map(), count: 1, firstTs: event.ts, lastTs: event.ts };
      this.files.set(fd.name, entry);
      this.onNewEntry?.('files', this.files.size - 1, event);
    } else {
      touch(entry, event.ts);
    }
    entry.flags |= fd.openFlags ?? 0;
    const processKey = `${processName}${SEPARATOR}${exepath}`;
    if (!entry.processes.has(processKey)) entry.processes.set(processKey, { name: processName, exepath });
  }

  /** The remote end of a send or receive: the explicit address, else the socket's peer. */
  private remoteOf(event: ScapEvent, fd: FdState | undefined, explicitField: 'dest' | 'source' | undefined): { remote: Endpoint; explicit: boolean } | undefined {
    if (explicitField !== undefined) {
      const tuple = paramOf(event, 'tuple');
      if (isTuple(tuple)) return { remote: unmapEndpoint(tuple[explicitField]), explicit: true };
    }
    if (!isIpSocket(fd)) return undefined;
    const remote = fd.role === 'server' ? fd.client : fd.server;
    return remote === undefined ? undefined : { remote, explicit: false };
  }

  private send(event: ScapEvent): void {
    const fd = event.fd;
    const explicitPossible = EXPLICIT_DESTINATION_EVENTS.has(event.name);
    // Writes to files, pipes and unix sockets are most of the traffic: decided from the fd alone.
    if (!explicitPossible && !isIpSocket(fd)) return;
    const res = numberParam(event, 'res');
    if (res === undefined || res < 0) return;
    const target = this.remoteOf(event, fd, explicitPossible ? 'dest' : undefined);
    if (target === undefined) return;
    const { remote } = target;
    const protocol = fd?.l4proto ?? 'unknown';
    const toConnectedPeer = fd !== undefined && this.connectedSockets.has(fd) && fd.server?.ip === remote.ip && fd.server.port === remote.port;
    // A datagram to an explicit destination other than the connected peer is a connection of its own.
    const entry =
      target.explicit && protocol !== 'tcp' && !toConnectedPeer
        ? this.countConnection(event, event.name as 'sendto' | 'sendmsg', protocol, remote)
        : toConnectedPeer
          ? this.socketConnections.get(fd)
          : undefined;
    if (entry !== undefined) entry.bytesSent += res;
    if (remote.port === DNS_PORT && (protocol === 'udp' || protocol === 'tcp' || protocol === 'unknown')) this.dnsMessage(event, remote, protocol, true);
  }

  private receive(event: ScapEvent): void {
    const fd = event.fd;
    const explicitPossible = EXPLICIT_SOURCE_EVENTS.has(event.name);
    if (!explicitPossible && !isIpSocket(fd)) return;
    const res = numberParam(event, 'res');
    if (res === undefined || res <= 0) return;
    const target = this.remoteOf(event, fd, explicitPossible ? 'source' : undefined);
    if (target === undefined) return;
    const { remote } = target;
    const protocol = fd?.l4proto ?? 'unknown';
    const connected = fd === undefined ? undefined : this.socketConnections.get(fd);
    const thread = event.thread;
    const entry =
      connected !== undefined && connected.remote.ip === remote.ip && connected.remote.port === remote.port
        ? connected
        : this.connections.get(this.connectionKey(remote, protocol, thread?.comm ?? '', thread?.exepath ?? ''));
    if (entry !== undefined) entry.bytesReceived += res;
    if (remote.port === DNS_PORT && (protocol === 'udp' || protocol === 'tcp' || protocol === 'unknown')) this.dnsMessage(event, remote, protocol, false);
  }

  /** A DNS message sent to (a query) or received from (a response) a server. */
  private dnsMessage(event: ScapEvent, server: Endpoint, protocol: InventoryProtocol, sent: boolean): void {
    const data = paramOf(event, 'data');
    if (!(data instanceof Uint8Array)) return;
    const message = decodeDnsMessage(data, protocol === 'tcp');
    // What is sent must be a query (a server's reply sent back is not the job asking); what is received must be a response.
    if (message === undefined || message.isQuery !== sent) return;
    if (sent) this.totals.dnsQueries++;
    else this.totals.dnsResponses++;
    const thread = event.thread;
    for (const question of message.questions) {
      let entry = this.dns.get(question.name);
      if (entry === undefined) {
        entry = {
          name: question.name,
          types: new Set(),
          queries: 0,
          responses: 0,
          answers: new Set(),
          servers: new Set(),
          protocols: new Set(),
          processes: new Set(),
          count: 1,
          firstTs: event.ts,
          lastTs: event.ts,
        };
        this.dns.set(question.name, entry);
        this.onNewEntry?.('dns', this.dns.size - 1, event);
      } else {
        touch(entry, event.ts);
      }
      entry.types.add(question.type);
      entry.servers.add(formatEndpoint(server));
      entry.protocols.add(protocol === 'tcp' ? 'tcp' : 'udp');
      if (thread !== undefined) entry.processes.add(thread.comm);
      if (sent) entry.queries++;
      else {
        entry.responses++;
        for (const answer of message.answers) entry.answers.add(`${answer.type} ${answer.data}`);
      }
    }
  }

  finish(summary: CaptureSummary): Inventory {
    const userNames = new Map<number, string>(summary.users.map((user: UserInfo) => [user.uid, user.name]));
    const userOf = (uid: number): string => (uid < 0 ? '' : (userNames.get(uid) ?? String(uid)));
    const times = ({ count, firstTs, lastTs }: Seen) => ({ count, firstTime: isoTime(firstTs), lastTime: isoTime(lastTs) });
    const processes = [...this.processes.values()].map(({ uid, count, firstTs, lastTs, ...entry }): InventoryProcess => ({
      ...entry,
      user: userOf(uid),
      ...times({ count, firstTs, lastTs }),
    }));
    const connections = [...this.connections.values()].map(({ uid, count, firstTs, lastTs, syscalls, ...entry }): InventoryConnection => ({
      ...entry,
      user: userOf(uid),
      syscalls: [...syscalls],
      ...times({ count, firstTs, lastTs }),
    }));
    const dns = [...this.dns.values()].map(
      (entry): InventoryDnsName => ({
        name: entry.name,
        types: [...entry.types],
        queries: entry.queries,
        responses: entry.responses,
        answers: [...entry.answers],
        servers: [...entry.servers],
        protocols: [...entry.protocols],
        processes: [...entry.processes],
        firstTime: isoTime(entry.firstTs),
        lastTime: isoTime(entry.lastTs),
      }),
    );
    const files = [...this.files.values()].map(
      (entry): InventoryFile => ({ path: entry.path, flags: openFlagNames(entry.flags), processes: [...entry.processes.values()], ...times(entry) }),
    );
    const containers = summary.containers.map((container) => ({ id: container.id, name: container.name, image: container.image }));
    return {
      capture: {
        path: summary.path,
        events: summary.events,
        firstEventTime: timeOrNull(summary.firstEventTs),
        lastEventTime: timeOrNull(summary.lastEventTs),
        truncated: summary.truncated ?? null,
        damage: inventoryDamage(summary.damage),
      },
      summary: this.summarize(connections, dns, files, processes, containers.length),
      totals: { ...this.totals },
      processes,
      connections,
      dns,
      files,
      containers,
    };
  }

  private summarize(connections: InventoryConnection[], dns: InventoryDnsName[], files: InventoryFile[], processes: InventoryProcess[], containers: number): InventorySummary {
    const destinations = new Map<string, InventorySummary['publicDestinations'][number]>();
    for (const connection of connections) {
      if (connection.scope !== 'public') continue;
      const key = `${formatEndpoint(connection.remote)}/${connection.protocol}`;
      const destination = destinations.get(key);
      if (destination === undefined) destinations.set(key, { remote: connection.remote, protocol: connection.protocol, count: connection.count });
      else destination.count += connection.count;
    }
    const written = new Set(files.map((file) => file.path));
    return {
      workspace: this.workspace,
      publicDestinations: [...destinations.values()],
      domains: dns.map((entry) => entry.name),
      newExecutables: [...new Set(processes.map((process) => process.exepath).filter((exepath) => written.has(exepath)))],
      writtenOutsideWorkspace: files
        .map((file) => file.path)
        .filter((path) => !path.startsWith(this.workspace) && !PSEUDO_FILESYSTEMS.some((prefix) => path.startsWith(prefix))),
      containers,
    };
  }
}

function timeOrNull(ns: bigint | undefined): string | null {
  return ns === undefined ? null : isoTime(ns);
}

export function inventoryDamage(damage: CaptureDamage | undefined): InventoryDamage | null {
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
export async function buildInventory(path: string, options: InventoryOptions = {}): Promise<Inventory> {
  const builder = new InventoryBuilder(options);
  // The builder copies what it keeps out of each event during the callback.
  const summary = await readCaptureDetailed(path, builder.onEvent, {
    eventNames: INVENTORY_EVENT_NAMES,
    direction: '<',
    transientEvents: true,
    deliverOnlyIf: INVENTORY_DELIVERY_CONDITIONS,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return builder.finish(summary);
}
