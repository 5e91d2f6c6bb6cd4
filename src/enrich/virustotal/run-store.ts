// One verdict store for a whole analyze run: the underlying store (the Actions cache, a folder) is read
// once, every report's verdicts are kept in memory for the next report of the run (an indicator is
// looked up once per run, not once per monitored job), and written back once at the end (flush): an
// Actions cache entry is immutable, so a second save in the run would be refused.
import type { CachedVerdict, VerdictStore } from './cache.ts';

export interface RunVerdictStore extends VerdictStore {
  /** Writes what the run collected to the underlying store; a note when it could not. */
  flush(): Promise<{ note?: string }>;
}

const keyOf = (verdict: CachedVerdict): string => `${verdict.kind}:${verdict.indicator}`;

export function runVerdictStore(store: VerdictStore): RunVerdictStore {
  let loaded: Promise<{ verdicts: CachedVerdict[]; note?: string }> | undefined;
  const kept = new Map<string, CachedVerdict>();
  let dirty = false;
  return {
    async load() {
      loaded ??= store.load();
      const first = await loaded;
      const merged = new Map(first.verdicts.map((verdict) => [keyOf(verdict), verdict]));
      for (const [key, verdict] of kept) merged.set(key, verdict);
      // The underlying store's note (a broken cache, a miss) is said once, with the first report.
      const note = kept.size === 0 && !dirty ? first.note : undefined;
      return note === undefined ? { verdicts: [...merged.values()] } : { verdicts: [...merged.values()], note };
    },
    async save(verdicts) {
      for (const verdict of verdicts) kept.set(keyOf(verdict), verdict);
      dirty = true;
      return {};
    },
    async flush() {
      if (!dirty) return {};
      return store.save([...kept.values()]);
    },
  };
}
