// The hashes file stop writes next to the capture: the sha256 of every executable the capture shows
// running. It must be computed here, on the monitored runner, before the job ends: the runner is thrown
// away afterwards, and the analyze job runs on another machine whose /usr/bin/curl is not the file the
// monitored job ran (a tampered binary would hash clean there). Read with the native reader from the
// capture itself (no second sysdig pass); memory is bounded by the cap on paths, not by the events.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { readCapture } from '../scap/index.ts';
import type { ScapEvent } from '../scap/index.ts';
import { hashesFileSchema, type ExecutableHash, type HashesFile } from './metadata.ts';

export interface HashOptions {
  /** Distinct executables hashed at most; the rest are counted in `skipped`. */
  maxFiles?: number;
  /** Bytes read for hashing at most, over all files: a file that would pass it is not hashed. */
  maxBytes?: number;
}

export const DEFAULT_MAX_HASHED_FILES = 2000;
export const DEFAULT_MAX_HASHED_BYTES = 256 * 1024 * 1024;
/** The schema's bound on a path; a longer one (hostile) is not a path we could hash anyway. */
const MAX_PATH_LENGTH = 4096;
const MAX_ERROR_LENGTH = 500;

/** Exec exit events: a successful execveat shows as an execve exit after an execveat enter. */
const EXEC_EVENTS: ReadonlySet<string> = new Set(['execve', 'execveat']);

function succeeded(event: ScapEvent): boolean {
  const res = event.params['res'];
  return res === 0 || res === 0n;
}

/**
 * Distinct paths past the cap remembered (as a short digest) to count them once each; past this, each
 * exec of a path not seen before counts as one more: a job that runs millions of generated paths gets an
 * upper bound instead of costing stop its memory.
 */
const MAX_SKIPPED_TRACKED = 1_000_000;

export interface ExecutedPaths {
  /** The first maxFiles distinct executables of successful execs, in first-seen order, with their counts. */
  counts: Map<string, number>;
  /** Distinct executables beyond them (an upper bound past MAX_SKIPPED_TRACKED). */
  skipped: number;
}

/** Reads the capture's successful execs; memory is bounded by maxFiles paths and the skipped digests. */
export async function executedPaths(capturePath: string, maxFiles: number): Promise<ExecutedPaths> {
  const counts = new Map<string, number>();
  const beyond = new Set<string>();
  let overflow = 0;
  await readCapture(
    capturePath,
    (event) => {
      if (!succeeded(event)) return;
      const path = event.thread?.exepath ?? '';
      if (path === '' || !path.startsWith('/') || path.length > MAX_PATH_LENGTH) return;
      const count = counts.get(path);
      if (count !== undefined) counts.set(path, count + 1);
      else if (counts.size < maxFiles) counts.set(path, 1);
      else {
        const digest = createHash('sha1').update(path).digest('base64');
        if (beyond.has(digest)) return;
        if (beyond.size < MAX_SKIPPED_TRACKED) beyond.add(digest);
        else overflow += 1;
      }
    },
    { eventNames: EXEC_EVENTS, direction: '<', transientEvents: true },
  );
  return { counts, skipped: beyond.size + overflow };
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const text = code !== undefined ? code : error instanceof Error ? error.message : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

const READ_CHUNK = 1024 * 1024;

/**
 * Hashes one file of this machine. Never throws: a file that is gone, not a regular file, too large for
 * the remaining budget or unreadable gets sha256 null and the reason. The file is opened without
 * following a symlink (exepath is already resolved by the kernel: a link there now was put there since)
 * and without blocking, and checked on the open descriptor: the job can swap the path for a FIFO, which
 * would hang stop, between a check by name and the open.
 */
async function hashOne(path: string, executions: number, budget: { bytes: number }): Promise<ExecutableHash> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) return { path, sha256: null, error: 'not a regular file', executions };
    if (info.size > budget.bytes) return { path, sha256: null, error: `not hashed: the byte budget for hashing is spent (${info.size} bytes)`, size: info.size, executions };
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      // A file that grows while it is read must not take more than the budget.
      if (size > budget.bytes) return { path, sha256: null, error: 'not hashed: the file grew past the byte budget while it was read', executions };
      hash.update(chunk.subarray(0, bytesRead));
    }
    budget.bytes -= size;
    return { path, sha256: hash.digest('hex'), size, executions };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // O_NOFOLLOW on a symlink fails with ELOOP.
    return { path, sha256: null, error: code === 'ELOOP' ? 'not a regular file (a symbolic link)' : errorText(error), executions };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Reads the capture's executables and hashes them on this machine. */
export async function hashExecutables(capturePath: string, options: HashOptions = {}): Promise<HashesFile> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_HASHED_FILES;
  const budget = { bytes: options.maxBytes ?? DEFAULT_MAX_HASHED_BYTES };
  const { counts, skipped } = await executedPaths(capturePath, maxFiles);
  const executables: ExecutableHash[] = [];
  for (const [path, executions] of counts) executables.push(await hashOne(path, executions, budget));
  return hashesFileSchema.parse({ schema: 1, algorithm: 'sha256', executables, skipped });
}
