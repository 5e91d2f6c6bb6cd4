// The event object handed to consumers. Its parameters are decoded only when a consumer reads
// `params` (once, then kept): most consumers look at the thread and fd state and at few events' params,
// so decoding every delivered event's strings, buffers and socket tuples up front is wasted work. The
// object keeps a reference to the read buffer and the positions of the event (and of its enter event,
// whose parameters complete an old-format exit event), as plain fields: no object per location.
import { EVENT_TABLE, findParamSlot } from './event-table.ts';
import { EventArgs } from './event-view.ts';
import type { FdState, ParamValue, ScapEvent, ThreadState } from './model.ts';

// Decoding is synchronous and never re-entered, so one scratch view serves every event.
const scratch = new EventArgs();

const TWO_32 = 4294967296n;

export class CapturedEvent implements ScapEvent {
  private decoded: Record<string, ParamValue> | undefined;
  private time: bigint | undefined;

  /**
   * The event's time arrives as its two 32-bit halves (numbers): most delivered events are looked at
   * without their time, and a bigint per event is measurable garbage. `enterCode` is -1 when the event
   * has no paired enter event.
   */
  constructor(
    readonly num: number,
    private readonly tsHigh: number,
    private readonly tsLow: number,
    readonly cpu: number,
    readonly tid: number,
    readonly type: number,
    readonly name: string,
    readonly dir: '>' | '<',
    readonly thread: ThreadState | undefined,
    readonly fd: FdState | undefined,
    readonly parent: ThreadState | undefined,
    readonly lookupThread: (tid: number) => ThreadState | undefined,
    private readonly buf: Uint8Array,
    private readonly off: number,
    private readonly len: number,
    private readonly headerSize: number,
    private readonly nparams: number,
    private readonly enterCode: number,
    private readonly enterBuf: Uint8Array | undefined,
    private readonly enterOff: number,
    private readonly enterLen: number,
    private readonly enterHeaderSize: number,
    private readonly enterNparams: number,
  ) {}

  get ts(): bigint {
    if (this.time === undefined) this.time = BigInt(this.tsHigh) * TWO_32 + BigInt(this.tsLow);
    return this.time;
  }

  private locate(): EventArgs {
    const info = EVENT_TABLE[this.type]!;
    scratch.exit.load(info, this.buf, this.off, this.len, this.headerSize, this.nparams, info.largePayload ? 4 : 2);
    scratch.hasEnter = false;
    if (this.enterCode >= 0 && this.enterBuf !== undefined) {
      const enterInfo = EVENT_TABLE[this.enterCode]!;
      scratch.hasEnter = scratch.enter.load(enterInfo, this.enterBuf, this.enterOff, this.enterLen, this.enterHeaderSize, this.enterNparams, enterInfo.largePayload ? 4 : 2);
    }
    return scratch;
  }

  get params(): Record<string, ParamValue> {
    if (this.decoded === undefined) this.decoded = this.locate().record();
    return this.decoded;
  }

  /**
   * One parameter, as `params[name]` would give it, decoded alone: for consumers that need one or two
   * parameters of an event whose others (socket tuples, buffers, strings) would be decoded for nothing.
   */
  param(name: string): ParamValue | undefined {
    if (this.decoded !== undefined) return this.decoded[name];
    const slot = findParamSlot(name);
    return slot < 0 ? undefined : this.locate().value(slot);
  }

  /** Plain data for JSON.stringify and inspection (the getters are not own properties). */
  toJSON(): Omit<ScapEvent, 'lookupThread'> {
    const { num, ts, cpu, tid, type, name, dir, params, thread, fd, parent } = this;
    return { num, ts, cpu, tid, type, name, dir, params, thread, fd, parent };
  }
}
