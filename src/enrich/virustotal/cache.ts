// Verdicts kept across runs, so the daily quota goes to indicators not seen in the last day. The store
// is handed in: the analyze action keeps the file in the Actions cache (actions-cache.ts), the CLI in a
// folder of the user's. Entries older than VERDICT_MAX_AGE_MS are asked again. The file is read back
// from a cache the monitored repository's workflows can write: it is validated like any other input,
// and an unreadable one is ignored with a note, never trusted.
import { z } from 'zod';
import { reputationSchema } from '../model.ts';

/** A verdict older than a day is asked again (issue 13): reputations change. */
export const VERDICT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The file name inside the cached folder. */
export const VERDICT_CACHE_FILE = 'virustotal-verdicts.json';

export const cachedVerdictSchema = reputationSchema.omit({ fromCache: true });
export type CachedVerdict = z.infer<typeof cachedVerdictSchema>;

export const verdictCacheFileSchema = z.object({
  schema: z.literal(1),
  verdicts: z.array(cachedVerdictSchema),
});
export type VerdictCacheFile = z.infer<typeof verdictCacheFileSchema>;

export interface VerdictStore {
  /** The verdicts saved by earlier runs (possibly stale: the caller drops those older than a day), or none. */
  load(): Promise<{ verdicts: CachedVerdict[]; note?: string }>;
  /** Saves this run's verdicts merged with the still-fresh loaded ones; a failure is a note, not an error. */
  save(verdicts: readonly CachedVerdict[]): Promise<{ note?: string }>;
}
