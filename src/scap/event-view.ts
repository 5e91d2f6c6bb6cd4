// A reusable, allocation-free view of one event's parameters: where each parameter's bytes are in the
// read buffer. Lengths are validated against the event length before anything is decoded.
import type { EventInfo } from './event-table.ts';
import { PT } from './event-table.ts';
import type { ParamValue } from './model.ts';
import { decodeParam, readCString, readInt64Number, readInt32, readUint16, readUint32 } from './params.ts';

/** More parameters than any event has ever had (the table's maximum is 32). */
export const MAX_PARAMS = 64;

export class EventView {
  buf: Uint8Array = new Uint8Array(0);
  info: EventInfo | undefined = undefined;
  nparams = 0;
  readonly offsets = new Int32Array(MAX_PARAMS);
  readonly lengths = new Int32Array(MAX_PARAMS);

  /**
   * Locates the parameters of the event at `evOff` (its header is `headerSize` bytes, its total length
   * `evLen`). Returns false when the declared lengths do not fit the event.
   */
  load(info: EventInfo | undefined, buf: Uint8Array, evOff: number, evLen: number, headerSize: number, nparams: number, lenSize: number): boolean {
    this.info = info;
    this.buf = buf;
    this.nparams = 0;
    if (nparams > MAX_PARAMS) return false;
    const end = evOff + evLen;
    const lensStart = evOff + headerSize;
    let data = lensStart + nparams * lenSize;
    if (data > end) return false;
    for (let i = 0; i < nparams; i++) {
      const at = lensStart + i * lenSize;
      const length = lenSize === 2 ? readUint16(buf, at) : readUint32(buf, at);
      this.offsets[i] = data;
      this.lengths[i] = length;
      data += length;
      if (data > end) return false;
    }
    this.nparams = nparams;
    return true;
  }

  /** The index of the parameter in a slot (see paramSlot) when this event carries it, else -1. */
  indexOf(slot: number): number {
    const info = this.info;
    if (info === undefined) return -1;
    const index = info.slotIndex[slot]!;
    return index < this.nparams ? index : -1;
  }

  value(index: number): ParamValue {
    const param = this.info!.params[index]!;
    return decodeParam(param.type, this.buf, this.offsets[index]!, this.lengths[index]!);
  }
}

/** Where n parameters with u16 lengths would end in the v1 event at evOff (past `end`: they cannot). */
function v1ParamsEnd(buf: Uint8Array, lensStart: number, end: number, n: number): number {
  let at = lensStart + n * 2;
  if (at > end) return at;
  for (let i = 0; i < n; i++) at += readUint16(buf, lensStart + i * 2);
  return at;
}

/**
 * For old v1 events (no nparams in the header): the number of parameters whose u16 lengths exactly
 * fill the event, counting down from the table's count, as libscap does. -1 when none fits.
 * At most one count fits (each more parameter adds its 2-byte length and its bytes), so `hint` (the
 * count the previous event of the same type had: one driver writes them all alike) is checked first.
 */
export function deriveV1ParamCount(buf: Uint8Array, evOff: number, evLen: number, headerSize: number, tableCount: number, hint = -1): number {
  const most = Math.min(tableCount, MAX_PARAMS);
  const end = evOff + evLen;
  const lensStart = evOff + headerSize;
  if (hint >= 0 && hint <= most && v1ParamsEnd(buf, lensStart, end, hint) === end) return hint;
  for (let n = most; n >= 0; n--) {
    const at = v1ParamsEnd(buf, lensStart, end, n);
    if (at === end) return n;
    if (at < end) return -1;
  }
  return -1;
}

/**
 * The parameters of an exit event, completed by those of its enter event when the exit event (written
 * by an older driver) lacks them, as libs' event converter does. Parameters are named by slot
 * (paramSlot('fd')...): a number lookup instead of a string one on the hot path.
 */
export class EventArgs {
  readonly exit = new EventView();
  /** The event being read (the exit event, or an enter event without pair). */
  get info(): EventInfo | undefined {
    return this.exit.info;
  }

  readonly enter = new EventView();
  hasEnter = false;
  private foundView: EventView = this.exit;
  private foundIndex = -1;

  find(slot: number): boolean {
    let index = this.exit.indexOf(slot);
    if (index >= 0) {
      this.foundView = this.exit;
      this.foundIndex = index;
      return true;
    }
    if (this.hasEnter) {
      index = this.enter.indexOf(slot);
      if (index >= 0) {
        this.foundView = this.enter;
        this.foundIndex = index;
        return true;
      }
    }
    return false;
  }

  value(slot: number): ParamValue | undefined {
    return this.find(slot) ? this.foundView.value(this.foundIndex) : undefined;
  }

  /** Like find, in the paired enter event only (for names both events use, e.g. execveat's flags). */
  private findInEnter(slot: number): boolean {
    const index = this.hasEnter ? this.enter.indexOf(slot) : -1;
    if (index < 0) return false;
    this.foundView = this.enter;
    this.foundIndex = index;
    return true;
  }

  /** An integer parameter as a number (64-bit values beyond 2^53 lose precision; ids never get there). */
  num(slot: number): number | undefined {
    return this.find(slot) ? this.foundNum() : undefined;
  }

  /** num() of the paired enter event's parameter. */
  enterNum(slot: number): number | undefined {
    return this.findInEnter(slot) ? this.foundNum() : undefined;
  }

  /** str() of the paired enter event's parameter. */
  enterStr(slot: number): string | undefined {
    return this.findInEnter(slot) ? this.foundStr() : undefined;
  }

  private foundNum(): number | undefined {
    const view = this.foundView;
    const index = this.foundIndex;
    const off = view.offsets[index]!;
    const len = view.lengths[index]!;
    const type = view.info!.params[index]!.type;
    switch (type) {
      case PT.INT64:
      case PT.ERRNO:
      case PT.FD:
      case PT.PID:
      case PT.UINT64:
        return len >= 8 ? readInt64Number(view.buf, off) : undefined;
      case PT.INT32:
      case PT.FD32:
      case PT.PID32:
        return len >= 4 ? readInt32(view.buf, off) : undefined;
      default: {
        const value = view.value(index);
        if (typeof value === 'number') return value;
        if (typeof value === 'bigint') return Number(value);
        return undefined;
      }
    }
  }

  str(slot: number): string | undefined {
    return this.find(slot) ? this.foundStr() : undefined;
  }

  private foundStr(): string {
    const view = this.foundView;
    return readCString(view.buf, view.offsets[this.foundIndex]!, view.lengths[this.foundIndex]!);
  }

  bytes(slot: number): Uint8Array | undefined {
    if (!this.find(slot)) return undefined;
    const view = this.foundView;
    const off = view.offsets[this.foundIndex]!;
    return view.buf.subarray(off, off + view.lengths[this.foundIndex]!);
  }

  /** All parameters by name: the exit event's, then those of the enter event it lacks (old captures). */
  record(): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    const exit = this.exit;
    const params = exit.info?.params ?? [];
    for (let i = 0; i < exit.nparams && i < params.length; i++) {
      const name = params[i]!.name;
      if (!(name in out)) out[name] = exit.value(i);
    }
    if (this.hasEnter) {
      const enterParams = this.enter.info?.params ?? [];
      for (let i = 0; i < this.enter.nparams && i < enterParams.length; i++) {
        const name = enterParams[i]!.name;
        if (!(name in out)) out[name] = this.enter.value(i);
      }
    }
    return out;
  }
}
