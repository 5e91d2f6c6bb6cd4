// Progress of a long run on stderr: "job.scap: 45.2 MB of 216.0 MB (21%), 1,234,567 events, 30.1 MB/s",
// redrawn in place. Only when stderr is a terminal (a pipe or a CI log gets nothing) and only after the
// run has lasted a while (a short run stays silent). The line is cleared when the run ends.
//
// Commands that read a capture call it like this (the reader reports what it has read so far):
//   const progress = startProgress({ label: capturePath, totalBytes: (await stat(capturePath)).size });
//   ... on each buffer read: progress.update(fileBytesRead, eventsRead);
//   progress.done();
import { statSync } from 'node:fs';
import { showArgument } from './output.ts';

export interface ProgressOptions {
  /** What is being read, shown first (a file name). */
  label: string;
  /** The size of the input in bytes, when known: then the line shows "X of Y (P%)". */
  totalBytes?: number;
  /** Where the line goes; process.stderr by default. */
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Whether that is a terminal; the stream's isTTY by default. */
  isTTY?: boolean;
  /** Milliseconds on a monotonic clock; performance.now by default. */
  now?: () => number;
  /** Nothing is shown before the run has lasted this long. */
  delayMs?: number;
  /** The line is redrawn at most this often. */
  intervalMs?: number;
}

export interface Progress {
  /** BYTES of the input read and EVENTS seen so far. Cheap: call it as often as convenient. */
  update(bytes: number, events: number): void;
  /** The run is over: clears the line if one was shown. */
  done(): void;
}

export const PROGRESS_DELAY_MS = 2000;
export const PROGRESS_INTERVAL_MS = 250;

const SILENT: Progress = { update() {}, done() {} };

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The progress line (without the carriage return and erase that draw it). */
export function formatProgress(label: string, bytes: number, totalBytes: number | undefined, events: number, elapsedMs: number): string {
  const read = totalBytes !== undefined && totalBytes > 0 ? `${megabytes(bytes)} of ${megabytes(totalBytes)} (${Math.min(100, Math.floor((100 * bytes) / totalBytes))}%)` : `${megabytes(bytes)}`;
  const rate = elapsedMs > 0 ? `, ${megabytes((bytes * 1000) / elapsedMs)}/s` : '';
  return `${showArgument(label)}: ${read}, ${events.toLocaleString('en-US')} event${events === 1 ? '' : 's'}${rate}`;
}

/** Carriage return, then erase to the end of the line (ECMA-48 EL). */
const REDRAW = '\r\u001b[K';

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (!(options.isTTY ?? stream.isTTY === true)) return SILENT;
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? PROGRESS_DELAY_MS;
  const intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const started = now();
  let drawnAt: number | undefined;
  return {
    update(bytes, events) {
      const time = now();
      if (time - started < delayMs || (drawnAt !== undefined && time - drawnAt < intervalMs)) return;
      drawnAt = time;
      stream.write(REDRAW + formatProgress(options.label, bytes, options.totalBytes, events, time - started));
    },
    done() {
      if (drawnAt !== undefined) stream.write(REDRAW);
      drawnAt = undefined;
    },
  };
}

/** Progress of reading the file at `path` (its size as the total, when it can be read). */
export function fileProgress(path: string): Progress {
  let totalBytes: number | undefined;
  try {
    totalBytes = statSync(path).size;
  } catch {
    totalBytes = undefined;
  }
  return startProgress({ label: path, ...(totalBytes !== undefined ? { totalBytes } : {}) });
}
