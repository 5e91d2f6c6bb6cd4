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
const NO_BYTES = new Uint8Array(0);
const noThread = (): ThreadState | undefined => undefined;

export class CapturedEvent implements ScapEvent {
  private decoded: Record<string, ParamValue> | undefined = undefined;
  private time: bigint | undefined = undefined;
  num = 0;
  private tsHigh = 0;
  private tsLow = 0;
  cpu = 0;
  tid = 0;
  type = 0;
  name = '';
  dir: '>' | '<' = '<';
  thread: ThreadState | undefined = undefined;
  fd: FdState | undefined = undefined;
  parent: ThreadState | undefined = undefined;
  lookupThread: (tid: number) => ThreadState | undefined = noThread;
  private buf: Uint8Array = NO_BYTES;
  private off = 0;
  private len = 0;
  private headerSize = 0;
  private nparams = 0;
  private enterCode = -1;
  private enterBuf: Uint8Array | undefined = undefined;
  private enterOff = 0;
  private enterLen = 0;
  private enterHeaderSize = 0;
  private enterNparams = 0;

  /**
   * Makes this object the given event (a fresh object, or the reader's one reused object when the
   * consumer promised to read events only inside its callback). The time arrives as its two 32-bit
   * halves (numbers): most delivered events are looked at without their time, and a bigint per event is
   * measurable garbage. `enterCode` is -1 when the event has no paired enter event.
   */
  reset(
    num: number,
    tsHigh: number,
    tsLow: number,
    cpu: number,
    tid: number,
    type: number,
    name: string,
    dir: '>' | '<',
    thread: ThreadState | undefined,
    fd: FdState | undefined,
    parent: ThreadState | undefined,
    lookupThread: (tid: number) => ThreadState | undefined,
    buf: Uint8Array,
    off: number,
    len: number,
    headerSize: number,
    nparams: number,
    enterCode: number,
    enterBuf: Uint8Array | undefined,
    enterOff: number,
    enterLen: number,
    enterHeaderSize: number,
    enterNparams: number,
  ): this {
    this.decoded = undefined;
    this.time = undefined;
    this.num = num;
    this.tsHigh = tsHigh;
    this.tsLow = tsLow;
    this.cpu = cpu;
    this.tid = tid;
    this.type = type;
    this.name = name;
    this.dir = dir;
    this.thread = thread;
    this.fd = fd;
    this.parent = parent;
    this.lookupThread = lookupThread;
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.headerSize = headerSize;
    this.nparams = nparams;
    this.enterCode = enterCode;
    this.enterBuf = enterBuf;
    this.enterOff = enterOff;
    this.enterLen = enterLen;
    this.enterHeaderSize = enterHeaderSize;
    this.enterNparams = enterNparams;
    return this;
  }

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
