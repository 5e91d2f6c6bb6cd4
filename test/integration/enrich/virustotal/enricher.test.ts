// The VirusTotal stage against a local server speaking VT API v3 (test/support/virustotal-api.ts)
// through the real global fetch, on a fake clock: what is sent (public indicators only, each once,
// within the rate), what the answers become (verdicts, unknown, skipped), the quota back-off, a refused
// key, the per-run cap and the daily limit, the verdict cache, and that the key is in no output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { virusTotalEnricher, QUOTA_BACKOFF_MS, SKIP_REASONS } from '../../../../src/enrich/virustotal/enricher.ts';
import { addressNotSentReason } from '../../../../src/enrich/virustotal/indicators.ts';
import { VERDICT_MAX_AGE_MS, type CachedVerdict, type VerdictStore } from '../../../../src/enrich/virustotal/cache.ts';
import { virusTotalEnrichmentSchema, type VirusTotalEnrichment } from '../../../../src/enrich/model.ts';
import type { AnalyzeReport } from '../../../../src/analyze/report.ts';
import type { AnalyzeSettings } from '../../../../src/settings/analyze.ts';
import { startVirusTotalApi, type VirusTotalApi } from '../../../support/virustotal-api.ts';
import { fakeClock } from '../../../unit/enrich/virustotal/fake-clock.ts';
import { HASH_A, HASH_B, vtReport } from '../../../unit/enrich/virustotal/report-builder.ts';

const API_KEY = 'VTKEY-0f1e2d3c-recognisable-4b5a69788796a5b4';

class MemoryStore implements VerdictStore {
  saves: CachedVerdict[][] = [];
  constructor(private verdicts: CachedVerdict[] = []) {}
  async load() {
    return { verdicts: this.verdicts };
  }
  async save(verdicts: readonly CachedVerdict[]) {
    this.saves.push([...verdicts]);
    this.verdicts = [...verdicts];
    return {};
  }
}

interface Run {
  enrichment: VirusTotalEnrichment;
  logs: string[];
  clock: ReturnType<typeof fakeClock>;
}

async function withApi(body: (api: VirusTotalApi, clock: ReturnType<typeof fakeClock>) => Promise<void>): Promise<void> {
  const clock = fakeClock();
  const api = await startVirusTotalApi({ apiKey: API_KEY, now: clock.now });
  try {
    await body(api, clock);
  } finally {
    await api.close();
  }
}

async function enrich(api: VirusTotalApi, clock: ReturnType<typeof fakeClock>, report: AnalyzeReport, settings: Partial<AnalyzeSettings['virustotal']> = {}, store: VerdictStore = new MemoryStore()): Promise<Run> {
  const logs: string[] = [];
  const enricher = virusTotalEnricher({
    settings: { apiKey: API_KEY, apiUrl: api.url, maliciousThreshold: 3, ratePerMinute: 1000, dailyLimit: 500, maxLookups: 100, ...settings },
    store,
    now: clock.now,
    sleep: clock.sleep,
    log: (line) => logs.push(line),
    requestTimeoutMs: 10_000,
  });
  const enrichment = virusTotalEnrichmentSchema.parse(await enricher(report));
  return { enrichment, logs, clock };
}

const sentIndicators = (api: VirusTotalApi): string[] => api.requests.map((request) => `${request.kind}:${request.indicator}`);

test('only public indicators are sent, each once, with the key in x-apikey; the rest is counted per reason', async () => {
  await withApi(async (api, clock) => {
    const privateAddresses = ['10.0.0.5', '172.20.1.1', '192.168.0.10', '127.0.0.53', '169.254.169.254', '100.64.3.4', '192.0.2.1', '198.51.100.2', '203.0.113.3', '::1', 'fe80::1', 'fd12::1', '2001:db8::5', '224.0.0.251', '0.0.0.0'];
    const report = vtReport({
      processes: [{ exepath: '/usr/bin/curl', sha256: HASH_A }, { exepath: '/usr/bin/curl', sha256: HASH_A }],
      hashes: [{ path: '/usr/bin/curl', sha256: HASH_A }],
      connections: [...['140.82.112.3', '140.82.112.3', '::ffff:140.82.112.3', '2606:4700:4700::1111'], ...privateAddresses].map((address) => ({ address })),
      dns: [{ name: 'github.com', answers: ['140.82.112.3'] }, { name: 'GITHUB.com.' }, { name: 'metadata.google.internal' }, { name: 'svc.cluster.local' }, { name: 'localhost' }, { name: 'runner' }, { name: '3.2.1.10.in-addr.arpa' }],
    });
    const { enrichment } = await enrich(api, clock, report);
    assert.deepEqual(sentIndicators(api), [`file:${HASH_A}`, 'ip:140.82.112.3', 'ip:2606:4700:4700::1111', 'domain:github.com']);
    for (const request of api.requests) {
      assert.equal(request.headers['x-apikey'], API_KEY);
      assert.equal(request.method, 'GET');
      assert.ok(!privateAddresses.includes(request.indicator ?? ''), `${request.indicator} was sent`);
      if (request.kind === 'ip') assert.equal(addressNotSentReason(request.indicator ?? ''), null, `${request.indicator} is not public`);
    }
    assert.equal(api.requests[2]?.path, '/api/v3/ip_addresses/2606:4700:4700::1111');
    assert.equal(enrichment.requests, 4);
    assert.equal(
      Object.values(enrichment.notSent).reduce((sum, count) => sum + count, 0),
      privateAddresses.length + 5,
    );
    assert.equal(enrichment.notSent['reserved or documentation address'], 4);
    assert.equal(enrichment.notSent['carrier-grade NAT address'], 1);
    assert.equal(enrichment.notSent['local name'], 3);
  });
});

test('answers become verdicts: threshold for malicious, any flag below it suspicious, 404 unknown (stats null), our links', async () => {
  await withApi(async (api, clock) => {
    api.know('ip', '45.33.32.156', { malicious: 5, suspicious: 1, harmless: 60, undetected: 4 });
    api.know('file', HASH_B, { malicious: 2, harmless: 0, undetected: 60 });
    api.know('domain', 'github.com', { harmless: 70, undetected: 20 });
    const report = vtReport({
      processes: [{ exepath: '/tmp/dropper', sha256: HASH_B }],
      connections: [{ address: '45.33.32.156' }],
      dns: [{ name: 'github.com' }, { name: 'never-seen.example.org' }, { name: 'scanme.nmap.org', answers: ['45.33.32.156'] }],
    });
    const { enrichment } = await enrich(api, clock, report);
    const byIndicator = new Map(enrichment.reputations.map((entry) => [entry.indicator, entry]));
    assert.equal(byIndicator.get('45.33.32.156')?.verdict, 'malicious');
    assert.equal(byIndicator.get('45.33.32.156')?.label, 'scanme.nmap.org');
    assert.deepEqual(byIndicator.get('45.33.32.156')?.stats, { malicious: 5, suspicious: 1, harmless: 60, undetected: 4, timeout: 0 });
    assert.equal(byIndicator.get(HASH_B)?.verdict, 'suspicious');
    assert.equal(byIndicator.get(HASH_B)?.label, '/tmp/dropper');
    assert.equal(byIndicator.get('github.com')?.verdict, 'clean');
    assert.equal(byIndicator.get('never-seen.example.org')?.verdict, 'unknown');
    assert.equal(byIndicator.get('never-seen.example.org')?.stats, null);
    assert.equal(byIndicator.get('45.33.32.156')?.link, 'https://www.virustotal.com/gui/ip-address/45.33.32.156');
    assert.equal(byIndicator.get(HASH_B)?.link, `https://www.virustotal.com/gui/file/${HASH_B}`);
    assert.ok(enrichment.reputations.every((entry) => !entry.fromCache && entry.checkedAt === new Date(clock.now()).toISOString()));
    assert.deepEqual(enrichment.skipped, []);
    assert.deepEqual(enrichment.notes, []);
  });
});

test('rate: never more than vt-rate-limit requests within any minute of the (fake) clock', async () => {
  await withApi(async (api, clock) => {
    const start = clock.now();
    const report = vtReport({ connections: Array.from({ length: 10 }, (_, index) => ({ address: `8.8.${index}.8` })) });
    const { enrichment } = await enrich(api, clock, report, { ratePerMinute: 4 });
    assert.equal(api.requests.length, 10);
    assert.equal(enrichment.reputations.length, 10);
    const times = api.requests.map((request) => request.at);
    for (let index = 4; index < times.length; index += 1) assert.ok((times[index] as number) - (times[index - 4] as number) >= 60_000, `request ${index}: ${times.join(', ')}`);
    // Ten at four a minute: the last two wait for the third minute, and no longer.
    assert.equal((times[9] as number) - start, 120_000);
  });
});

test('429: backs off 15 s, 30 s and retries the same indicator, which then succeeds', async () => {
  await withApi(async (api, clock) => {
    api.know('ip', '8.8.8.8', { harmless: 70 });
    api.answerNext('quota', 2);
    const { enrichment, logs } = await enrich(api, clock, vtReport({ connections: [{ address: '8.8.8.8' }] }));
    assert.deepEqual(sentIndicators(api), ['ip:8.8.8.8', 'ip:8.8.8.8', 'ip:8.8.8.8']);
    assert.deepEqual(clock.slept, [QUOTA_BACKOFF_MS[0], QUOTA_BACKOFF_MS[1]]);
    assert.equal(enrichment.reputations[0]?.verdict, 'clean');
    assert.equal(enrichment.requests, 3);
    assert.ok(logs.some((line) => /quota exceeded \(QuotaExceededError\); retrying in 15 s/.test(line)), logs.join('\n'));
  });
});

test('429 that persists after the retries: this indicator and the rest are skipped as "quota", nothing more is asked', async () => {
  await withApi(async (api, clock) => {
    api.answerNext('quota', QUOTA_BACKOFF_MS.length + 1);
    const report = vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }], dns: [{ name: 'github.com' }] });
    const { enrichment } = await enrich(api, clock, report);
    assert.equal(api.requests.length, QUOTA_BACKOFF_MS.length + 1);
    assert.deepEqual(clock.slept, [...QUOTA_BACKOFF_MS]);
    assert.deepEqual(enrichment.reputations, []);
    assert.deepEqual(enrichment.skipped.map((entry) => [entry.indicator, entry.reason]), [['8.8.8.8', 'quota'], ['8.8.4.4', 'quota'], ['github.com', 'quota']]);
    assert.match(enrichment.notes.join('\n'), /quota was exceeded \(QuotaExceededError\)/);
  });
});

test('401 (a wrong key) stops every lookup at once, without retry; the note names VT_API_KEY', async () => {
  await withApi(async (api, clock) => {
    const report = vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }], dns: [{ name: 'github.com' }] });
    const logs: string[] = [];
    const wrongKey = 'wrong-key-but-also-secret-7f7f7f7f';
    const enricher = virusTotalEnricher({
      settings: { apiKey: wrongKey, apiUrl: api.url, maliciousThreshold: 3, ratePerMinute: 4, dailyLimit: 500, maxLookups: 20 },
      store: new MemoryStore(),
      now: clock.now,
      sleep: clock.sleep,
      log: (line) => logs.push(line),
    });
    const enrichment = await enricher(report);
    assert.equal(api.requests.length, 1);
    assert.deepEqual(clock.slept, []);
    assert.deepEqual(enrichment.skipped.map((entry) => entry.reason), [SKIP_REASONS.refused, SKIP_REASONS.refused, SKIP_REASONS.refused]);
    assert.match(enrichment.notes.join('\n'), /refused the API key \(WrongCredentialsError, HTTP 401\): check the VT_API_KEY secret/);
    assert.ok(!JSON.stringify(enrichment).includes(wrongKey) && !logs.join('\n').includes(wrongKey));
  });
});

test('403 ForbiddenError stops too', async () => {
  await withApi(async (api, clock) => {
    api.answerNext('forbidden');
    const { enrichment } = await enrich(api, clock, vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }] }));
    assert.equal(api.requests.length, 1);
    assert.deepEqual(enrichment.skipped.map((entry) => entry.reason), [SKIP_REASONS.refused, SKIP_REASONS.refused]);
    assert.match(enrichment.notes.join('\n'), /ForbiddenError, HTTP 403/);
  });
});

test('per-run cap: vt-max-lookups indicators are asked, the rest skipped with the reason, the first in order kept', async () => {
  await withApi(async (api, clock) => {
    const report = vtReport({ processes: [{ exepath: '/usr/bin/a', sha256: HASH_A }], connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }], dns: [{ name: 'github.com' }, { name: 'npmjs.org' }] });
    const { enrichment } = await enrich(api, clock, report, { maxLookups: 2 });
    assert.deepEqual(sentIndicators(api), [`file:${HASH_A}`, 'ip:8.8.8.8']);
    assert.deepEqual(enrichment.skipped.map((entry) => [entry.indicator, entry.reason]), [['8.8.4.4', SKIP_REASONS.cap], ['github.com', SKIP_REASONS.cap], ['npmjs.org', SKIP_REASONS.cap]]);
    assert.match(enrichment.notes.join('\n'), /3 indicators were not looked up: at most 2 per run \(vt-max-lookups\)/);
  });
});

test('vt-max-lookups 0 asks nothing; the daily limit bounds the requests, retries included', async () => {
  await withApi(async (api, clock) => {
    const report = vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }, { address: '1.1.1.1' }] });
    const none = await enrich(api, clock, report, { maxLookups: 0 });
    assert.equal(api.requests.length, 0);
    assert.equal(none.enrichment.skipped.length, 3);
    api.answerNext('quota', 1);
    const daily = await enrich(api, clock, report, { dailyLimit: 2 });
    assert.equal(api.requests.length, 2);
    assert.equal(daily.enrichment.requests, 2);
    assert.deepEqual(daily.enrichment.skipped.map((entry) => entry.reason), [SKIP_REASONS.daily, SKIP_REASONS.daily]);
    assert.match(daily.enrichment.notes.join('\n'), /daily limit of 2 VirusTotal requests/);
  });
});

test('cache: a fresh verdict is reused without a request (recomputed with this threshold, link rebuilt); stale and future ones are asked again; saved = asked + fresh', async () => {
  await withApi(async (api, clock) => {
    const now = clock.now();
    const cached = (indicator: string, ageMs: number, malicious: number): CachedVerdict => ({
      kind: 'ip',
      indicator,
      label: 'stored label',
      verdict: 'clean',
      stats: { malicious, suspicious: 0, harmless: 60, undetected: 10, timeout: 0 },
      link: 'https://evil.example/phish',
      checkedAt: new Date(now - ageMs).toISOString(),
    });
    const store = new MemoryStore([
      cached('8.8.8.8', 60_000, 3),
      cached('8.8.4.4', VERDICT_MAX_AGE_MS + 1, 0),
      cached('1.1.1.1', -(24 * 3600_000), 0),
      cached('9.9.9.9', 3600_000, 0),
    ]);
    api.know('ip', '8.8.4.4', { harmless: 70 });
    const report = vtReport({ connections: [{ address: '8.8.4.4' }, { address: '1.1.1.1' }, { address: '8.8.8.8' }] });
    const { enrichment } = await enrich(api, clock, report, { maliciousThreshold: 3 }, store);
    assert.deepEqual(sentIndicators(api), ['ip:8.8.4.4', 'ip:1.1.1.1']);
    assert.deepEqual(enrichment.reputations.map((entry) => entry.indicator), ['8.8.4.4', '1.1.1.1', '8.8.8.8'], 'in lookup order, cached or not');
    const reused = enrichment.reputations.find((entry) => entry.indicator === '8.8.8.8');
    assert.deepEqual(reused, {
      kind: 'ip',
      indicator: '8.8.8.8',
      label: null,
      verdict: 'malicious',
      stats: { malicious: 3, suspicious: 0, harmless: 60, undetected: 10, timeout: 0 },
      link: 'https://www.virustotal.com/gui/ip-address/8.8.8.8',
      checkedAt: new Date(now - 60_000).toISOString(),
      fromCache: true,
    });
    assert.equal(enrichment.requests, 2);
    assert.equal(store.saves.length, 1);
    assert.deepEqual(store.saves[0]?.map((entry) => entry.indicator).sort(), ['1.1.1.1', '8.8.4.4', '8.8.8.8', '9.9.9.9']);
    assert.equal(store.saves[0]?.find((entry) => entry.indicator === '1.1.1.1')?.verdict, 'unknown');

    // The next run, within the day: everything from the cache, no request.
    const again = await enrich(api, clock, report, {}, store);
    assert.equal(api.requests.length, 2);
    assert.equal(again.enrichment.requests, 0);
    assert.ok(again.enrichment.reputations.every((entry) => entry.fromCache));
    // A day later: asked again.
    clock.advance(VERDICT_MAX_AGE_MS);
    await enrich(api, clock, report, {}, store);
    assert.equal(api.requests.length, 5);
  });
});

test('a cached entry that is not a valid verdict is ignored with a note', async () => {
  await withApi(async (api, clock) => {
    const bogus = { kind: 'ip', indicator: '8.8.8.8', verdict: 'harmless' } as unknown as CachedVerdict;
    const { enrichment } = await enrich(api, clock, vtReport({ connections: [{ address: '8.8.8.8' }] }), {}, new MemoryStore([bogus]));
    assert.equal(api.requests.length, 1);
    assert.match(enrichment.notes.join('\n'), /1 cached VirusTotal verdict was not valid and ignored/);
  });
  await withApi(async (api, clock) => {
    // Another spelling of a time Date.parse accepts comes back as ISO 8601: no stored text is shown.
    const stored: CachedVerdict = { kind: 'ip', indicator: '8.8.8.8', label: null, verdict: 'clean', stats: null, link: 'x', checkedAt: 'Sat, 05 Dec 2026 07:59:00 GMT' };
    const { enrichment } = await enrich(api, clock, vtReport({ connections: [{ address: '8.8.8.8' }] }), {}, new MemoryStore([stored]));
    assert.equal(api.requests.length, 0);
    assert.equal(enrichment.reputations[0]?.checkedAt, '2026-12-05T07:59:00.000Z');
    assert.equal(enrichment.reputations[0]?.verdict, 'unknown');
  });
});

test('an answer that is not the expected shape is an error for that indicator only; three failures in a row stop', async () => {
  await withApi(async (api, clock) => {
    api.know('domain', 'github.com', { harmless: 70 });
    api.answerNext('not-json');
    api.answerNext('wrong-shape');
    api.answerNext({ status: 404, body: '<html>Not Found</html>' });
    const report = vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }], dns: [{ name: 'npmjs.org' }, { name: 'github.com' }] });
    const { enrichment } = await enrich(api, clock, report);
    assert.equal(api.requests.length, 3, 'stopped after three failures in a row');
    assert.deepEqual(enrichment.skipped.map((entry) => entry.reason.replace(/:.*/, '')), ['error', 'error', 'error', SKIP_REASONS.unreachable]);
    assert.match(enrichment.skipped[1]?.reason ?? '', /last_analysis_stats\.malicious/);
    assert.match(enrichment.skipped[2]?.reason ?? '', /HTTP 404 \(a body that is not a VirusTotal error\)/);
    assert.match(enrichment.notes.join('\n'), /3 VirusTotal lookups failed in a row/);
  });
  await withApi(async (api, clock) => {
    api.know('domain', 'github.com', { harmless: 70 });
    api.answerNext('server-error');
    const { enrichment } = await enrich(api, clock, vtReport({ connections: [{ address: '8.8.8.8' }], dns: [{ name: 'github.com' }] }));
    assert.deepEqual(enrichment.skipped.map((entry) => entry.reason), ['error: HTTP 503 (TransientError: Transient server error. Retry might work.)']);
    assert.equal(enrichment.reputations[0]?.verdict, 'clean');
  });
});

test('the API key is in no byte of the enrichment, the logs or the saved verdicts, even when the server echoes it', async () => {
  await withApi(async (api, clock) => {
    api.know('ip', '1.1.1.1', { malicious: 9 });
    api.answerNext({ status: 500, body: JSON.stringify({ error: { code: 'InternalError', message: `bad key ${'x'.repeat(185)}${API_KEY} in x-apikey` } }) });
    api.answerNext({ status: 400, body: JSON.stringify({ error: { code: `Bad${API_KEY}`, message: API_KEY } }) });
    api.answerNext('quota', 1);
    const store = new MemoryStore();
    const report = vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }, { address: '1.1.1.1' }] });
    const { enrichment, logs } = await enrich(api, clock, report, {}, store);
    assert.equal(enrichment.reputations.length, 1);
    assert.equal(enrichment.notes.length, 2);
    const everything = JSON.stringify(enrichment) + logs.join('\n') + JSON.stringify(store.saves);
    assert.ok(!everything.includes(API_KEY), everything);
    // Not even the part of it before a cut (messages are bounded at 200 characters).
    assert.ok(!everything.includes(API_KEY.slice(0, 6)), everything);
    assert.match(everything, /\[VT_API_KEY\]/);
  });
  // Unreachable: the connection is refused.
  const clock = fakeClock();
  const api = await startVirusTotalApi({ apiKey: API_KEY, now: clock.now });
  const url = api.url;
  await api.close();
  const logs: string[] = [];
  const enrichment = await virusTotalEnricher({
    settings: { apiKey: API_KEY, apiUrl: url, maliciousThreshold: 3, ratePerMinute: 4, dailyLimit: 500, maxLookups: 20 },
    store: new MemoryStore(),
    now: clock.now,
    sleep: clock.sleep,
    log: (line) => logs.push(line),
  })(vtReport({ connections: [{ address: '8.8.8.8' }, { address: '8.8.4.4' }, { address: '1.1.1.1' }, { address: '9.9.9.9' }] }));
  assert.deepEqual(enrichment.skipped.map((entry) => entry.reason.replace(/:.*/, '')), ['error', 'error', 'error', SKIP_REASONS.unreachable]);
  assert.match(enrichment.skipped[0]?.reason ?? '', /ECONNREFUSED/);
  assert.ok(!(JSON.stringify(enrichment) + logs.join('\n')).includes(API_KEY));
});

test('no API key: nothing is sent, cached verdicts still shown, the rest skipped with a note', async () => {
  await withApi(async (api, clock) => {
    const logs: string[] = [];
    const enrichment = await virusTotalEnricher({
      settings: { apiKey: undefined, apiUrl: api.url, maliciousThreshold: 3, ratePerMinute: 4, dailyLimit: 500, maxLookups: 20 },
      store: new MemoryStore(),
      now: clock.now,
      sleep: clock.sleep,
      log: (line) => logs.push(line),
    })(vtReport({ connections: [{ address: '8.8.8.8' }] }));
    assert.equal(api.requests.length, 0);
    assert.deepEqual(enrichment.skipped.map((entry) => entry.reason), [SKIP_REASONS.noKey]);
    assert.match(enrichment.notes.join('\n'), /VT_API_KEY is not set/);
  });
});
