// Streaming output: blocks go to a file stream (optionally through gzip) as they are produced, with
// back-pressure, so a capture of any size is written in bounded memory. writeCapture() writes a whole
// description; ScapWriter is the building block (the benchmark generator uses it for raw blocks).
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CaptureDescription } from './description.ts';
import {
  fdListBlock,
  interfaceListBlock,
  machineInfoBlock,
  processListBlock,
  sectionHeaderBlock,
  userListBlock,
  type SectionOptions,
} from './blocks.ts';
import { frameEvent, type EventRecord } from './encode.ts';
import { planCapture } from './plan.ts';

export interface ScapWriterOptions {
  /** Gzip the output (sysdig -z does; readers detect it by the magic bytes). */
  gzip?: boolean;
}

export class ScapWriter {
  private readonly sink: Writable;
  private failure: Error | undefined;
  private closed = false;
  /** Uncompressed bytes handed to the stream so far. */
  bytesWritten = 0;
  /** Event blocks written so far. */
  eventsWritten = 0;

  private constructor(
    readonly path: string,
    private readonly file: WriteStream,
    gzip: boolean,
  ) {
    const remember = (error: Error): void => {
      this.failure ??= error;
    };
    file.on('error', remember);
    if (gzip) {
      const compressor = createGzip();
      compressor.on('error', remember);
      compressor.pipe(file);
      this.sink = compressor;
    } else {
      this.sink = file;
    }
  }

  /** Opens (creates or truncates) the output file. */
  static async open(path: string, options: ScapWriterOptions = {}): Promise<ScapWriter> {
    const file = createWriteStream(path);
    try {
      // events.once rejects when the stream emits 'error' first (e.g. a missing directory).
      await once(file, 'open');
    } catch (error) {
      throw new Error(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    return new ScapWriter(path, file, options.gzip === true);
  }

  /** Writes one already-framed block, waiting when the stream asks for it. */
  async writeBlock(block: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (this.closed) throw new Error(`${this.path} is already closed`);
    this.bytesWritten += block.length;
    if (!this.sink.write(block)) {
      await this.drained();
      this.throwIfFailed();
    }
  }

  /** Resolves on 'drain', or when the file fails or closes; leaves no listener behind. */
  private drained(): Promise<void> {
    return new Promise((resolvePromise) => {
      const done = (): void => {
        this.sink.off('drain', done);
        this.file.off('close', done);
        this.file.off('error', done);
        resolvePromise();
      };
      this.sink.on('drain', done);
      this.file.on('close', done);
      this.file.on('error', done);
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw new Error(`cannot write ${this.path}: ${this.failure.message}`, { cause: this.failure });
  }

  async writeEvent(record: EventRecord, flags?: number): Promise<void> {
    await this.writeBlock(frameEvent(record, flags === undefined ? {} : { flags }));
    this.eventsWritten++;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sink.end();
    try {
      await finished(this.file);
    } catch (error) {
      this.failure ??= error as Error;
    }
    this.throwIfFailed();
  }

  /** Stops writing and removes the partial file. */
  async abort(): Promise<void> {
    this.closed = true;
    this.sink.destroy();
    this.file.destroy();
    await rm(this.path, { force: true });
  }
}

export interface WriteCaptureOptions extends ScapWriterOptions {
  /** pcapng options in the section header (current libscap skips them; sysdig 0.29.3 refuses such files). */
  sectionOptions?: SectionOptions;
  /** Write event blocks with flags (EVF blocks) carrying this value instead of plain event blocks. */
  eventFlags?: number;
  /** Names the description in validation errors. */
  source?: string;
  /** Leave out syscall enter events, as current drivers do (see PlanOptions). */
  exitOnly?: boolean;
}

export interface WriteCaptureResult {
  path: string;
  /** Event records written (the number a reader counts). */
  events: number;
  /** Uncompressed size. */
  bytes: number;
}

/** Writes a capture for a validated description; removes the partial file when anything fails. */
export async function writeCapture(description: CaptureDescription, outPath: string, options: WriteCaptureOptions = {}): Promise<WriteCaptureResult> {
  const plan = planCapture(description, options.source, { exitOnly: options.exitOnly === true });
  const writer = await ScapWriter.open(outPath, options);
  try {
    await writer.writeBlock(sectionHeaderBlock(options.sectionOptions));
    await writer.writeBlock(machineInfoBlock({ ...description.machine, bootTs: plan.startNs - 3_600_000_000_000n }));
    await writer.writeBlock(interfaceListBlock(description.interfaces));
    await writer.writeBlock(userListBlock(description.users, description.groups));
    await writer.writeBlock(processListBlock(plan.threads));
    for (const [tid, fds] of plan.fds) await writer.writeBlock(fdListBlock(tid, fds));
    for (const record of plan.events) await writer.writeEvent(record, options.eventFlags);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { path: outPath, events: writer.eventsWritten, bytes: writer.bytesWritten };
}
