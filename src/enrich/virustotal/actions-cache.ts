// The analyze action's VerdictStore: the verdict file kept in the GitHub Actions cache with the real
// @actions/cache client, so a verdict asked today is not asked again by tomorrow morning's run.
//
// Keying. Cache entries are immutable (a second save under a key is refused), so each run saves under
// its own key, KEY_PREFIX + "<run id>-<run attempt>", and a run restores with KEY_PREFIX as the restore
// key: the service answers the newest entry whose key starts with it. Age is not in the key: a verdict
// older than VERDICT_MAX_AGE_MS is asked again because its checkedAt says so (the caller drops it on
// load, save leaves it out), whatever entry it came from. Old entries are evicted by GitHub (unused for
// 7 days, or over the repository's quota), nothing here deletes them.
//
// Version. The client hashes the list of paths (as given, not resolved) and the compression method into
// the entry's version, and only entries of the same version are restored (lib/internal/cacheUtils.js
// getCacheVersion). So `workDir` must be the same string in every run; verdictCacheDir derives it from a
// secret, which also keeps entries made by anyone without that secret out of our lookups (below).
//
// Trust. Any workflow of the repository that gets a runtime token for the same cache scope (a pull
// request's own jobs share its merge ref's scope) can save an entry under our prefix. The restored file
// is therefore read like any hostile input: a regular file only (no symlink), at most
// MAX_VERDICT_CACHE_FILE_BYTES, validated by verdictCacheFileSchema, and any failure is a note with no
// verdicts. The archive itself is unpacked by the client with `tar -P` (absolute and ../ names kept,
// lib/internal/tar.js), which this module cannot restrict: a version nobody else can compute
// (verdictCacheDir) is what keeps a planted archive from matching at all.
//
// Failures. restoreCache and saveCache swallow every error but a ValidationError and print it themselves
// as a warning or error annotation (lib/cache.js restoreCacheV2, saveCacheV2); a miss and a failed
// restore both return undefined, so both become the same note here, pointing at the client's message.
import { createHmac } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isFeatureAvailable, restoreCache, saveCache } from '@actions/cache';
import { z } from 'zod';
import {
  type CachedVerdict,
  VERDICT_CACHE_FILE,
  VERDICT_MAX_AGE_MS,
  type VerdictCacheFile,
  type VerdictStore,
  verdictCacheFileSchema,
} from './cache.ts';

/** Every entry this store saves has a key starting with this; bump the version if the file's meaning changes. */
export const VERDICT_CACHE_KEY_PREFIX = 'falco-actions-vt-v1-';

/** A restored file larger than this is refused unread (a day of verdicts is a few hundred KiB at most). */
export const MAX_VERDICT_CACHE_FILE_BYTES = 5 * 1024 * 1024;

/** A checkedAt this far in the future is refused (clock skew allowed), so a planted verdict cannot live forever. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const runNumber = z.string().regex(/^\d{1,20}$/);

export interface ActionsCacheStoreOptions {
  /** The folder that is cached, ours alone; the same string in every run (see verdictCacheDir). */
  workDir: string;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: together they make this run's key unique. */
  runId: string;
  runAttempt: string;
  now?: () => number;
  /** Progress lines for the step log (plain text; keys are JSON-quoted). */
  log?: (line: string) => void;
}

/**
 * The cached folder: under `parent` (RUNNER_TEMP in the action), named after an HMAC of `secret` (the
 * VirusTotal API key), so its path, and with it the cache version, is stable across runs yet unknown to
 * whoever does not hold the key.
 */
export function verdictCacheDir(parent: string, secret: string): string {
  const tag = createHmac('sha256', secret).update('falco-actions VirusTotal verdict cache').digest('hex').slice(0, 32);
  return join(parent, `falco-actions-vt-${tag}`);
}

const identityOf = (verdict: CachedVerdict): string => `${verdict.kind}\n${verdict.indicator}`;

/** The first line of an error's message, for a note. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}

type ReadOutcome = { verdicts: CachedVerdict[] } | { problem: string };

/** Reads the restored file without following a link, bounded in size, validated. */
async function readVerdictFile(path: string): Promise<ReadOutcome> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `it holds no ${VERDICT_CACHE_FILE}` };
    if (code === 'ELOOP') return { problem: `its ${VERDICT_CACHE_FILE} is a symbolic link` };
    return { problem: `its ${VERDICT_CACHE_FILE} cannot be opened (${code ?? reason(error)})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { problem: `its ${VERDICT_CACHE_FILE} is not a regular file` };
    if (stat.size > MAX_VERDICT_CACHE_FILE_BYTES) {
      return { problem: `its ${VERDICT_CACHE_FILE} has ${stat.size} bytes, over the ${MAX_VERDICT_CACHE_FILE_BYTES} accepted` };
    }
    // Read at most one byte over the bound: the file could grow between stat and read.
    const buffer = Buffer.alloc(MAX_VERDICT_CACHE_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_VERDICT_CACHE_FILE_BYTES) return { problem: `its ${VERDICT_CACHE_FILE} is over ${MAX_VERDICT_CACHE_FILE_BYTES} bytes` };
    let json: unknown;
    try {
      json = JSON.parse(buffer.subarray(0, bytesRead).toString('utf8'));
    } catch {
      return { problem: `its ${VERDICT_CACHE_FILE} is not JSON` };
    }
    const parsed = verdictCacheFileSchema.safeParse(json);
    // The issues quote the hostile file's content: counted, not shown.
    if (!parsed.success) return { problem: `its ${VERDICT_CACHE_FILE} does not match the expected shape (${parsed.error.issues.length} problem(s))` };
    return { verdicts: parsed.data.verdicts };
  } finally {
    await handle.close();
  }
}

export function actionsCacheStore(options: ActionsCacheStoreOptions): VerdictStore {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const file = join(options.workDir, VERDICT_CACHE_FILE);
  const ids = z.object({ runId: runNumber, runAttempt: runNumber }).safeParse(options);
  const key = ids.success ? `${VERDICT_CACHE_KEY_PREFIX}${ids.data.runId}-${ids.data.runAttempt}` : undefined;
  const noKey = 'the VirusTotal verdict cache is off: GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT must be numbers';
  const unavailable = 'the VirusTotal verdict cache is off: the Actions cache service is not available to this step (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is unset)';
  /** What load returned, merged into what save writes so a caller handing in only new verdicts loses nothing. */
  let loaded: CachedVerdict[] = [];

  const isFresh = (verdict: CachedVerdict): boolean => {
    const checkedAt = Date.parse(verdict.checkedAt);
    const age = now() - checkedAt;
    return Number.isFinite(checkedAt) && age < VERDICT_MAX_AGE_MS && age > -MAX_CLOCK_SKEW_MS;
  };

  return {
    async load() {
      if (key === undefined) return { verdicts: [], note: noKey };
      if (!isFeatureAvailable()) return { verdicts: [], note: unavailable };
      // A file left by anything before us must not pass for a restored one. Only our own name is removed:
      // workDir is the caller's, and removing it whole would be one wrong argument away from the workspace.
      await rm(file, { recursive: true, force: true });
      let matched: string | undefined;
      try {
        matched = await restoreCache([options.workDir], key, [VERDICT_CACHE_KEY_PREFIX]);
      } catch (error) {
        return { verdicts: [], note: `the VirusTotal verdict cache was not restored: ${reason(error)}` };
      }
      if (matched === undefined) {
        return {
          verdicts: [],
          note: 'no VirusTotal verdicts cached by an earlier run were restored (none saved yet, evicted, or the cache service failed: see the cache message above); every indicator is looked up',
        };
      }
      const outcome = await readVerdictFile(file);
      if ('problem' in outcome) {
        log(`verdict cache entry ${JSON.stringify(matched)} ignored: ${outcome.problem}`);
        return { verdicts: [], note: `the VirusTotal verdict cache restored from an earlier run was ignored: ${outcome.problem}` };
      }
      loaded = outcome.verdicts;
      log(`restored ${loaded.length} VirusTotal verdict(s) from cache entry ${JSON.stringify(matched)}`);
      return { verdicts: loaded };
    },

    async save(verdicts) {
      if (key === undefined) return { note: noKey };
      if (!isFeatureAvailable()) return { note: unavailable };
      const merged = new Map<string, CachedVerdict>();
      for (const verdict of [...loaded, ...verdicts]) {
        if (!isFresh(verdict)) continue;
        const known = merged.get(identityOf(verdict));
        if (known === undefined || Date.parse(known.checkedAt) <= Date.parse(verdict.checkedAt)) merged.set(identityOf(verdict), verdict);
      }
      if (merged.size === 0) {
        log('no fresh VirusTotal verdicts to cache');
        return {};
      }
      const content: VerdictCacheFile = { schema: 1, verdicts: [...merged.values()] };
      try {
        await mkdir(options.workDir, { recursive: true });
        await rm(file, { recursive: true, force: true });
        await writeFile(file, `${JSON.stringify(content)}\n`, { mode: 0o600 });
      } catch (error) {
        return { note: `the VirusTotal verdict cache was not saved: ${VERDICT_CACHE_FILE} could not be written (${reason(error)})` };
      }
      let entryId: number;
      try {
        entryId = await saveCache([options.workDir], key);
      } catch (error) {
        return { note: `the VirusTotal verdict cache was not saved: ${reason(error)}` };
      }
      if (entryId === -1) return { note: 'the VirusTotal verdict cache was not saved (see the cache message above); the next run looks up these indicators again' };
      log(`saved ${merged.size} VirusTotal verdict(s) as cache entry ${JSON.stringify(key)}`);
      return {};
    },
  };
}
