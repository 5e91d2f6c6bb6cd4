// "Chisels" computed by us in the analyze pass, after sysdig's topconns and topprocs_net (bytes of
// successful reads and writes on IP sockets, by connection and by process) plus the processes with the
// most events (sysdig's topprocs_cpu needs CPU time, which a capture does not carry; events are the
// nearest measure it does). Totals are kept per distinct connection and process incarnation, so memory
// grows with those, and only the top N are reported.
import type { Endpoint, ScapEvent } from '../scap/model.ts';
import { CapturedEvent } from '../scap/event.ts';
import { unmapEndpoint } from '../scap/endpoint.ts';
import { RECEIVE_EVENTS, SEND_EVENTS } from '../inventory/inventory.ts';
import { isInternalEvent } from '../filter/fields.ts';
import type { TreeProcess } from './process-tree.ts';
import type { topTalkersSchema } from './report.ts';
import type { z } from 'zod';

export type TopTalkers = z.infer<typeof topTalkersSchema>;

/** Entries per list, as sysdig's chisels print by default (TOP_NUMBER = 30 in topconns.lua). */
export const DEFAULT_TOP = 30;

interface ConnectionTotal {
  remote: Endpoint;
  protocol: string;
  process: string;
  bytes: number;
}

function paramOf(event: ScapEvent, name: string): unknown {
  return event instanceof CapturedEvent ? event.param(name) : event.params[name];
}

function resultOf(event: ScapEvent): number | undefined {
  const res = paramOf(event, 'res');
  if (typeof res === 'number') return res;
  if (typeof res === 'bigint') return Number(res);
  return undefined;
}

/** A sendto/recvfrom on an unconnected socket names its peer in the tuple parameter. */
function tuplePeer(event: ScapEvent, sent: boolean): Endpoint | undefined {
  const tuple = paramOf(event, 'tuple');
  if (typeof tuple !== 'object' || tuple === null || !('family' in tuple)) return undefined;
  const value = tuple as { family: string; source?: Endpoint; dest?: Endpoint };
  if (value.family !== 'ipv4' && value.family !== 'ipv6') return undefined;
  const peer = sent ? value.dest : value.source;
  return peer === undefined ? undefined : unmapEndpoint(peer);
}

export class TopTalkersBuilder {
  private readonly connections = new Map<string, ConnectionTotal>();
  private readonly processes = new Set<TreeProcess>();

  /** One event of the pass, with the process it belongs to (left out ones are never passed). */
  onEvent(event: ScapEvent, process: TreeProcess | undefined): void {
    // Internal events (procinfo, the recorder's own notifications) are not the process's doing.
    if (isInternalEvent(event)) return;
    if (process !== undefined) {
      this.processes.add(process);
      process.events++;
    }
    if (event.dir !== '<') return;
    const sent = SEND_EVENTS.has(event.name);
    if (!sent && !RECEIVE_EVENTS.has(event.name)) return;
    const fd = event.fd;
    if (fd === undefined || (fd.kind !== 'ipv4' && fd.kind !== 'ipv6')) return;
    const res = resultOf(event);
    if (res === undefined || res <= 0) return;
    const remote = (fd.role === 'server' ? fd.client : fd.server) ?? tuplePeer(event, sent);
    if (process !== undefined) process.netBytes += res;
    if (remote === undefined) return;
    const protocol = fd.l4proto ?? 'unknown';
    const name = process?.comm ?? event.thread?.comm ?? '';
    const key = `${remote.ip}\u0000${remote.port}\u0000${protocol}\u0000${name}`;
    const total = this.connections.get(key);
    if (total === undefined) this.connections.set(key, { remote: { ...remote }, protocol, process: name, bytes: res });
    else total.bytes += res;
  }

  finish(top = DEFAULT_TOP): TopTalkers {
    const processes = [...this.processes];
    return {
      connectionsByBytes: topBy([...this.connections.values()], (entry) => entry.bytes, top).map((entry) => ({
        remote: { address: entry.remote.ip, port: entry.remote.port },
        protocol: entry.protocol,
        process: entry.process,
        bytes: entry.bytes,
      })),
      processesByBytes: topBy(
        processes.filter((process) => process.netBytes > 0),
        (process) => process.netBytes,
        top,
      ).map((process) => ({ process: process.comm, pid: process.pid, bytes: process.netBytes })),
      processesByEvents: topBy(processes, (process) => process.events, top).map((process) => ({ process: process.comm, pid: process.pid, events: process.events })),
    };
  }
}

/** The `top` largest by `value`, largest first; ties keep their first-seen order. */
function topBy<T>(items: readonly T[], value: (item: T) => number, top: number): T[] {
  return items
    .map((item, index) => ({ item, index, value: value(item) }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, top)
    .map((entry) => entry.item);
}
