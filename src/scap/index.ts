// The capture reader's public face: what the inventory, the condition language and the CLI import.
import type { CaptureSummary, ScapEvent } from './model.ts';
import { readCaptureDetailed, type ReadOptions } from './reader.ts';

export { ScapFormatError } from './errors.ts';
export { readCaptureDetailed, type ReadOptions, type ReadDetails } from './reader.ts';
export type { CaptureDamage, CaptureSummary, ContainerInfo, DamagedRegion, Endpoint, FdState, ParamValue, ScapEvent, SocketValue, ThreadState, UserInfo } from './model.ts';

/**
 * Streams a capture (plain or gzip) and calls onEvent for every event whose evt.type is in
 * options.eventNames (every event when absent), in file order, with its thread and fd state. Events
 * not wanted are counted but not decoded; state-changing events are still applied.
 * Throws ScapFormatError for a file that is not a capture; a capture cut short sets summary.truncated,
 * a damaged one summary.damage (the reader skips the damage and reads on at the next valid block).
 */
export async function readCapture(
  path: string,
  onEvent: (event: ScapEvent) => void,
  options?: ReadOptions,
): Promise<CaptureSummary> {
  const { path: summaryPath, events, firstEventTs, lastEventTs, truncated, damage, containers, users } = await readCaptureDetailed(path, onEvent, options);
  return { path: summaryPath, events, firstEventTs, lastEventTs, truncated, damage, containers, users };
}
