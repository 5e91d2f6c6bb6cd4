// The VirusTotal stage of the enrichment (src/enrich/enrich.ts `Enrichers.virustotal`): the report's
// indicators (indicators.ts) are answered from the verdict store when a fresh verdict is there, else
// asked of the API (api.ts), each once, within the per-minute rate (rate-limit.ts), the daily limit
// and the per-run cap (vt-max-lookups); this run's verdicts go back to the store.
//
// Quota: a 429 is retried after 15, 30 and 60 s; if it persists, nothing more is asked this run and
// the rest is skipped ("quota"). A refused key (401/403) stops every lookup at once, with a note naming
// VT_API_KEY: retrying cannot fix a key. Three failures in a row (VirusTotal unreachable) also stop.
//
// The store's file comes back from a cache the monitored repository's workflows can write: every
// cached verdict is validated again, its verdict recomputed from its counts with this run's threshold,
// its link rebuilt, and a time in the future (beyond a few minutes of clock skew) makes it stale.
//
// The API key is in request headers only; every note, reason and log line is also scrubbed of it.
import type { AnalyzeReport } from '../../analyze/report.ts';
import type { AnalyzeSettings } from '../../settings/analyze.ts';
import type { IndicatorKind, Reputation, VirusTotalEnrichment } from '../model.ts';
import { cachedVerdictSchema, VERDICT_MAX_AGE_MS, type CachedVerdict, type VerdictStore } from './cache.ts';
import { collectIndicators, virusTotalLink, type Indicator } from './indicators.ts';
import { lookUp, type FetchFunction, type LookupOutcome } from './api.ts';
import { RateLimiter, realClock } from './rate-limit.ts';
import { verdictOf } from './verdict.ts';
import { SKIP_REASONS } from './reasons.ts';
import { withoutSecrets } from '../../action/mask.ts';

export { SKIP_REASONS };

export interface VirusTotalEnricherOptions {
  settings: AnalyzeSettings['virustotal'];
  store: VerdictStore;
  /** Defaults to the global fetch (undici). */
  fetch?: FetchFunction;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
  /** Defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** Bound on one request, answer included (default 30 s). */
  requestTimeoutMs?: number;
}

/** Waits before the retries of a request answered 429: exponential, bounded. */
export const QUOTA_BACKOFF_MS = [15_000, 30_000, 60_000] as const;
/** Failures in a row (network, 5xx, unexpected bodies) after which VirusTotal is taken to be unreachable. */
export const MAX_CONSECUTIVE_ERRORS = 3;
/** A cached time this far in the future is still believed (runners' clocks differ a little). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;


const keyOf = (kind: IndicatorKind, indicator: string): string => `${kind}:${indicator}`;
const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;

export function virusTotalEnricher(options: VirusTotalEnricherOptions): (report: AnalyzeReport) => Promise<VirusTotalEnrichment> {
  const { settings, store } = options;
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? realClock.now;
  const sleep = options.sleep ?? realClock.sleep;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const apiKey = settings.apiKey;
  // Belt and braces: nothing we write can carry the key, even if a server echoed it back.
  const scrub = (text: string): string => withoutSecrets(text, [apiKey], '[VT_API_KEY]');
  const log = (line: string): void => options.log?.(scrub(line));

  // One limiter and one count for the whole run: with several monitored jobs, each report is enriched
  // by this same function, and the rate, the daily limit and vt-max-lookups are the run's, not a job's.
  const limiter = new RateLimiter(settings.ratePerMinute, { now, sleep });
  let runRequests = 0;
  let runLookups = 0;
  // Why lookups stopped (quota, a refused key, VirusTotal unreachable): for the rest of the run.
  let stop: string | undefined;

  return async (report) => {
    const { indicators, notSent } = collectIndicators(report);
    const notes: string[] = [];
    const skipped: VirusTotalEnrichment['skipped'] = [];
    const reputations: Reputation[] = [];
    const threshold = settings.maliciousThreshold;
    const reputation = (indicator: Indicator, stats: CachedVerdict['stats'], checkedAt: string, fromCache: boolean): Reputation => ({
      kind: indicator.kind,
      indicator: indicator.indicator,
      label: indicator.label,
      verdict: verdictOf(stats, threshold),
      stats,
      link: virusTotalLink(indicator.kind, indicator.indicator),
      checkedAt,
      fromCache,
    });

    const fresh = await loadFresh(store, now(), notes);
    const toAsk: Indicator[] = [];
    for (const indicator of indicators) {
      const cached = fresh.get(keyOf(indicator.kind, indicator.indicator));
      if (cached === undefined) toAsk.push(indicator);
      else reputations.push(reputation(indicator, cached.stats, cached.checkedAt, true));
    }
    const notSentTotal = Object.values(notSent).reduce((sum, count) => sum + count, 0);
    const asking = apiKey === undefined ? 'no API key to ask about the rest' : `asking about at most ${Math.min(toAsk.length, settings.maxLookups)}`;
    log(`VirusTotal: ${plural(indicators.length, 'indicator')} (${reputations.length} from the cache), ${notSentTotal} left out (private or local); ${asking}.`);

    let requests = 0;
    const asked: CachedVerdict[] = [];
    if (apiKey === undefined) {
      for (const indicator of toAsk) skipped.push({ kind: indicator.kind, indicator: indicator.indicator, reason: SKIP_REASONS.noKey });
      if (toAsk.length > 0) notes.push(`VT_API_KEY is not set: ${plural(toAsk.length, 'indicator was', 'indicators were')} not looked up.`);
    } else {
      const request = async (indicator: Indicator): Promise<LookupOutcome | 'daily'> => {
        for (let attempt = 0; ; attempt += 1) {
          if (runRequests >= settings.dailyLimit) return 'daily';
          await limiter.take();
          requests += 1;
          runRequests += 1;
          const outcome = await lookUp({ apiUrl: settings.apiUrl, apiKey, fetch: fetchFunction, timeoutMs }, indicator.kind, indicator.indicator);
          const wait = QUOTA_BACKOFF_MS[attempt];
          if (outcome.kind !== 'quota' || wait === undefined) return outcome;
          log(`VirusTotal: quota exceeded (${outcome.code}); retrying in ${wait / 1000} s.`);
          await sleep(wait);
        }
      };

      let errorsInARow = 0;
      for (const indicator of toAsk) {
        const skip = (reason: string): void => {
          skipped.push({ kind: indicator.kind, indicator: indicator.indicator, reason: scrub(reason) });
        };
        if (stop !== undefined) {
          skip(stop);
          continue;
        }
        if (runLookups >= settings.maxLookups) {
          skip(SKIP_REASONS.cap);
          continue;
        }
        runLookups += 1;
        const outcome = await request(indicator);
        if (outcome === 'daily') {
          stop = SKIP_REASONS.daily;
          skip(stop);
          notes.push(`The daily limit of ${settings.dailyLimit} VirusTotal requests (vt-daily-limit) was reached.`);
          continue;
        }
        const checkedAt = new Date(now()).toISOString();
        switch (outcome.kind) {
          case 'found':
          case 'not-found': {
            errorsInARow = 0;
            const stats = outcome.kind === 'found' ? outcome.stats : null;
            const result = reputation(indicator, stats, checkedAt, false);
            reputations.push(result);
            asked.push(cachedVerdictOf(result));
            break;
          }
          case 'quota':
            stop = SKIP_REASONS.quota;
            skip(stop);
            notes.push(`VirusTotal's quota was exceeded (${outcome.code}) and stayed so after ${QUOTA_BACKOFF_MS.length} retries over ${QUOTA_BACKOFF_MS.reduce((sum, ms) => sum + ms, 0) / 1000} s: no more lookups this run.`);
            break;
          case 'refused':
            stop = SKIP_REASONS.refused;
            skip(stop);
            notes.push(`VirusTotal refused the API key (${outcome.code}, HTTP ${outcome.status}): check the VT_API_KEY secret (a valid VirusTotal API key with access to the lookups). No more lookups this run.`);
            break;
          case 'error':
            errorsInARow += 1;
            skip(`error: ${outcome.message}`);
            notes.push(`The VirusTotal lookup of ${indicator.kind} ${indicator.indicator} failed: ${outcome.message}.`);
            if (errorsInARow >= MAX_CONSECUTIVE_ERRORS) {
              stop = SKIP_REASONS.unreachable;
              notes.push(`${MAX_CONSECUTIVE_ERRORS} VirusTotal lookups failed in a row: no more lookups this run.`);
            }
            break;
        }
      }
      const capped = skipped.filter((entry) => entry.reason === SKIP_REASONS.cap).length;
      if (capped > 0) notes.push(`${plural(capped, 'indicator was', 'indicators were')} not looked up: at most ${settings.maxLookups} per run (vt-max-lookups).`);
    }

    if (asked.length > 0) {
      const merged = new Map<string, CachedVerdict>();
      for (const verdict of [...fresh.values(), ...asked]) merged.set(keyOf(verdict.kind, verdict.indicator), verdict);
      try {
        const saved = await store.save([...merged.values()]);
        if (saved.note !== undefined) notes.push(saved.note);
      } catch (error) {
        notes.push(`The VirusTotal verdicts could not be saved for the next run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    // In lookup order (the most useful first), whether cached or asked.
    const rank = new Map(indicators.map((indicator, index) => [keyOf(indicator.kind, indicator.indicator), index]));
    const byRank = (entry: { kind: IndicatorKind; indicator: string }): number => rank.get(keyOf(entry.kind, entry.indicator)) ?? 0;
    const enrichment: VirusTotalEnrichment = {
      thresholds: { malicious: threshold },
      reputations: reputations.sort((a, b) => byRank(a) - byRank(b)),
      skipped,
      notSent,
      requests,
      notes: notes.map(scrub),
    };
    const flagged = reputations.filter((entry) => entry.verdict === 'malicious' || entry.verdict === 'suspicious').length;
    log(`VirusTotal: ${plural(reputations.length, 'verdict')} (${flagged} malicious or suspicious), ${skipped.length} skipped, ${plural(requests, 'request')}.`);
    for (const note of enrichment.notes) log(`VirusTotal: ${note}`);
    return enrichment;
  };
}

function cachedVerdictOf(reputation: Reputation): CachedVerdict {
  const { fromCache: _fromCache, ...verdict } = reputation;
  return verdict;
}

/** The store's verdicts that are valid and fresh at `now`, by kind and indicator (the newest of duplicates). */
async function loadFresh(store: VerdictStore, now: number, notes: string[]): Promise<Map<string, CachedVerdict>> {
  let loaded: Awaited<ReturnType<VerdictStore['load']>>;
  try {
    loaded = await store.load();
  } catch (error) {
    notes.push(`The cached VirusTotal verdicts could not be read (${error instanceof Error ? error.message : String(error)}): every indicator is asked again.`);
    return new Map();
  }
  if (loaded.note !== undefined) notes.push(loaded.note);
  const fresh = new Map<string, CachedVerdict>();
  let invalid = 0;
  for (const entry of loaded.verdicts as unknown[]) {
    const parsed = cachedVerdictSchema.safeParse(entry);
    if (!parsed.success) {
      invalid += 1;
      continue;
    }
    const checked = Date.parse(parsed.data.checkedAt);
    if (!Number.isFinite(checked) || now - checked >= VERDICT_MAX_AGE_MS || checked - now > CLOCK_SKEW_MS) continue;
    // Written back as ISO 8601 whatever Date.parse accepted: no stored text reaches the report.
    const verdict = { ...parsed.data, checkedAt: new Date(checked).toISOString() };
    const key = keyOf(verdict.kind, verdict.indicator);
    const known = fresh.get(key);
    if (known === undefined || Date.parse(known.checkedAt) < checked) fresh.set(key, verdict);
  }
  if (invalid > 0) notes.push(`${plural(invalid, 'cached VirusTotal verdict was', 'cached VirusTotal verdicts were')} not valid and ignored.`);
  return fresh;
}
