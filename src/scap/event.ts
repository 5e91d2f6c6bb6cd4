// The event object handed to consumers. Its parameters are decoded only when a consumer reads
// `params` (once, then kept): most consumers look at the thread and fd state and at few events' params,
// so decoding every delivered event's strings, buffers and socket tuples up front is wasted work. The
// object keeps a reference to the read chunk and the positions of the event (and of its enter event,
// whose parameters complete an old-format exit event).
import { EVENT_TABLE } from './event-table.ts';
import { EventArgs } from './event-view.ts';
import type { FdState, ParamValue, ScapEvent, ThreadState } from './model.ts';

/** Where an event's bytes are: enough to locate its parameters again. */
export interface EventLocation {
  code: number;
  buf: Uint8Array;
  off: number;
  len: number;
  headerSize: number;
  nparams: number;
}

// Decoding is synchronous and never re-entered, so one scratch view serves every event.
const scratch = new EventArgs();

export class CapturedEvent implements ScapEvent {
  private decoded: Record<string, ParamValue> | undefined;

  constructor(
    readonly num: number,
    readonly ts: bigint,
    readonly cpu: number,
    readonly tid: number,
    readonly type: number,
    readonly name: string,
    readonly dir: '>' | '<',
    readonly thread: ThreadState | undefined,
    readonly fd: FdState | undefined,
    readonly parent: ThreadState | undefined,
    readonly lookupThread: (tid: number) => ThreadState | undefined,
    private readonly exit: EventLocation,
    private readonly enter: EventLocation | undefined,
  ) {}

  get params(): Record<string, ParamValue> {
    if (this.decoded === undefined) {
      const info = EVENT_TABLE[this.exit.code]!;
      const { buf, off, len, headerSize, nparams } = this.exit;
      scratch.exit.load(info, buf, off, len, headerSize, nparams, info.largePayload ? 4 : 2);
      scratch.hasEnter = false;
      if (this.enter !== undefined) {
        const enterInfo = EVENT_TABLE[this.enter.code]!;
        const enter = this.enter;
        scratch.hasEnter = scratch.enter.load(enterInfo, enter.buf, enter.off, enter.len, enter.headerSize, enter.nparams, enterInfo.largePayload ? 4 : 2);
      }
      this.decoded = scratch.record();
    }
    return this.decoded;
  }

  /** Plain data for JSON.stringify and inspection (the getter is not an own property). */
  toJSON(): Omit<ScapEvent, 'lookupThread'> {
    const { num, ts, cpu, tid, type, name, dir, params, thread, fd, parent } = this;
    return { num, ts, cpu, tid, type, name, dir, params, thread, fd, parent };
  }
}
